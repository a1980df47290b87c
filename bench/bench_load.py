"""The national load: `python -m etl load national.parquet --create` against the DuckDB floor.

Each measurement runs in a fresh process (so that peak memory is the command's own):
- floor: a bare DuckDB `CREATE TABLE observations AS SELECT * FROM read_parquet(…)` of the same file;
- writer: etl.load.commit of the file's rows alone (the frame read beforehand);
- end to end: the command line's own main() (bench.stages), with the time of each stage;
- refusal: the same file with 200,000 negative counts, refused.

Usage: .venv/bin/python -m bench.bench_load [--dir artifacts/bench] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import national
from core import config

ROOT = Path(__file__).resolve().parent.parent
E2E_REPEAT_BELOW = 60.0  # seconds: a slower end-to-end load is run once, to keep `make bench` under 15 minutes
TIMEOUT = 360  # seconds per command: a load or refusal slower than this is reported as such, not waited for

# Peak memory: VmHWM of /proc/self/status, the high-water mark of this process's own memory. (Not
# ru_maxrss: Linux carries the parent's peak into a child started by vfork/exec.)
PEAK_MB = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

FLOOR = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[2])
started = time.perf_counter()
con.execute("CREATE TABLE observations AS SELECT * FROM read_parquet(?)", [sys.argv[1]])
con.execute("CHECKPOINT")
con.close()
print(time.perf_counter() - started, PEAK_MB)
""".replace("PEAK_MB", PEAK_MB)

WRITER = """
import sys, time
from pathlib import Path
import polars as pl
from etl.load import Batch, commit
frame = pl.read_parquet(sys.argv[1])
started = time.perf_counter()
commit([Batch(source="national.parquet", sha256="0" * 64, kind="file", observations=frame)], Path(sys.argv[2]))
print(time.perf_counter() - started, PEAK_MB)
""".replace("PEAK_MB", PEAK_MB)

BAD_FILE = """
import sys, polars as pl
frame = pl.read_parquet(sys.argv[1])
counts = pl.col("indicator_code").is_in(["dossiers_received", "dossiers_online", "dossiers_on_time"])
bad = (pl.int_range(pl.len()) % 20 == 0) & counts
frame.with_columns(pl.when(bad).then(-1.0).otherwise(pl.col("value")).alias("value")).write_parquet(sys.argv[2])
print(frame.filter(bad).height)
"""


@dataclass
class Timed:
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        return max(self.rss_mb)


@dataclass
class LoadResults:
    data: national.NationalData
    floor: Timed
    writer: Timed
    e2e: Timed
    stages: list  # of the first end-to-end run: (key, label, depth, seconds)
    refusal: Timed
    refusal_printed: str
    bad_values: int
    db_path: Path  # the database the end-to-end load made (the rankings run on it)
    notes: list[str] = field(default_factory=list)


def _fresh(path: Path) -> Path:
    import shutil

    for extra in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        extra.unlink(missing_ok=True)
    for folder in (config.archive_dir(path), config.backups_dir(path)):
        shutil.rmtree(folder, ignore_errors=True)
    return path


def _script(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=TIMEOUT).stdout.split()
    return float(out[-2]), float(out[-1])


def _stages(folder: Path, *command: str) -> dict:
    out = folder / "stages.json"
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "bench.stages", str(out), *command], cwd=ROOT, check=True,
                       timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"exit": "timeout", "wall": time.perf_counter() - started, "peak_rss_mb": float("nan"),
                "stages": [], "stderr_lines": 0, "stderr_bytes": 0, "stderr_longest_line": 0}
    return json.loads(out.read_text(encoding="utf-8"))


