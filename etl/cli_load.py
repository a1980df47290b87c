"""`python -m etl load FILE…` and `python -m etl status`: argument parsing and printing.

The work is etl.pipeline's (`prepare`, then `commit`, or the dry run's preview), the same
functions the upload page calls; `status` reads through the named queries of core.queries.

Exit codes: 0 loaded (or nothing to do), 1 a file was refused and nothing was loaded,
2 wrong usage. Every problem is printed as `file:row:column: lý do / reason`, rows as the
spreadsheet numbers them; warnings load unless `--strict`. Per rule, the first rows are printed
in full and the rest counted on one line, so a national file with 200,000 wrong cells prints a
page, not 200,000 lines.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import catalog, config, db, queries
from core.fmt import exact
from core.periods import parse_period
from core.problems import Problem, clip, format_problems, row_ranges
from etl import history, load, match, pipeline, validate

SHOWN_PER_RULE = 5  # problems of one rule printed in full; the rest are counted on one line


def _usage(message: str, command: str = "load") -> int:
    print(f"python -m etl {command}: {message}", file=sys.stderr)
    return 2


def _load_options(args: argparse.Namespace) -> pipeline.Options | str:
    """The options of `load`, or the usage message of the first wrong one."""
    options = pipeline.Options(sheet=args.sheet, decimal=args.decimal, cumulative=args.cumulative,
                               strict=args.strict, aggregate_old=args.aggregate_old,
                               replace_demo=args.replace_demo)
    if args.period:
        options.period = parse_period(args.period)
        if options.period is None:
            return f"--period '{args.period}': dùng YYYY-MM / use YYYY-MM"
    if args.province:
        options.province, close = match.province_code(args.province)
        if options.province is None:
            return (f"--province '{args.province}' không có / unknown"
                    + (f" (gần nhất / closest: {', '.join(close)})" if close else ""))
    return options


def problem_lines(problems: list[Problem], shown: int = SHOWN_PER_RULE) -> list[str]:
    """Per rule (and severity), the first `shown` reasons in full (one reason on many rows as one
    line of row ranges), then one line counting the rest with their first rows."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.rule, problem.severity), []).append(problem)
    lines = []
    for (rule, _), members in groups.items():
        reasons: dict[tuple, list[Problem]] = {}
        for problem in members:
            if not isinstance(problem, validate.MoreProblems):
                reasons.setdefault((problem.column, problem.reason_vi, problem.reason_en), []).append(problem)
        items = list(reasons.values())
        for item in items[:shown]:
            lines += format_problems(item)
        rest = [p for item in items[shown:] for p in item]
        more = [p for p in members if isinstance(p, validate.MoreProblems)]
        count = len(rest) + sum(p.count for p in more)
        if not rest and len(more) == 1:  # the rules' own count, with its rows
            lines.append(more[0].line())
        elif count:
            rows = clip(row_ranges([p.row for p in rest if p.row is not None]), 80)
            where = f" (dòng / rows {rows}{' …' if more else ''})" if rows else ""
            tag = "" if members[0].severity == "error" else "[cảnh báo / warning] "
            lines.append(f"{members[0].file}: {tag}… và {exact(count, 'vi')} lỗi khác cùng loại ({rule}) / … and "
                         f"{exact(count, 'en')} more of the same kind ({rule}){where}")
    return lines


def _print_files(prepared: pipeline.Prepared) -> None:
    """Per file, in order: already loaded, a repeat, or its problems and whether it is refused."""
    strict = prepared.options.strict
    for file in prepared.files:
        if file.already_loaded is not None:
            load_id, source, at = (file.already_loaded.load_id, file.already_loaded.source,
                                   file.already_loaded.loaded_at)
            print(f"{file.display}: đã nạp trước đó (lượt {load_id}, {source}, {at}), không thay đổi gì / "
                  f"already loaded (load {load_id}, {source}, {at}); nothing changes")
            continue
        if file.same_as is not None:
            print(f"{file.display}: trùng nội dung với {file.same_as}, bỏ qua / same content as "
                  f"{file.same_as}, skipped")
            continue
        if file.error_trace:
            print(file.error_trace, end="", file=sys.stderr)
        for line in problem_lines(file.problems):
            print(line, file=sys.stderr)
        if file.refused(strict):
            why = (f"{exact(file.error_count, 'vi')} lỗi / errors" +
                   (f", {file.warning_count} cảnh báo / warnings (--strict)" if strict and file.warnings else ""))
            for line in pipeline.note_lines(file):
                print(f"{file.display}: {line}", file=sys.stderr)
            print(f"{file.display}: TỪ CHỐI / REFUSED ({why})", file=sys.stderr)


