"""`python -m etl load FILE…` and `python -m etl status`: the files communes and provinces send.

    read (etl.read) → layout (etl.layouts) → numbers (etl.numbers) → periods → communes
    (etl.match) → rules (etl.validate) → one etl.load.commit for every file of the command.

Exit codes: 0 loaded (or nothing to do), 1 a file was refused and nothing was loaded,
2 wrong usage. Every problem is printed as `file:row:column: lý do / reason`, rows as the
spreadsheet numbers them; warnings load unless `--strict`.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from core import catalog, config
from core.periods import Period, parse_period
from core.problems import Problem, clip, format_problems, row_ranges
from etl import layouts, load, match, numbers, read, validate


@dataclass
class Options:
    province: int | None = None
    period: Period | None = None
    sheet: str | None = None
    decimal: str | None = None
    cumulative: bool = False
    today: dt.date | None = None


@dataclass
class FileResult:
    """One file read, matched and checked: what it would load and everything wrong with it."""
    path: Path
    display: str
    sha256: str
    layout: str = ""
    observations: pl.DataFrame | None = None  # with _row/_col/cumulative columns, for the prepare step
    r57: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[list[int], str, str]] = field(default_factory=list)  # rows left out on purpose

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _cumulative_start(period: dt.date, since: tuple[int, int | None] | None) -> dt.date:
    """The first month a cumulative figure for `period` covers: as the title says ("từ 01/7/2025",
    "từ đầu năm"), else January of that year, never before the two-level reform (July 2025)."""
    if since is not None:
        month_, year = since
        if year is None:
            year = period.year if month_ <= period.month else period.year - 1
        return dt.date(year, month_, 1)
    return max(catalog.reform_month(), dt.date(period.year, 1, 1))


def _periods(frame: pl.DataFrame, file: str, fallback: Period | None, label: str | None,
             fallback_row: int | None, option: Period | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """Add period (the month to store at), period_start, grain and period_label."""
    problems: list[Problem] = []
    schema = {"period": pl.Date, "period_start": pl.Date, "grain": pl.String, "period_label": pl.String}
    firsts = frame.group_by("period_raw", maintain_order=True).agg(pl.col("_row").min())
    table = []
    for raw, row in firsts.iter_rows():
        period = None
        if raw is not None:
            period = layouts.parse_period(raw)
            if period is None:
                problems.append(Problem(
                    file, row, label, "period_invalid",
                    f"Không hiểu kỳ '{numbers.shown(raw)}' (viết như 2025-11, 11/2025, Tháng 11/2025, Quý IV/2025)",
                    f"Cannot read the period '{numbers.shown(raw)}' (write it as 2025-11, 11/2025, "
                    f"Tháng 11/2025, Quý IV/2025)"))
            elif option is not None and period != option:
                problems.append(validate.period_option_conflict(
                    file, row, label, option.label, f"'{numbers.shown(raw)}' ({period.label})",
                    "cột kỳ báo cáo", "the period column"))
                period = None
        elif fallback is not None:
            period = fallback
        else:
            problems.append(Problem(
                file, fallback_row or row, label, "period_missing",
                "Không biết số liệu của kỳ nào: thêm cột Kỳ báo cáo/Tháng, một dòng tiêu đề như "
                "'Tháng 11/2025' hoặc --period YYYY-MM",
                "No period: add a period column, a title row such as 'Tháng 11/2025' or --period YYYY-MM"))
        table.append({"period_raw": raw, "period": period.end if period else None,
                      "period_start": period.start if period else None,
                      "grain": period.grain if period else None, "period_label": period.label if period else None})
    lookup = pl.DataFrame(table, schema={"period_raw": pl.String, **schema})
    out = frame.join(lookup, on="period_raw", how="left", nulls_equal=True)
    return out.filter(pl.col("period").is_not_null()), problems


def _numbers(values: pl.DataFrame, file: str, decimal: str | None, header_row: int
             ) -> tuple[pl.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    by_col = values.partition_by("_col", as_dict=True, maintain_order=True) if values.height else {}
    tokens = {key[0]: part["raw"].to_list() for key, part in by_col.items()}
    forms = numbers.decide_forms(tokens, decimal)
    parts = []
    for (col,), part in by_col.items():
        form = forms[col]
        if form in ("ambiguous", "conflict"):
            sample = next((t for t in part["raw"].to_list() if numbers.classify(t) in ("ambiguous", numbers.DOT,
                                                                                      numbers.COMMA)), "")
            if form == "ambiguous":
                problems.append(Problem(
                    file, header_row, col, "number_form_ambiguous",
                    f"Không xác định được cách viết số của cột: '{sample}' có thể là số nguyên (kiểu Việt Nam, dấu "
                    f"chấm phân cách hàng nghìn) hoặc số thập phân; hãy ghi rõ --decimal comma (kiểu Việt Nam) "
                    f"hoặc --decimal dot",
                    f"Cannot tell how this column writes numbers: '{sample}' may be a whole number (Vietnamese "
                    f"dot thousands) or a decimal; state it with --decimal comma (Vietnamese) or --decimal dot"))
            else:
                problems.append(Problem(
                    file, header_row, col, "number_form_conflict",
                    "Cột trộn dấu phẩy thập phân và dấu chấm thập phân; hãy sửa cho thống nhất hoặc ghi rõ "
                    "--decimal comma|dot",
                    "The column mixes decimal commas and decimal dots; make it consistent or state "
                    "--decimal comma|dot"))
            continue
        parsed, bad = numbers.parse_values(part["raw"], form)
        rows = part["_row"].to_list()
        for i, token in bad:
            problems.append(Problem(file, rows[i], col, "number_invalid",
                                    f"'{numbers.shown(token)}' không phải là số",
                                    f"'{numbers.shown(token)}' is not a number"))
        parts.append(part.with_columns(parsed.alias("value")).filter(pl.col("value").is_not_null()))
    if parts:
        return pl.concat(parts), problems
    return values.with_columns(pl.lit(None, pl.Float64).alias("value")).head(0), problems


def prepare_file(path: Path, opts: Options, display: str | None = None) -> FileResult:
    """Read, interpret and check one file. Pure: nothing is written anywhere."""
    path = Path(path)
    data = path.read_bytes()
    result = FileResult(path, display or str(path), hashlib.sha256(data).hexdigest())
    file = result.display
    try:
        sheet = read.read(path, opts.sheet, file)
        ext = layouts.extract(sheet)
    except read.ReadError as exc:
        result.problems.append(Problem(file, exc.row, None, exc.rule, exc.reason_vi, exc.reason_en))
        return result
    except layouts.LayoutError as exc:
        result.problems.extend(exc.problems)
        return result
    result.layout = ext.layout
    result.skipped = list(ext.skipped)
    problems = list(sheet.problems) + list(ext.problems)
    title = ext.title
    if opts.period is not None and title.period is not None and title.period != opts.period:
        problems.append(validate.period_option_conflict(
            file, title.period_row, None, opts.period.label, f"'{title.period_text}' ({title.period.label})",
            "tiêu đề", "the title"))
    fallback = opts.period or title.period
    fallback_row = title.period_row if opts.period is None else None
    province = opts.province or title.province
    period_label = ext.labels.get("period") or ("--period" if opts.period else None)

    values, found = _numbers(ext.values, file, opts.decimal, ext.header_row)
    problems += found
    values = values.filter(pl.col("indicator_code").is_not_null())
    values, found = _periods(values, file, fallback, period_label, fallback_row or ext.header_row, opts.period)
    problems += found
    statuses, not_reported = validate.r57_not_reported(ext.statuses)
    if not_reported:
        result.skipped.append((not_reported, "trạng thái NQ57 'chưa báo cáo'", "Resolution 57 status 'not reported'"))
    statuses, found = _periods(statuses, file, fallback, period_label, fallback_row or ext.header_row, opts.period)
    problems += found

    # Communes: once per data row, then joined back to every figure of that row.
    ident = ["_row", "commune", "commune_code_raw", "province"]
    rows = pl.concat([values.select(ident), statuses.select(ident)]).unique("_row", maintain_order=True)
    matched, found = match.match_communes(rows, file, ext.labels, province)
    problems += found
    codes = matched.select("_row", "commune_code")
    values = values.join(codes, on="_row", how="left").filter(pl.col("commune_code").is_not_null())
    statuses = statuses.join(codes, on="_row", how="left").filter(pl.col("commune_code").is_not_null())

    starts = pl.DataFrame({"period": values["period"].unique()}, schema={"period": pl.Date}).with_columns(
        pl.col("period").map_elements(lambda p: _cumulative_start(p, title.cumulative_from), return_dtype=pl.Date)
        .alias("cumulative_start"))
    values = values.join(starts, on="period", how="left").with_columns(
        (pl.col("cumulative") | pl.lit(title.cumulative or opts.cumulative)).alias("cumulative"))
    obs, found = validate.check(values, file, today=opts.today, cumulative=opts.cumulative)
    problems += found
    r57, found = validate.check_statuses(statuses, file, today=opts.today)
    problems += found
    if obs.height == 0 and r57.height == 0 and not any(p.severity == "error" for p in problems):
        problems.append(validate.no_data_rows(file, ext.header_row))
    result.problems = sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.rule))
    result.observations = obs
    result.r57 = r57.select("commune_code", "period", "status", "label", "note")
    return result


def _earlier(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame) -> pl.DataFrame:
    """Loaded values of the months before each cumulative figure (the prepare step's read)."""
    cum = obs.filter(pl.col("cumulative") & (pl.col("kind") == "count"))
    wanted = cum.select("commune_code", "indicator_code", "cumulative_start", "period").unique()
    con.register("wanted", wanted)
    try:
        return con.sql("""SELECT o.commune_code, o.indicator_code, o.period, o.value, l.is_demo
                          FROM observations o JOIN loads l ON l.load_id = o.load_id JOIN wanted w
                            ON o.commune_code = w.commune_code AND o.indicator_code = w.indicator_code
                           AND o.period >= w.cumulative_start AND o.period < w.period""").pl()
    finally:
        con.unregister("wanted")


class Refused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _replaced_summary(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame) -> str:
    con.register("incoming", obs.select("commune_code", "indicator_code", "period", "value"))
    try:
        rows = con.execute("""SELECT n.indicator_code, strftime(n.period, '%Y-%m'), count(*),
                                     count(*) FILTER (WHERE o.value <> n.value)
                              FROM observations o JOIN incoming n USING (commune_code, indicator_code, period)
                              GROUP BY ALL ORDER BY ALL""").fetchall()
    finally:
        con.unregister("incoming")
    if not rows:
        return ""
    return "thay thế / replaced: " + "; ".join(f"{code} {period} ×{n} ({changed} đổi / changed)"
                                             for code, period, n, changed in rows)


def _make_prepare(results: dict[str, FileResult], applied: dict[str, load.Batch] | None = None):
    """The hook load.commit calls under its lock: cumulative → monthly, and what will be replaced.
    `applied` collects the batches as applied (for the summary)."""
    applied = {} if applied is None else applied

    def prepare(con: duckdb.DuckDBPyConnection, batch: load.Batch) -> load.Batch:
        if con.execute("SELECT count(*) FROM loads WHERE sha256 = ?", [batch.sha256]).fetchall()[0][0]:
            return batch
        fr = results[batch.sha256]
        obs = fr.observations
        if obs.filter(pl.col("cumulative")).height:
            obs, problems = validate.cumulative_to_monthly(obs, fr.display, _earlier(con, obs))
            if problems:
                raise Refused(problems)
        observations = obs.select(list(load.OBSERVATION_SCHEMA))
        summary = _replaced_summary(con, observations)
        applied[batch.sha256] = dataclasses.replace(batch, observations=observations, summary=summary)
        return applied[batch.sha256]
    return prepare


# ---- commands ---------------------------------------------------------------------------------

def _usage(message: str, command: str = "load") -> int:
    print(f"python -m etl {command}: {message}", file=sys.stderr)
    return 2


def _loaded_shas(db_path: Path) -> dict[str, tuple]:
    if not db_path.exists():
        return {}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{str(db_path).replace(chr(39), chr(39) * 2)}' AS live (READ_ONLY)")
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'live'").fetchall()}
        if "loads" not in tables:
            return {}
        return {r[0]: r[1:] for r in con.execute(
            "SELECT sha256, load_id, source, loaded_at FROM live.loads").fetchall()}
    finally:
        con.close()


def _print_summary(results: list[load.BatchResult], prepared: dict[str, FileResult], dry_run: bool,
                   batches: list[load.Batch]) -> None:
    head = "Kiểm tra xong, chưa ghi gì (--dry-run) / Checked, nothing written (--dry-run)" if dry_run \
        else "Đã nạp / Loaded"
    print(head)
    communes: set[int] = set()
    for result, batch in zip(results, batches):
        fr = prepared[batch.sha256]
        if result.skipped:
            print(f"  {fr.display}: đã nạp trước đó (lượt {result.load_id}), bỏ qua / already loaded "
                  f"(load {result.load_id}), skipped")
            continue
        codes = set(batch.observations["commune_code"].to_list())
        if batch.r57 is not None:
            codes |= set(batch.r57["commune_code"].to_list())
        communes |= codes
        print(f"  {fr.display} [{fr.layout}]: {result.rows} dòng / rows, {len(codes)} xã / communes, "
              f"thay thế / replaced {result.replaced} ({result.changed} giá trị đổi / changed)")
        for code, period, n in result.per_indicator:
            print(f"    {code:<24} {period:%Y-%m}  {n:>6}")
        if batch.summary:
            print(f"    {batch.summary}")
        for line in skipped_lines(fr):
            print(f"    {line}")
    print(f"Tổng / total: {sum(r.rows for r in results)} dòng / rows, {len(communes)} xã / communes, "
          f"thay thế / replaced {sum(r.replaced for r in results)}")


def skipped_lines(fr: FileResult) -> list[str]:
    """The rows a file leaves out on purpose (totals, notes, sections, unreported statuses)."""
    return [f"bỏ qua / skipped: dòng / rows {row_ranges(rows)}: {vi} / {en}" for rows, vi, en in fr.skipped if rows]


def cmd_load(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else config.database_path()
    opts = Options(sheet=args.sheet, decimal=args.decimal, cumulative=args.cumulative)
    if args.period:
        opts.period = parse_period(args.period)
        if opts.period is None:
            return _usage(f"--period '{args.period}': dùng YYYY-MM / use YYYY-MM")
    if args.province:
        opts.province, close = match.province_code(args.province)
        if opts.province is None:
            return _usage(f"--province '{args.province}' không có / unknown"
                          + (f" (gần nhất / closest: {', '.join(close)})" if close else ""))
    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.is_file():
            return _usage(f"không có tệp / no such file: {path}")
    if not db_path.exists() and not args.create:
        return _usage(f"không có cơ sở dữ liệu {db_path}; hãy chạy `python -m etl demo --db {db_path}` hoặc thêm "
                      f"--create để tạo cơ sở dữ liệu mới / no database at {db_path}; run "
                      f"`python -m etl demo --db {db_path}` or pass --create to create a new one")

    loaded = _loaded_shas(db_path)
    prepared: dict[str, FileResult] = {}
    pending: list[FileResult] = []
    refused = False
    seen_keys: dict[tuple, str] = {}
    for path in paths:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if sha in loaded:
            load_id, source, at = loaded[sha]
            print(f"{path}: đã nạp trước đó (lượt {load_id}, {source}, {at}), không thay đổi gì / "
                  f"already loaded (load {load_id}, {source}, {at}); nothing changes")
            continue
        if sha in prepared:
            print(f"{path}: trùng nội dung với {prepared[sha].display}, bỏ qua / same content as "
                  f"{prepared[sha].display}, skipped")
            continue
        try:
            fr = prepare_file(path, opts)
        except Exception as exc:  # a bug or a file shape nobody foresaw: refuse it, never half-load
            import traceback

            traceback.print_exc(file=sys.stderr)
            why = clip(f"{type(exc).__name__}: {exc}", 200)
            fr = FileResult(path, str(path), sha, problems=[Problem(
                str(path), None, None, "internal_error", f"Lỗi không lường trước khi xử lý tệp ({why})",
                f"Unexpected error while processing the file ({why})")])
        # The same figure from two files of one command would silently depend on their order.
        if fr.observations is not None:
            for row in fr.observations.select("_row", "_col", "commune_code", "indicator_code", "period").iter_rows():
                key = row[2:]
                if key in seen_keys:
                    fr.problems.append(Problem(
                        fr.display, row[0], row[1], "duplicate_rows",
                        f"Đã có trong tệp {seen_keys[key]} của cùng lệnh (cùng xã, chỉ tiêu và kỳ)",
                        f"Also in {seen_keys[key]} of the same command (same commune, indicator and period)"))
                else:
                    seen_keys[key] = fr.display
        prepared[sha] = fr
        pending.append(fr)
        for line in format_problems(fr.problems):
            print(line, file=sys.stderr)
        if fr.errors or (args.strict and fr.warnings):
            refused = True
            why = (f"{len(fr.errors)} lỗi / errors" +
                   (f", {len(fr.warnings)} cảnh báo / warnings (--strict)" if args.strict and fr.warnings else ""))
            print(f"{fr.display}: TỪ CHỐI / REFUSED ({why})", file=sys.stderr)
    if refused:
        print("Không nạp gì cả / Nothing was loaded.", file=sys.stderr)
        return 1
    if not pending:
        print("Không có gì mới để nạp / Nothing new to load.")
        return 0
    batches = [load.Batch(source=fr.path.name, sha256=fr.sha256, kind="file",
                          observations=fr.observations.select(list(load.OBSERVATION_SCHEMA)),
                          r57=fr.r57) for fr in pending]
    try:
        applied: dict[str, load.Batch] = {}
        results = load.commit(batches, db_path, prepare=_make_prepare(prepared, applied), dry_run=args.dry_run)
    except Refused as exc:
        for line in format_problems(exc.problems):
            print(line, file=sys.stderr)
        print(f"{exc.problems[0].file}: TỪ CHỐI / REFUSED. Không nạp gì cả / Nothing was loaded.", file=sys.stderr)
        return 1
    except load.LoadBusy as exc:
        print(str(exc), file=sys.stderr)
        return 1
    _print_summary(results, prepared, args.dry_run, [applied.get(b.sha256, b) for b in batches])
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else config.database_path()
    if not db_path.exists():
        return _usage(f"không có cơ sở dữ liệu / no database: {db_path}", "status")
    province = None
    if args.province:
        province, _ = match.province_code(args.province)
        if province is None:
            return _usage(f"--province '{args.province}' không có / unknown", "status")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{str(db_path).replace(chr(39), chr(39) * 2)}' AS live (READ_ONLY)")
        con.execute("USE live")
        print("Các lượt nạp / Loads:")
        for row in con.execute("""SELECT load_id, strftime(loaded_at, '%Y-%m-%d %H:%M'), kind, rows, replaced_rows,
                                         source, loaded_by, is_demo, coalesce(summary, '')
                                  FROM loads ORDER BY load_id""").fetchall():
            load_id, at, kind, rows, replaced, source, by, demo, summary = row
            print(f"  #{load_id:<4} {at}  {kind:<4}{' (demo)' if demo else ''}  {rows:>9} dòng/rows  "
                  f"thay thế/replaced {replaced:<6} {source}  [{by}]")
            if summary:
                print(f"        {summary[:300]}")
        where, params = ("WHERE c.province_code = ?", [province]) if province else ("", [])
        periods = [r[0] for r in con.execute("SELECT DISTINCT period FROM observations ORDER BY period DESC").fetchall()]
        if args.period:
            wanted = parse_period(args.period)
            if wanted is None:
                return _usage(f"--period '{args.period}': dùng YYYY-MM / use YYYY-MM", "status")
            periods = [p for p in periods if p == wanted.end] or [wanted.end]
        else:
            periods = periods[: args.months]
        total = con.execute(f"SELECT count(*) FROM communes c {where}", params).fetchall()[0][0]
        scope = match.province_name(province) if province else "toàn quốc / national"
        print(f"Độ phủ / Coverage ({scope}, {total} xã / communes):")
        codes = list(catalog.indicators())
        for period in sorted(periods):
            have = dict(con.execute(
                f"""SELECT o.indicator_code, count(*) FROM observations o JOIN communes c USING (commune_code)
                    {where + ' AND' if where else 'WHERE'} o.period = ? GROUP BY 1""", params + [period]).fetchall())
            r57 = con.execute(f"""SELECT count(*) FROM r57_status o JOIN communes c USING (commune_code)
                                  {where + ' AND' if where else 'WHERE'} o.period = ?""",
                              params + [period]).fetchall()[0][0]
            print(f"  {period:%Y-%m}:")
            absent = []
            for code in codes + ["r57_status"]:
                n = r57 if code == "r57_status" else have.get(code, 0)
                if n == 0:
                    absent.append(code)
                    continue
                line = f"    {code:<24} {n:>5}/{total}"
                if n < total:
                    table, extra = ("r57_status", "") if code == "r57_status" else ("observations",
                                                                                    " AND o.indicator_code = ?")
                    missing = con.execute(
                        f"""SELECT c.name FROM communes c {where + ' AND' if where else 'WHERE'} NOT EXISTS (
                              SELECT 1 FROM {table} o WHERE o.commune_code = c.commune_code AND o.period = ?{extra})
                            ORDER BY c.commune_code""",
                        params + [period] + ([] if code == "r57_status" else [code])).fetchall()
                    names = [m[0] for m in missing]
                    shown = names if args.all else names[:8]
                    line += f"  thiếu / missing {len(names)}: {', '.join(shown)}" + \
                        (" …" if len(shown) < len(names) else "")
                print(line)
            if absent:
                print(f"    chưa có số liệu / no data: {', '.join(absent)}")
    finally:
        con.close()
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("load", help="load CSV/XLSX/Parquet files of commune figures (one transaction)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    p.add_argument("--province", help="province code or name for files that give commune names only")
    p.add_argument("--period", help="the period of files without a period column or title (YYYY-MM)")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first sheet)")
    p.add_argument("--decimal", choices=["comma", "dot"], help="the decimal mark where a file's form is ambiguous")
    p.add_argument("--cumulative", action="store_true",
                   help="figures are cumulative (lũy kế): subtract the earlier months already loaded")
    p.add_argument("--strict", action="store_true", help="refuse files with warnings too")
    p.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    p.add_argument("--create", action="store_true",
                   help="create the database if it does not exist (otherwise a missing --db is an error)")
    p.set_defaults(func=cmd_load)
    s = subparsers.add_parser("status", help="list past loads and coverage (communes lacking indicators)")
    s.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    s.add_argument("--province", help="limit coverage to one province (code or name)")
    s.add_argument("--period", help="one month (YYYY-MM); default: the latest months")
    s.add_argument("--months", type=int, default=3, help="how many latest months to show (default 3)")
    s.add_argument("--all", action="store_true", help="list every missing commune, not the first few")
    s.set_defaults(func=cmd_status)