def run(folder: Path, repeat: int) -> LoadResults:
    data = national.build(folder)
    parquet = str(data.parquet)
    floor, writer, e2e, refusal = Timed(), Timed(), Timed(), Timed()
    for _ in range(repeat):
        for timed, code in ((floor, FLOOR), (writer, WRITER)):
            seconds, rss = _script(code, parquet, str(_fresh(folder / "floor.duckdb")))
            timed.seconds.append(seconds)
            timed.rss_mb.append(rss)
    db_path = folder / "national.duckdb"
    stages, notes = None, []
    while len(e2e.seconds) < repeat:
        result = _stages(folder, "--as-of", str(data.as_of), "load", parquet, "--db", str(_fresh(db_path)),
                         "--create")
        if result["exit"] != 0:  # the rankings still need the database: the writer alone builds it
            notes.append(f"The end-to-end load did not finish (exit {result['exit']} after {result['wall']:.0f} s); "
                         f"the rankings run on a database written by etl.load.commit alone.")
            _script(WRITER, parquet, str(_fresh(db_path)))
            e2e.seconds.append(result["wall"])
            e2e.rss_mb.append(result["peak_rss_mb"])
            break
        e2e.seconds.append(result["wall"])
        e2e.rss_mb.append(result["peak_rss_mb"])
        stages = stages or result["stages"]
        if result["wall"] > E2E_REPEAT_BELOW:
            break
    if len(e2e.seconds) < repeat:
        notes.append(f"The end-to-end load ran once ({e2e.seconds[0]:.0f} s > {E2E_REPEAT_BELOW:.0f} s) to keep "
                     f"`make bench` under 15 minutes; the floor and the writer are medians of {repeat}.")
    bad = folder / "national_bad.parquet"
    bad_values = int(subprocess.run([sys.executable, "-c", BAD_FILE, parquet, str(bad)], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout.split()[-1])
    result = _stages(folder, "--as-of", str(data.as_of), "load", str(bad), "--db",
                     str(_fresh(folder / "refused.duckdb")), "--create")
    refusal.seconds.append(result["wall"])
    refusal.rss_mb.append(result["peak_rss_mb"])
    if result["exit"] != 1:
        notes.append(f"The file with {bad_values:,} errors was not refused (exit {result['exit']}).")
    printed = (f"{result['stderr_lines']} lines, {result['stderr_bytes'] / 1024:.0f} KB printed "
               f"(longest line {result['stderr_longest_line']:,} characters)")
    return LoadResults(data, floor, writer, e2e, stages or [], refusal, printed, bad_values, db_path, notes)


def markdown(r: LoadResults) -> list[str]:
    floor = r.floor.median
    lines = [
        "### The national load",
        "",
        f"`{r.data.parquet.name}`: {r.data.values:,} values (3,321 communes × {r.data.first:%Y-%m}.."
        f"{r.data.last:%Y-%m}, the demo generator's figures, validated as of {r.data.as_of}), Parquet "
        f"{r.data.parquet.stat().st_size / 1e6:.1f} MB.",
        "",
        "| what | time | × floor | peak memory (RSS) | budget |",
        "|---|---|---|---|---|",
        f"| floor: bare DuckDB `CREATE TABLE … AS SELECT * FROM read_parquet(…)` | {floor:.2f} s | 1 | "
        f"{r.floor.peak:.0f} MB | |",
        f"| the writer alone: `etl.load.commit` of the same rows (sorted file, change log, swap) | "
        f"{r.writer.median:.2f} s | {r.writer.median / floor:.1f} | {r.writer.peak:.0f} MB | near the floor |",
        f"| `python -m etl load national.parquet --create`, end to end | {r.e2e.median:.1f} s | "
        f"{r.e2e.median / floor:.0f} | {r.e2e.peak:.0f} MB | ≤ 10× floor, ≤ 1,500 MB: "
        f"{_verdict(r.e2e.median <= 10 * floor and r.e2e.peak <= 1500)} |",
        f"| the same file with {r.bad_values:,} negative counts: refused | {r.refusal.median:.1f} s | "
        f"{r.refusal.median / floor:.0f} | {r.refusal.peak:.0f} MB | ≤ 10× floor: "
        f"{_verdict(r.refusal.median <= 10 * floor)}; {r.refusal_printed} |",
        "",
        "Where the end-to-end time goes (one run; indented lines are parts of the line above):",
        "",
        "| stage | seconds |",
        "|---|---|",
    ]
    accounted = 0.0
    for _, label, depth, seconds in r.stages:
        if seconds is None:
            continue
        lines.append(f"| {'&nbsp;&nbsp;&nbsp;&nbsp;' * depth}{label} | {seconds:.2f} |")
        accounted += seconds if depth == 0 else 0.0
    first = r.e2e.seconds[0]
    lines += [f"| imports, start-up and the rest | {max(first - accounted, 0):.2f} |",
              f"| **total** | **{first:.2f}** |", ""]
    return lines + [f"- {note}" for note in r.notes] + ([""] if r.notes else [])


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(national.DEFAULT_DIR))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(markdown(run(Path(args.dir), args.repeat))))


if __name__ == "__main__":
    main()
