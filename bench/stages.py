"""Run `python -m etl …` in this process with a timer around each stage of the load.

Usage (what bench.bench_load runs, in a fresh process):
    python -m bench.stages RESULT.json [--as-of YYYY-MM-DD] load national.parquet --db X --create

`--as-of` validates as of that day instead of today (the national data set runs to 2030), by
setting the options' `today`, the same field rebuild uses to replay a load as of its date.

The command is etl.__main__.main itself, the same code path as `python -m etl`; each stage
function below is wrapped where it is looked up (module attribute), so the wrappers see every
call. Stages a refactoring has renamed are reported as absent, not guessed. Writes JSON: the
exit code, wall time, peak RSS, and seconds per stage; the command's own printing is discarded.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import io
import json
import sys
import time

# (module, function, label, depth): depth 1 is a part of the depth-0 stage above it.
STAGES = [
    ("etl.pipeline", "_sha256", "SHA-256 of the file", 0),
    ("etl.pipeline", "loaded_files", "files already loaded (read `loads`)", 0),
    ("etl.read", "read", "read the file into a grid (etl.read)", 0),
    ("etl.read", "read_book", "read the file into grids (etl.read)", 0),
    ("etl.layouts", "extract", "recognise the layout (etl.layouts)", 0),
    ("etl.pipeline", "_figures", "numbers and periods", 0),
    ("etl.pipeline", "_communes", "match communes", 0),
    ("etl.pipeline", "_old_communes", "old communes (before July 2025)", 0),
    ("etl.pipeline", "_with_cumulative", "cumulative (lũy kế) marks", 0),
    ("etl.validate", "check", "rules on figures (etl.validate.check)", 0),
    ("etl.validate", "check_statuses", "rules on statuses", 0),
    ("etl.pipeline", "_refuse_repeated_figures", "same figure twice in one call", 0),
    ("etl.load", "commit", "write (etl.load.commit, under the lock)", 0),
    ("etl.load", "_working_copy", "copy the live database into memory", 1),
    ("etl.load", "_refresh_reference_tables", "master data and catalog", 1),
    ("etl.load", "_merge_observations", "merge the figures (log replaced ones)", 1),
    ("etl.load", "_write_file", "write the new file, sorted, and checkpoint", 1),
    ("etl.cli_load", "_print_summary", "print the summary", 0),
    ("etl.cli_load", "_print_files", "print the problems", 0),
]


def _wrap(timings: dict, key: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - started
    return timed


def _peak_mb() -> float:
    """This process's memory high-water mark (VmHWM). Not ru_maxrss: Linux carries the parent's
    peak into a child started by vfork/exec, and the bench's parent may have generated the data."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def _as_of(day: dt.date) -> None:
    """Validate as of `day`: the load options the command line builds get it as their `today`."""
    from etl import cli_load

    build = cli_load._load_options

    def with_day(args):
        options = build(args)
        if not isinstance(options, str):
            options.today = day
        return options
    cli_load._load_options = with_day


def main(argv: list[str]) -> None:
    out_path, command = argv[0], argv[1:]
    started = time.perf_counter()
    from etl.__main__ import main as etl_main  # imports are part of the command's time

    if command[:1] == ["--as-of"]:
        _as_of(dt.date.fromisoformat(command[1]))
        command = command[2:]

    timings: dict[str, float] = {}
    found = []
    for module_name, name, label, depth in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, _wrap(timings, f"{module_name}.{name}", getattr(module, name)))
            found.append((f"{module_name}.{name}", label, depth))
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = etl_main(command)
    wall = time.perf_counter() - started
    result = {
        "exit": code, "wall": wall, "peak_rss_mb": _peak_mb(),
        "stages": [(key, label, depth, timings.get(key)) for key, label, depth in found],
        "stdout_lines": len(stdout.getvalue().splitlines()), "stderr_lines": len(stderr.getvalue().splitlines()),
        "stderr_bytes": len(stderr.getvalue().encode()),
        "stderr_longest_line": max((len(line) for line in stderr.getvalue().splitlines()), default=0),
    }
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