def _print_refused_by_database(problems: list[Problem]) -> None:
    for line in problem_lines(problems):
        print(line, file=sys.stderr)
    print(f"{problems[0].file}: TỪ CHỐI / REFUSED. Không nạp gì cả / Nothing was loaded.", file=sys.stderr)


def _print_summary(results: list[load.BatchResult], files: list[pipeline.FileResult], dry_run: bool) -> None:
    head = "Kiểm tra xong, chưa ghi gì (--dry-run) / Checked, nothing written (--dry-run)" if dry_run \
        else "Đã nạp / Loaded"
    print(head)
    communes: set[int] = set()
    for result, file in zip(results, files):
        if result.skipped:
            print(f"  {file.display}: đã nạp trước đó (lượt {result.load_id}), bỏ qua / already loaded "
                  f"(load {result.load_id}), skipped")
            continue
        codes = file.communes
        communes |= codes
        print(f"  {file.display} [{file.layout}]: {result.rows} dòng / rows, {len(codes)} xã / communes, "
              f"thay thế / replaced {result.replaced} ({result.changed} giá trị đổi / changed)")
        for code, period, n in result.per_indicator:
            print(f"    {code:<24} {period:%Y-%m}  {n:>6}")
        if result.summary:
            print(f"    {result.summary}")
        for line in pipeline.skipped_lines(file) + pipeline.note_lines(file):
            print(f"    {line}")
    print(f"Tổng / total: {sum(r.rows for r in results)} dòng / rows, {len(communes)} xã / communes, "
          f"thay thế / replaced {sum(r.replaced for r in results)}")


def _dry_run(prepared: pipeline.Prepared) -> list[load.BatchResult]:
    """The preview's results; Refused when the database step refuses a file."""
    pipeline.preview_load(prepared)
    if prepared.database_problems:
        raise pipeline.Refused(prepared.database_problems)
    return prepared.results


