"""The pipeline for programs: `python -m etl.service prepare|commit …` answers in JSON.

The dashboard's upload page never imports `etl` (the read side stays read-only, see the
README's dependency rule) and never writes the database from a page process. It runs this
module in a separate process instead, so an editor's upload goes through exactly the same
`etl.pipeline.prepare` and `commit` as `python -m etl load`, and accepts and refuses exactly
the same files.

    python -m etl.service prepare --db DB [options] PATH=NAME …   # check + preview, writes nothing
    python -m etl.service commit  --db DB --loaded-by WHO [options] PATH=NAME …
    python -m etl.service rollback --db DB --loaded-by WHO [--dry-run] LOAD_ID

`PATH=NAME`: the staged file and the name the user knows it by. Options as `etl load`:
--province CODE, --period YYYY-MM, --sheet, --decimal comma|dot, --cumulative, --strict,
--replace-demo.
The answer is one JSON document on stdout (see `report`); exit 0 when the files are
accepted (prepared or loaded), 1 when refused or busy, 2 for wrong usage.
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import Counter
from pathlib import Path

import polars as pl

from core.periods import parse_period
from etl import history, load, pipeline

# An upload page shows the first problems and changes; a national file may have 200,000.
MAX_PROBLEMS = 2000
MAX_CHANGES = 5000


def _problem(p) -> dict:
    return {"file": p.file, "row": p.row, "column": p.column, "rule": p.rule, "reason_vi": p.reason_vi,
            "reason_en": p.reason_en, "severity": p.severity}


def _file(f: pipeline.FileResult, strict: bool) -> dict:
    if f.already_loaded is not None:
        state = "already_loaded"
    elif f.same_as is not None:
        state = "repeat"
    else:
        state = "refused" if f.refused(strict) else "accepted"
    preview = None
    if f.preview is not None:
        preview = {"rows": f.preview.rows, "replaced": f.preview.replaced, "changed": f.preview.changed,
                   "new_communes": sorted(f.preview.new_communes),
                   "per_indicator": [[code, f"{period:%Y-%m}", n] for code, period, n in f.preview.per_indicator]}
    loaded = f.already_loaded
    return {
        "display": f.display, "sha256": f.sha256, "layout": f.layout, "sheet": f.sheet_name, "state": state,
        "errors": len(f.errors), "warnings": len(f.warnings), "communes": len(f.communes),
        "already_loaded": None if loaded is None else {"load_id": loaded.load_id, "source": loaded.source,
                                                       "loaded_at": loaded.loaded_at.isoformat(" ", "minutes")},
        "same_as": f.same_as, "skipped": pipeline.skipped_lines(f), "preview": preview,
    }


def _rows(frame: pl.DataFrame, limit: int) -> dict:
    shown = frame.head(limit).with_columns(pl.col(pl.Date).dt.strftime("%Y-%m"))
    return {"total": frame.height, "rows": shown.to_dicts()}


def report(prepared: pipeline.Prepared) -> dict:
    """The JSON answer: files with their state and preview, problems (the first MAX_PROBLEMS,
    with a count per rule of all of them), changed values and statuses old → new."""
    problems = prepared.problems
    status_changes = [f.preview.status_changes.select(pl.lit(f.display).alias("file"), pl.all())
                      for f in prepared.pending if f.preview is not None]
    status_frame = pl.concat(status_changes) if status_changes else pl.DataFrame()
    return {
        "refused": prepared.refused,
        "files": [_file(f, prepared.options.strict) for f in prepared.files],
        "problems": [_problem(p) for p in problems[:MAX_PROBLEMS]],
        "problem_total": len(problems),
        "problem_rules": dict(Counter(p.rule for p in problems).most_common()),
        "changes": _rows(prepared.changes, MAX_CHANGES),
        "status_changes": _rows(status_frame, MAX_CHANGES) if status_frame.height else {"total": 0, "rows": []},
    }


def _options(args: argparse.Namespace) -> pipeline.Options:
    period = None
    if args.period:
        period = parse_period(args.period)
        if period is None:
            raise SystemExit(_usage(f"--period '{args.period}'"))
    return pipeline.Options(province=args.province, period=period, sheet=args.sheet or None,
                            decimal=args.decimal, cumulative=args.cumulative, strict=args.strict,
                            replace_demo=args.replace_demo)


def _files(items: list[str]) -> list[tuple[Path, str]]:
    files = []
    for item in items:
        path, _, name = item.partition("=")
        if not Path(path).is_file():
            raise SystemExit(_usage(f"no such file: {path}"))
        files.append((Path(path), name or Path(path).name))
    return files


def _usage(message: str) -> int:
    print(json.dumps({"usage_error": message}, ensure_ascii=False))
    return 2


def _busy(exc: Exception) -> dict:
    return {"busy": str(exc)}


def rollback(args: argparse.Namespace) -> tuple[dict, int]:
    """Undo one load (or, with --dry-run, say what undoing it would remove and restore)."""
    if not args.files or len(args.files) != 1 or not args.files[0].isascii() or not args.files[0].isdigit():
        raise SystemExit(_usage("rollback takes one LOAD_ID"))
    try:
        result = history.rollback(Path(args.db), int(args.files[0]), loaded_by=args.loaded_by, dry_run=args.dry_run)
    except load.Refusal as exc:
        return {"refused": True, "reason_vi": exc.reason_vi, "reason_en": exc.reason_en}, 1
    except load.LoadBusy as exc:
        return _busy(exc), 1
    return {"refused": False, "dry_run": args.dry_run, "target": result.target, "source": result.source,
            "rollback_id": None if args.dry_run else result.rollback_id, "removed": result.removed,
            "restored": result.restored, "figures": _rows(result.figures, MAX_CHANGES),
            "statuses": _rows(result.statuses, MAX_CHANGES)}, 0


def run(args: argparse.Namespace) -> tuple[dict, int]:
    """Prepare (and, for `commit`, load) the files; returns (answer, exit code)."""
    if args.command == "rollback":
        return rollback(args)
    options = _options(args)
    files = _files(args.files)
    db_path = Path(args.db)
    try:
        prepared = pipeline.prepare(files, options, db_path)
    except load.LoadBusy as exc:
        return _busy(exc), 1
    answer = report(prepared)
    if args.command == "prepare" or prepared.refused:
        return answer, 1 if prepared.refused else 0
    try:
        results = pipeline.commit(prepared, db_path, loaded_by=args.loaded_by)
    except pipeline.Refused as exc:
        answer["refused"] = True
        answer["problems"] = [_problem(p) for p in exc.problems[:MAX_PROBLEMS]]
        answer["problem_total"] = len(exc.problems)
        return answer, 1
    except load.LoadBusy as exc:
        return {**answer, **_busy(exc)}, 1
    answer["results"] = [{"source": r.source, "load_id": r.load_id, "skipped": r.skipped, "rows": r.rows,
                          "replaced": r.replaced, "changed": r.changed} for r in results]
    return answer, 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl.service", description=__doc__)
    parser.add_argument("command", choices=["prepare", "commit", "rollback"])
    parser.add_argument("files", nargs="+", metavar="PATH=NAME|LOAD_ID")
    parser.add_argument("--db", required=True)
    parser.add_argument("--loaded-by", default=None)
    parser.add_argument("--province", type=int)
    parser.add_argument("--period")
    parser.add_argument("--sheet")
    parser.add_argument("--decimal", choices=["comma", "dot"])
    parser.add_argument("--cumulative", action="store_true")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--replace-demo", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        answer, code = run(args)
    except SystemExit as stop:  # a usage error already answered
        return int(stop.code or 2)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        answer, code = {"internal_error": f"{type(exc).__name__}: {exc}"}, 1
    print(json.dumps(answer, ensure_ascii=False, default=str))
    return code


if __name__ == "__main__":
    sys.exit(main())