def cmd_load(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else config.database_path()
    options = _load_options(args)
    if isinstance(options, str):
        return _usage(options)
    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.is_file():
            return _usage(f"không có tệp / no such file: {path}")
    if not db_path.exists() and not args.create:
        return _usage(f"không có cơ sở dữ liệu {db_path}; hãy chạy `python -m etl demo --db {db_path}` hoặc thêm "
                      f"--create để tạo cơ sở dữ liệu mới / no database at {db_path}; run "
                      f"`python -m etl demo --db {db_path}` or pass --create to create a new one")
    prepared = pipeline.prepare(paths, options, db_path, preview=False)
    _print_files(prepared)
    if prepared.refused_files:
        print("Không nạp gì cả / Nothing was loaded.", file=sys.stderr)
        return 1
    if not prepared.pending:
        print("Không có gì mới để nạp / Nothing new to load.")
        return 0
    try:
        results = _dry_run(prepared) if args.dry_run else pipeline.commit(prepared)
    except pipeline.Refused as exc:
        _print_refused_by_database(exc.problems)
        return 1
    except load.LoadBusy as exc:
        print(str(exc), file=sys.stderr)
        return 1
    _print_summary(results, prepared.pending, args.dry_run)
    return 0


def _print_loads(con) -> None:
    print("Các lượt nạp / Loads:")
    for row in queries.loads(con).reverse().iter_rows(named=True):
        print(f"  #{row['load_id']:<4} {row['loaded_at']:%Y-%m-%d %H:%M}  {row['kind']:<4}"
              f"{' (demo)' if row['is_demo'] else ''}  {row['rows']:>9} dòng/rows  "
              f"thay thế/replaced {row['replaced_rows']:<6} {row['source']}  [{row['loaded_by']}]")
        if row.get("rolled_back_by") is not None:
            print(f"        ĐÃ HOÀN TÁC / ROLLED BACK bởi lượt / by load #{row['rolled_back_by']} "
                  f"({row['rolled_back_at']:%Y-%m-%d %H:%M})")
        if row["summary"]:
            print(f"        {row['summary'][:300]}")


def _print_kept(db_path: Path) -> None:
    """The archive and backups beside the database."""
    files, backups = history.archive_files(db_path), history.backups(db_path)
    print(f"Kho tệp đã nạp / archive: {len(files)} tệp / files in {config.archive_dir(db_path)}")
    print(f"Bản sao lưu / backups: {len(backups)} in {config.backups_dir(db_path)}"
          + (f" (mới nhất / newest {backups[-1].name})" if backups else ""))


def _missing_names(con, code: str, period, province: int | None) -> list[str]:
    if code == "r57_status":
        frame = queries.communes_without_status(con, period=period, province=province)
    else:
        frame = queries.communes_without(con, indicator=code, period=period, province=province)
    return frame["name"].to_list()


def _print_coverage(con, period, province: int | None, total: int, show_all: bool) -> None:
    """One month: per catalog indicator (and the status) how many communes report it, and who is missing."""
    counts = dict(queries.reported_counts(con, period=period, province=province).iter_rows())
    print(f"  {period:%Y-%m}:")
    absent = []
    for code in [*catalog.indicators(), "r57_status"]:
        n = counts.get(code, 0)
        if n == 0:
            absent.append(code)
            continue
        line = f"    {code:<24} {n:>5}/{total}"
        if n < total:
            names = _missing_names(con, code, period, province)
            shown = names if show_all else names[:8]
            line += f"  thiếu / missing {len(names)}: {', '.join(shown)}" + (" …" if len(shown) < len(names) else "")
        print(line)
    if absent:
        print(f"    chưa có số liệu / no data: {', '.join(absent)}")


def cmd_status(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else config.database_path()
    if not db_path.exists():
        return _usage(f"không có cơ sở dữ liệu / no database: {db_path}", "status")
    province = None
    if args.province:
        province, _ = match.province_code(args.province)
        if province is None:
            return _usage(f"--province '{args.province}' không có / unknown", "status")
    con = db.open_reader(db_path)
    try:
        _print_loads(con)
        _print_kept(db_path)
        months = queries.periods(con)[::-1]
        if args.period:
            wanted = parse_period(args.period)
            if wanted is None:
                return _usage(f"--period '{args.period}': dùng YYYY-MM / use YYYY-MM", "status")
            months = [p for p in months if p == wanted.end] or [wanted.end]
        else:
            months = months[: args.months]
        total = queries.communes(con, province=province).height
        scope = match.province_name(province) if province else "toàn quốc / national"
        print(f"Độ phủ / Coverage ({scope}, {total} xã / communes):")
        for period in sorted(months):
            _print_coverage(con, period, province, total, args.all)
    finally:
        con.close()
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("load", help="load CSV/XLSX/ODS/Parquet files of commune figures (one transaction)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    p.add_argument("--province", help="province code or name for files that give commune names only")
    p.add_argument("--period", help="the period of files without a period column or title (YYYY-MM)")
    p.add_argument("--sheet", help="sheet name (default: the visible sheet holding a table by commune)")
    p.add_argument("--decimal", choices=["comma", "dot"], help="the decimal mark where a file's form is ambiguous")
    p.add_argument("--cumulative", action="store_true",
                   help="figures are cumulative (lũy kế): subtract the earlier months already loaded")
    p.add_argument("--aggregate-old", action="store_true",
                   help="figures of old communes (before 1 July 2025): sum the counts of old communes merged "
                        "whole into one new commune; load new communes' figures of months before the reform")
    p.add_argument("--strict", action="store_true", help="refuse files with warnings too")
    p.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    p.add_argument("--create", action="store_true",
                   help="create the database if it does not exist (otherwise a missing --db is an error)")
    p.add_argument("--replace-demo", action="store_true",
                   help="the database holds demo figures: drop every demo figure, status and public figure "
                        "first (master data is kept; `rollback` of this load brings the demo back)")
    p.set_defaults(func=cmd_load)
    s = subparsers.add_parser("status", help="list past loads and coverage (communes lacking indicators)")
    s.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    s.add_argument("--province", help="limit coverage to one province (code or name)")
    s.add_argument("--period", help="one month (YYYY-MM); default: the latest months")
    s.add_argument("--months", type=int, default=3, help="how many latest months to show (default 3)")
    s.add_argument("--all", action="store_true", help="list every missing commune, not the first few")
    s.set_defaults(func=cmd_status)
