"""The load pipeline as functions: prepare files, see what they would change, commit them.

    read (etl.read) → layout (etl.layouts) → numbers (etl.numbers) → periods → communes
    (etl.match) → rules (etl.validate) → one etl.load.commit for every file of the call.

- `prepare(files, options, db_path)` reads, matches and validates every file. Each file is
  refused on its own, with all its problems; a file already loaded (same SHA-256) or given
  twice is reported as such, and the same figure in two files of one call is refused. When
  nothing is refused it previews the load: a dry run against the database, under the load
  lock, gives per file the rows, the values replaced and how many change, the changed values
  old → new and the communes that had nothing for those months before.
- `commit(prepared)` applies exactly what was prepared, all-or-nothing. The step that needs
  the database (cumulative lũy kế figures → the month's, what is replaced) runs again under
  the lock, against the database as it is then.

The command line (`python -m etl load`) and the upload page call these functions, so they
accept and refuse exactly the same files. Nothing here prints.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from core import catalog, config, db
from core.periods import Period
from core.problems import Problem, clip, row_ranges
from etl import communes, layouts, load, match, numbers, read, validate
from etl.vocabulary import vocabulary


@dataclass
class Options:
    """What the files of one call do not say themselves, and how strict to be."""
    province: int | None = None   # for files naming communes without their province
    period: Period | None = None  # for files without a period column or title
    sheet: str | None = None      # the sheet (default: the visible sheet holding a commune table)
    decimal: str | None = None    # "comma" | "dot", where a file's number form is ambiguous
    cumulative: bool = False      # figures are cumulative (lũy kế): subtract earlier months loaded
    aggregate_old: bool = False   # old communes' counts summed into new communes; months before the reform
    strict: bool = False          # warnings refuse a file too
    today: dt.date | None = None  # for the future-period rule (default: today)
    replace_demo: bool = False    # drop the demo's figures first (a database holding demo figures)

    def record(self) -> dict:
        """The options as loads.options records them (JSON), for `rebuild` to replay the load;
        `today` is the load's date, recorded apart."""
        out = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.name == "today" or value is None or value is False:
                continue
            if isinstance(value, Period):
                value = {"start": value.start.isoformat(), "end": value.end.isoformat(), "grain": value.grain}
            out[item.name] = value
        return out

    @classmethod
    def from_record(cls, record: dict | None, today: dt.date | None = None) -> Options:
        """The options of a recorded load (fields this version does not know are an error)."""
        values = dict(record or {})
        if isinstance(values.get("period"), dict):
            p = values["period"]
            values["period"] = Period(dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]), p["grain"])
        return cls(**values, today=today)


@dataclass(frozen=True)
class LoadedBefore:
    """The earlier load of a file with the same SHA-256."""
    load_id: int
    source: str
    loaded_at: dt.datetime


@dataclass
class FilePreview:
    """What one file would change in the database, from the dry run."""
    rows: int                  # observations and statuses it writes
    replaced: int              # of those, how many overwrite a stored value
    changed: int               # of the replaced ones, how many with a different value
    per_indicator: list[tuple]  # (indicator_code or 'r57_status', period, rows)
    summary: str               # the replaced values per indicator, as the loads row records it
    changes: pl.DataFrame      # commune_code, indicator_code, period, old_value, new_value
    status_changes: pl.DataFrame  # commune_code, period, old_status, new_status
    new_communes: list[int]    # communes with no figure and no status for one of its months before


class _Severities:
    """`errors` and `warnings` of the `problems` a result holds."""
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class FileResult(_Severities):
    """One file read, matched and checked: what it would load and everything wrong with it."""
    path: Path
    display: str
    sha256: str
    layout: str = ""
    sheet_name: str | None = None
    # The rows to load, with _row/_col/kind/cumulative columns for the database step.
    observations: pl.DataFrame | None = None
    r57: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[list[int], str, str]] = field(default_factory=list)  # rows left out on purpose
    notes: list[tuple[str, str]] = field(default_factory=list)  # what the summary says besides (vi, en)
    already_loaded: LoadedBefore | None = None  # the same content is in the database: nothing to do
    same_as: str | None = None  # the same content came earlier in the call, under this name
    error_trace: str | None = None  # the traceback of an unexpected error (refused as internal_error)
    preview: FilePreview | None = None

    @property
    def error_count(self) -> int:
        """Every error, those summarised beyond the first rows of a rule included."""
        return sum(validate.problem_count(p) for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(validate.problem_count(p) for p in self.warnings)

    @property
    def pending(self) -> bool:
        """Read and checked in this call (not already loaded, not a repeat of an earlier file)."""
        return self.already_loaded is None and self.same_as is None

    def refused(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    @property
    def communes(self) -> set[int]:
        """The communes the file has figures or statuses for."""
        codes: set[int] = set()
        for frame in (self.observations, self.r57):
            if frame is not None:  # distinct first: a national file's five million rows hold 3,321 codes
                codes |= set(frame["commune_code"].unique().to_list())
        return codes


@dataclass
class Prepared(_Severities):
    """Every file of one call, checked; with the preview when nothing was refused."""
    files: list[FileResult]
    options: Options
    db_path: Path
    # Problems only the database reveals (cumulative figures whose earlier months are missing).
    database_problems: list[Problem] = field(default_factory=list)
    results: list[load.BatchResult] | None = None  # the dry run's, one per pending file

    @property
    def pending(self) -> list[FileResult]:
        return [f for f in self.files if f.pending]

    @property
    def refused_files(self) -> list[FileResult]:
        return [f for f in self.pending if f.refused(self.options.strict)]

    @property
    def refused(self) -> bool:
        return bool(self.refused_files or self.database_problems)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems] + self.database_problems

    @property
    def changes(self) -> pl.DataFrame:
        """The values the load would change, old → new, with the file that changes them."""
        frames = [f.preview.changes.select(pl.lit(f.display).alias("file"), pl.all())
                  for f in self.pending if f.preview is not None]
        schema = {"file": pl.String, **_CHANGES_SCHEMA}
        return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


class Refused(Exception):
    """A load refused as a whole; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


# ---- the public functions -----------------------------------------------------------------------

def prepare(files: Iterable[Path | str | tuple[Path | str, str]], options: Options | None = None,
            db_path: Path | None = None, *, preview: bool = True, lock_timeout: float = 60.0) -> Prepared:
    """Read, match and validate every file; then, unless something is refused, preview the load.

    `files` are paths, or (path, display name) pairs (an upload's temporary file and the name
    the user knows). The database is not changed (the dry run works on a temporary copy beside
    it, under the load lock). Raises load.LoadBusy when the preview waits for the lock longer
    than `lock_timeout`; `preview=False` skips the dry run.
    """
    options = options or Options()
    db_path = Path(db_path or config.database_path())
    loaded = loaded_files(db_path)
    prepared = Prepared([], options, db_path)
    checked: dict[str, FileResult] = {}
    figures_seen: list[pl.DataFrame] = []
    for path, display in _named(files):
        sha = _sha256(path)
        if sha in loaded:
            prepared.files.append(FileResult(path, display, sha, already_loaded=loaded[sha]))
        elif sha in checked:
            prepared.files.append(FileResult(path, display, sha, same_as=checked[sha].display))
        else:
            result = _prepare_guarded(path, options, display, sha)
            _refuse_repeated_figures(result, figures_seen)
            checked[sha] = result
            prepared.files.append(result)
    _backlog_warnings_against(db_path, prepared.pending)
    if preview and prepared.pending and not prepared.refused:
        preview_load(prepared, lock_timeout=lock_timeout)
    return prepared


def _backlog_warnings_against(db_path: Path, files: list[FileResult]) -> None:
    """Word the "resolved above received" warnings against the backlog already loaded, before they
    are shown (the command line prints them before the load; the load's own step, under the lock,
    refuses what that backlog cannot explain)."""
    files = [f for f in files if f.observations is not None
             and any(p.rule == "resolved_beyond_received" for p in f.problems)]
    if not files or not db_path.exists():
        return
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for file in files:
            _say_backlog_explained(file, _backlog_problems(con, file.observations, file.display)[1])
    finally:
        con.close()


def preview_load(prepared: Prepared, *, lock_timeout: float = 60.0) -> None:
    """The dry run: fills `prepared.results`, each pending file's `preview`, or
    `prepared.database_problems` when the database step refuses a file. Writes nothing."""
    files = prepared.pending
    findings: dict[str, tuple] = {}
    prepared.database_problems, prepared.results = [], None
    try:
        results = load.commit(_batches(files, prepared.options), prepared.db_path, dry_run=True,
                              lock_timeout=lock_timeout, prepare=_database_step(files, findings),
                              replace_demo=prepared.options.replace_demo)
    except Refused as exc:
        prepared.database_problems = exc.problems
        return
    except load.DemoMixed as exc:
        prepared.database_problems = [_demo_problem(files, exc)]
        return
    prepared.results = results
    for file, result in zip(files, results):
        if result.skipped or file.sha256 not in findings:
            continue
        changes, status_changes, new_communes = findings[file.sha256]
        file.preview = FilePreview(result.rows, result.replaced, result.changed, result.per_indicator,
                                   result.summary, changes, status_changes, new_communes)


def commit(prepared: Prepared, db_path: Path | None = None, *, loaded_by: str | None = None,
           lock_timeout: float = 60.0, loaded_at: dt.datetime | None = None) -> list[load.BatchResult]:
    """Load the prepared files in one transaction, all-or-nothing; [] when none is new.

    Every file loaded is kept in the archive beside the database with the options used, so
    that `python -m etl rebuild` can replay it. Raises Refused when a file was refused, or is
    refused now (the database changed since the preview, or holds demo figures and
    `replace_demo` is off), and load.LoadBusy when another load holds the lock too long.
    `loaded_by` / `loaded_at` default to this user and now.
    """
    if prepared.refused:
        raise Refused([p for f in prepared.refused_files for p in f.problems] + prepared.database_problems)
    files = prepared.pending
    if not files:
        return []
    try:
        return load.commit(_batches(files, prepared.options), Path(db_path or prepared.db_path), loaded_by=loaded_by,
                           lock_timeout=lock_timeout, prepare=_database_step(files),
                           replace_demo=prepared.options.replace_demo, loaded_at=loaded_at)
    except load.DemoMixed as exc:
        raise Refused([_demo_problem(files, exc)]) from None


def _demo_problem(files: list[FileResult], exc: load.Refusal) -> Problem:
    return Problem(files[0].display, None, None, "demo_database", exc.reason_vi, exc.reason_en)


# Every load's file fingerprint. Fetched as tuples, not through a polars frame: loading a
# file already loaded touches nothing else, and stays a sub-second no-op. A rolled-back load
# no longer counts: its file may be loaded again.
LOADED_FILES_SQL = f"""
SELECT sha256, load_id, source, loaded_at FROM loads WHERE {load.ACTIVE_LOADS}"""
# A database of schema 1 (before rollback existed) has every load in force.
LOADED_FILES_V1_SQL = """
SELECT sha256, load_id, source, loaded_at FROM loads"""


def loaded_files(db_path: Path) -> dict[str, LoadedBefore]:
    """Files the database already holds, by SHA-256 (empty for a missing or new database)."""
    if not Path(db_path).exists():
        return {}
    con = db.open_reader(Path(db_path))
    try:
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'live' AND table_name = 'loads'"
        ).fetchall()}
        if not columns:
            return {}
        rows = con.execute(LOADED_FILES_SQL if "rolled_back_by" in columns else LOADED_FILES_V1_SQL).fetchall()
    finally:
        con.close()
    return {sha: LoadedBefore(load_id, source, at) for sha, load_id, source, at in rows}


def skipped_lines(file: FileResult) -> list[str]:
    """The rows a file leaves out on purpose (totals, notes, sections, unreported statuses)."""
    return [f"bỏ qua / skipped: dòng / rows {clip(row_ranges(rows), 120)}: {vi} / {en}"
            for rows, vi, en in file.skipped if rows]


def note_lines(file: FileResult) -> list[str]:
    """What else the summary says: the sheet read, hidden sheets, the period's source, columns not loaded."""
    return [f"ghi chú / note: {vi} / {en}" for vi, en in file.notes]


# ---- one file: read → layout → numbers → periods → communes → rules ------------------------------

def prepare_file(path: Path, options: Options, display: str | None = None) -> FileResult:
    """Read, interpret and check one file. Pure: nothing is written anywhere."""
    path = Path(path)
    result = FileResult(path, display or str(path), _sha256(path))
    file = result.display
    try:
        sheet, ext, result.notes = _read_table(path, options, file)
    except read.ReadError as exc:
        result.problems.append(Problem(file, exc.row, None, exc.rule, exc.reason_vi, exc.reason_en))
        return result
    except layouts.LayoutError as exc:
        result.problems.extend(exc.problems)
        return result
    result.layout, result.sheet_name = ext.layout, sheet.sheet_name
    result.skipped = _hidden_rows(sheet) + list(ext.skipped)
    problems = list(sheet.problems) + list(ext.problems)
    del sheet  # a Parquet sheet holds the file's columns: not kept while its figures are checked
    found, notes = _title_periods(ext.title, options, file)
    problems += found
    result.notes += notes + list(ext.notes)
    values, statuses, found = _figures(ext, options, file, result.skipped)
    ext.values = ext.values.clear()  # read into figures: the raw cells are not kept
    problems += found
    values, statuses, found = _communes(values, statuses, ext, options, file)
    problems += found
    values, statuses, found, notes = _old_communes(values, statuses, ext, options, file)
    problems += found
    result.notes += notes
    # The cells as written have been read into codes and periods; only the value's (validate's "%" and
    # decimals rules) goes on: five million rows are carried through a dozen rules.
    values = _with_cumulative(values.drop([c for c in _CELL_COLUMNS if c != "raw"] + _READ_COLUMNS, strict=False),
                              ext.title, options)
    obs, found = validate.check(values, file, today=options.today, cumulative=options.cumulative)
    problems += found
    r57, found = validate.check_statuses(statuses, file, today=options.today)
    problems += found
    if obs.height == 0 and r57.height == 0 and not any(p.severity == "error" for p in problems):
        problems.append(validate.no_data_rows(file, ext.header_row))
    result.problems = validate.summarise(sorted(problems, key=validate.sort_key))
    result.observations = obs.select(_KEPT_COLUMNS)
    result.r57 = r57.select("commune_code", "period", "status", "label", "note")
    return result


# The cells as the file wrote them: read into codes, periods and values by now, and kept no further.
_CELL_COLUMNS = ["commune", "commune_code_raw", "province", "district", "period_raw", "raw"]
# What reading the cells gave that the rules do not use (old communes are handled by then).
_READ_COLUMNS = ["period_start", "old_code"]
# What a checked file keeps for the database step (etl.load's columns, where each figure sits, and
# what turns cumulative figures into the month's and checks the backlog already loaded).
_KEPT_COLUMNS = ["_row", "_col", "commune_code", "indicator_code", "period", "value", "cumulative",
                 "cumulative_start", "kind"]


def _read_table(path: Path, options: Options, file: str) -> tuple[read.Sheet, layouts.Extract, list[tuple]]:
    """The sheet holding the commune table, its extract, and what the summary says about sheets.

    With --sheet, that sheet. Otherwise the visible sheet with a commune table: a workbook whose
    first sheet holds instructions and whose second holds the figures loads the second and says
    so; several sheets with tables are refused asking for --sheet. Hidden sheets are left out.
    """
    book = read.read_book(path, file, options.sheet)
    notes: list[tuple[str, str]] = []
    if options.sheet and options.sheet in book.hidden_sheets:
        notes.append((f"trang tính '{options.sheet}' đang ẩn, được đọc vì --sheet chọn nó",
                      f"the sheet '{options.sheet}' is hidden, read because --sheet names it"))
    elif book.hidden_sheets:
        names = ", ".join(f"'{n}'" for n in book.hidden_sheets)
        notes.append((f"bỏ qua trang tính ẩn: {names}", f"hidden sheets left out: {names}"))
    if not book.sheets:
        raise read.ReadError("Tệp không có trang tính nào hiện; chọn trang bằng --sheet",
                             "The file has no visible sheet; choose one with --sheet", rule="file_empty")
    if options.sheet or len(book.sheets) == 1:
        return book.sheets[0], layouts.extract(book.sheets[0]), notes
    tables, first_error = [], None
    for sheet in book.sheets:
        try:
            ext = layouts.extract(sheet)
        except layouts.LayoutError as exc:
            first_error = first_error or exc
            continue
        if not any(p.rule == "commune_column_missing" for p in ext.problems):
            tables.append((sheet, ext))
    if len(tables) == 1:
        sheet, ext = tables[0]
        if sheet is not book.sheets[0]:
            others = ", ".join(f"'{s.sheet_name}'" for s in book.sheets if s is not sheet)
            notes.append((f"bảng số liệu đọc từ trang tính '{sheet.sheet_name}' (trang {others} không có bảng "
                          f"theo xã)", f"figures read from the sheet '{sheet.sheet_name}' ({others}: no table "
                          f"by commune)"))
        return sheet, ext, notes
    raise layouts.LayoutError([validate.sheet_choice(file, [s.sheet_name for s, _ in tables],
                                                     [s.sheet_name for s in book.sheets])]
                              + ([] if tables or first_error is None else first_error.problems))


def _hidden_rows(sheet: read.Sheet) -> list[tuple[list[int], str, str]]:
    if not sheet.hidden_rows:
        return []
    return [(sheet.hidden_rows, "hàng ẩn trong bảng tính (không nạp)", "hidden rows of the sheet (not loaded)")]


def _title_periods(title: layouts.TitleInfo, options: Options, file: str
                   ) -> tuple[list[Problem], list[tuple[str, str]]]:
    """The title's period against --period: problems, and notes saying where the period came from.

    A title that names only a year lets --period name the month within it (said in the summary);
    a year inside a document's name is no period at all; two periods in the title need --period.
    """
    notes: list[tuple[str, str]] = []
    if title.bad_date is not None:
        return [validate.title_bad_date(file, *title.bad_date)], notes
    if title.window is not None and title.period is not None and title.period.grain == "month":
        start, end = title.window
        notes.append((f"kỳ báo cáo từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}: số của tháng {title.period.label}",
                      f"reporting window {start:%d/%m/%Y}–{end:%d/%m/%Y}: the figures of {title.period.label}"))
    option = options.period
    if option is None:
        if title.conflict:
            return [validate.title_period_conflict(file, title)], notes
        return [], notes
    if title.period is None or title.period == option or option in {c.period for c in title.conflict}:
        if title.period is None and title.year_in_name is not None:
            notes.append((f"kỳ {option.label} theo --period; năm {title.year_in_name.period.label} trong tiêu đề "
                          f"là năm của văn bản được nhắc tới", f"period {option.label} from --period; the year "
                          f"{title.year_in_name.period.label} in the title belongs to the document it names"))
        return [], notes
    if title.period.grain == "year" and option.grain == "month" and title.period.start <= option.start \
            and option.end <= title.period.end:
        notes.append((f"kỳ {option.label} theo --period (tiêu đề chỉ ghi năm {title.period.label})",
                      f"period {option.label} from --period (the title names only the year {title.period.label})"))
        return [], notes
    return [validate.period_option_conflict(
        file, title.period_row, None, option.label, f"'{title.period_text}' ({title.period.label})",
        "tiêu đề", "the title")], notes


def _figures(ext: layouts.Extract, options: Options, file: str, skipped: list
             ) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """Numbers and periods of the figures, periods of the statuses; unreported statuses are
    added to `skipped`."""
    title = ext.title
    fallback = options.period or title.period
    fallback_row = (title.period_row if options.period is None else None) or ext.header_row
    label = ext.labels.get("period") or ("--period" if options.period else None)
    values, problems = _numbers(ext.values, file, options.decimal, ext.header_row)
    values = values.filter(pl.col("indicator_code").is_not_null())
    hint = _year_in_name_hint(title)
    values, found = _periods(values, file, fallback, label, fallback_row, options.period, hint)
    problems += found
    statuses, not_reported = validate.r57_not_reported(ext.statuses)
    if not_reported:
        skipped.append((not_reported, "trạng thái NQ57 'chưa báo cáo'", "Resolution 57 status 'not reported'"))
    statuses, found = _periods(statuses, file, fallback, label, fallback_row, options.period, hint)
    return values, statuses, problems + found


def _year_in_name_hint(title: layouts.TitleInfo) -> tuple[str, str] | None:
    """Why the year in the title was not taken for the period, for the period_missing message."""
    if title.period is not None or title.year_in_name is None:
        return None
    year_in = title.year_in_name
    return (f" (năm {year_in.period.label} ở dòng {year_in.row} là năm của văn bản được nhắc tới: "
            f"'{clip(year_in.text, 60)}', không phải kỳ báo cáo)",
            f" (the year {year_in.period.label} in row {year_in.row} belongs to the document it names: "
            f"'{clip(year_in.text, 60)}', not to the report)")


def _communes(values: pl.DataFrame, statuses: pl.DataFrame, ext: layouts.Extract, options: Options, file: str
              ) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """Communes matched once per data row, then joined back to every figure of that row:
    `commune_code` for a new commune, `old_code` for an old one (etl.communes)."""
    ident = ["commune", "commune_code_raw", "province", "district"]
    province = options.province or ext.title.province
    before = (pl.col("period") < catalog.reform_month()).alias("before_reform")
    if statuses.height == 0 and ext.layout in ("long", "vertical"):
        # One figure per row: the rows are the figures, in order (no grouping, no join back).
        matched, problems = match.match_communes(values.select("_row", *ident, before), file, ext.labels, province,
                                                 ext.title.old_district)
        no_codes = [pl.lit(None, pl.Int32).alias("commune_code"), pl.lit(None, pl.Int32).alias("old_code")]
        return values.with_columns(matched["commune_code"], matched["old_code"]), statuses.with_columns(no_codes), \
            problems
    rows = (pl.concat([values.select("_row", *ident, "period"), statuses.select("_row", *ident, "period")])
            .group_by("_row", maintain_order=True)
            .agg(*(pl.col(c).first() for c in ident), (pl.col("period").min() < catalog.reform_month())
                 .alias("before_reform")))
    matched, problems = match.match_communes(rows, file, ext.labels, province, ext.title.old_district)
    codes = matched.select("_row", "commune_code", "old_code")
    values = values.join(codes, on="_row", how="left")
    statuses = statuses.join(codes, on="_row", how="left")
    return values, statuses, problems


def _old_communes(values: pl.DataFrame, statuses: pl.DataFrame, ext: layouts.Extract, options: Options, file: str
                  ) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem], list[tuple[str, str]]]:
    """Figures of old communes and of months before the reform.

    By default they are refused, saying what each old commune became. With --aggregate-old,
    counts of old communes merged whole into one new commune are summed into it (etl.communes
    `aggregate_old` says which could not be), and new communes' figures of months before the
    reform load as they are.
    """
    label = ext.labels.get("commune") or ext.labels.get("commune_code")
    reform = catalog.reform_month()
    problems: list[Problem] = []
    notes: list[tuple[str, str]] = []
    if options.aggregate_old:
        values, problems, notes = communes.aggregate_old(values, file, label)
        old_statuses = statuses.filter(pl.col("old_code").is_not_null())
        problems += [communes.old_status_not_loaded(file, r["_row"], r["_col"], r["commune"], r["old_code"])
                     for r in old_statuses.unique("_row").iter_rows(named=True)]
    else:
        for frame in (values, statuses):
            old = frame.filter(pl.col("old_code").is_not_null()).unique("_row", keep="first", maintain_order=True)
            problems += [communes.old_commune_problem(file, r["_row"], label, r["commune"], r["old_code"])
                         for r in old.head(validate.PROBLEM_LIMIT * 5).iter_rows(named=True)]
            problems += validate.more_of(old.slice(validate.PROBLEM_LIMIT * 5), file, "old_commune", label)
            early = frame.filter(pl.col("commune_code").is_not_null() & (pl.col("period") < reform)).unique(
                "_row", keep="first", maintain_order=True)
            problems += validate.before_reform(early, file, label, reform)
    keep = pl.col("commune_code").is_not_null() & (pl.lit(options.aggregate_old) | (pl.col("period") >= reform))
    return values.filter(keep), statuses.filter(keep), problems, notes


def _with_cumulative(values: pl.DataFrame, title: layouts.TitleInfo, options: Options) -> pl.DataFrame:
    """Mark cumulative figures (a lũy kế column, title or option) and the month each one starts."""
    starts = pl.DataFrame({"period": values["period"].unique()}, schema={"period": pl.Date}).with_columns(
        pl.col("period").map_elements(lambda p: _cumulative_start(p, title.cumulative_from), return_dtype=pl.Date)
        .alias("cumulative_start"))
    return values.join(starts, on="period", how="left").with_columns(
        (pl.col("cumulative") | pl.lit(title.cumulative or options.cumulative)).alias("cumulative"))


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
             fallback_row: int | None, option: Period | None = None, hint: tuple[str, str] | None = None
             ) -> tuple[pl.DataFrame, list[Problem]]:
    """Add period (the month to store at), period_start, grain and period_label."""
    problems: list[Problem] = []
    # Few distinct values on millions of rows: Categorical (4 bytes a row, not a string's 16).
    schema = {"period": pl.Date, "period_start": pl.Date, "grain": pl.Categorical, "period_label": pl.Categorical}
    firsts = frame.group_by("period_raw", maintain_order=True).agg(pl.col("_row").min())
    table = []
    texts = read.grid_text(firsts["period_raw"]).to_list()  # a typed period (a date) as the grid shows it
    for (typed, row), raw in zip(firsts.iter_rows(), texts):
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
                "'Tháng 11/2025' hoặc --period YYYY-MM" + (hint[0] if hint else ""),
                "No period: add a period column, a title row such as 'Tháng 11/2025' or --period YYYY-MM"
                + (hint[1] if hint else "")))
        table.append({"period_raw": typed, "period": period.end if period else None,
                      "period_start": period.start if period else None,
                      "grain": period.grain if period else None, "period_label": period.label if period else None})
    lookup = pl.DataFrame(table, schema={"period_raw": frame.schema["period_raw"], **schema})
    out = frame.join(lookup, on="period_raw", how="left", nulls_equal=True)
    return out.filter(pl.col("period").is_not_null()), problems


def _numbers(values: pl.DataFrame, file: str, decimal: str | None, header_row: int
             ) -> tuple[pl.DataFrame, list[Problem]]:
    """Raw tokens → `value`, each column read with the decimal mark it proves (or --decimal)."""
    if values.schema["raw"] != pl.String:
        return _typed_numbers(values, file)
    problems: list[Problem] = []
    by_col = values.partition_by("_col", as_dict=True, maintain_order=True) if values.height else {}
    tokens = {key[0]: part["raw"].unique().to_list() for key, part in by_col.items()}  # forms: sets of tokens
    forms = numbers.decide_forms(tokens, decimal, _whole_number_columns(by_col))
    parts = []
    for (col,), part in by_col.items():
        form = forms[col]
        if form in ("ambiguous", "conflict"):
            problems.append(_number_form_problem(file, header_row, col, form, part["raw"].to_list()))
            continue
        parsed, bad = numbers.parse_values(part["raw"], form)
        rows = part["_row"].to_list()
        for i, token in bad[:PROBLEM_ROWS_SHOWN]:
            problems.append(_not_a_number(file, rows[i], col, token))
        if len(bad) > PROBLEM_ROWS_SHOWN:
            more = pl.DataFrame({"_row": [rows[i] for i, _ in bad[PROBLEM_ROWS_SHOWN:]]})
            problems += validate.more_of(more, file, "number_invalid", col)
        part = part.with_columns(parsed.alias("value"))
        parts.append(_zero_signs(part).filter(pl.col("value").is_not_null()))
    if parts:
        return pl.concat(parts), problems
    return values.with_columns(pl.lit(None, pl.Float64).alias("value")).head(0), problems


def _whole_number_columns(by_col: dict[tuple, pl.DataFrame]) -> frozenset[str]:
    """Columns whose every figure is counted in whole units (dossiers, teams, people): "1.050" of
    them is 1050 whatever the form."""
    codes = [i.code for i in catalog.indicators().values() if i.kind in ("count", "stock") and not i.is_percent]
    out = set()
    for (col,), part in by_col.items():
        found = part["indicator_code"].drop_nulls()
        if found.len() and found.is_in(codes).all():
            out.add(col)
    return frozenset(out)


def _typed_numbers(values: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A Parquet file's typed value column: the numbers as they are; NaN and infinity are refused as
    a cell holding them as text would be ("'nan' không phải là số"), in the same words."""
    value = pl.col("raw").cast(pl.Float64)
    values = values.with_columns(pl.when(value.is_finite()).then(value).alias("value"))
    bad = values.filter(pl.col("value").is_null())
    shown = PROBLEM_ROWS_SHOWN
    tokens = read.grid_text(bad["raw"].head(shown)).to_list()
    problems = [_not_a_number(file, row, col, token)
                for row, col, token in zip(bad["_row"].to_list(), bad["_col"].to_list(), tokens)]
    for (col,), rest in bad.slice(shown).partition_by("_col", as_dict=True, maintain_order=True).items():
        problems += validate.more_of(rest, file, "number_invalid", col)
    # A typed cell's grid text (NUM + its plain text, etl.read) is its number's: validate's decimals and
    # messages read it from the value, one buffer shared instead of two.
    return values.filter(pl.col("value").is_not_null()).with_columns(pl.col("value").alias("raw")), problems


PROBLEM_ROWS_SHOWN = validate.PROBLEM_LIMIT * 5  # not-a-number cells described one by one; the rest counted


def _not_a_number(file: str, row: int, col: str, token: str) -> Problem:
    return Problem(file, row, col, "number_invalid",
                   f"'{numbers.shown(token)}' không phải là số: ghi số (5.932 hoặc 5932), để trống "
                   f"nếu không có số liệu",
                   f"'{numbers.shown(token)}' is not a number: write a number (5.932 or 5932), "
                   f"leave it blank where there is no figure")


def _zero_signs(part: pl.DataFrame) -> pl.DataFrame:
    """"-" in a count or a stock is zero (the statistical sign for "nothing occurred"); in a rate or
    a score it says nothing was reported, and the cell stays empty."""
    zero = pl.col("raw").str.strip_chars().is_in(sorted(vocabulary().zero_cells))
    counted = pl.col("indicator_code").is_in([i.code for i in catalog.indicators().values()
                                              if i.kind in ("count", "stock") and not i.is_percent])
    return part.with_columns(pl.when(zero & counted).then(0.0).otherwise(pl.col("value")).alias("value"))


def _number_form_problem(file: str, header_row: int, col: str, form: str, tokens: list[str | None]) -> Problem:
    """A column whose decimal mark cannot be decided ("ambiguous") or is mixed ("conflict")."""
    if form == "conflict":
        return Problem(
            file, header_row, col, "number_form_conflict",
            "Cột trộn dấu phẩy thập phân và dấu chấm thập phân; hãy sửa cho thống nhất hoặc ghi rõ "
            "--decimal comma|dot",
            "The column mixes decimal commas and decimal dots; make it consistent or state "
            "--decimal comma|dot")
    sample = next((t for t in tokens if numbers.classify(t) in ("ambiguous", numbers.DOT, numbers.COMMA)), "")
    return Problem(
        file, header_row, col, "number_form_ambiguous",
        f"Không xác định được cách viết số của cột: '{sample}' có thể là số nguyên (kiểu Việt Nam, dấu "
        f"chấm phân cách hàng nghìn) hoặc số thập phân; hãy ghi rõ --decimal comma (kiểu Việt Nam) "
        f"hoặc --decimal dot",
        f"Cannot tell how this column writes numbers: '{sample}' may be a whole number (Vietnamese "
        f"dot thousands) or a decimal; state it with --decimal comma (Vietnamese) or --decimal dot")


# ---- the files of one call ----------------------------------------------------------------------

def _named(files: Iterable[Path | str | tuple[Path | str, str]]) -> list[tuple[Path, str]]:
    """(path, display name) pairs; a bare path is shown as given."""
    out = []
    for item in files:
        path, display = item if isinstance(item, tuple) else (item, str(item))
        out.append((Path(path), display))
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _prepare_guarded(path: Path, options: Options, display: str, sha: str) -> FileResult:
    """prepare_file, with an unexpected error refusing the file instead of escaping."""
    try:
        return prepare_file(path, options, display)
    except Exception as exc:
        why = clip(f"{type(exc).__name__}: {exc}", 200)
        return FileResult(path, display, sha, error_trace=traceback.format_exc(), problems=[Problem(
            display, None, None, "internal_error", f"Lỗi không lường trước khi xử lý tệp ({why})",
            f"Unexpected error while processing the file ({why})")])


_FIGURE_KEY = ["commune_code", "indicator_code", "period"]


def _refuse_repeated_figures(result: FileResult, seen: list[pl.DataFrame]) -> None:
    """The same figure from two files of one call would silently depend on their order.

    `seen` holds the figures (commune, indicator, month) of the call's earlier files, with the
    file that gave each first; this file's new figures are added to it."""
    if result.observations is None:
        return
    keys = result.observations.select("_row", "_col", *_FIGURE_KEY)
    earlier = pl.concat(seen) if seen else None
    if earlier is not None:
        repeated = keys.join(earlier, on=_FIGURE_KEY, how="inner", maintain_order="left")
        for row, col, *_key, first in repeated.iter_rows():
            result.problems.append(Problem(
                result.display, row, col, "duplicate_rows",
                f"Đã có trong tệp {first} của cùng lệnh (cùng xã, chỉ tiêu và kỳ)",
                f"Also in {first} of the same command (same commune, indicator and period)"))
        keys = keys.join(earlier, on=_FIGURE_KEY, how="anti")
    # No unique() here: validate.duplicate_rows has already kept one row per key of the file.
    seen.append(keys.select(_FIGURE_KEY).with_columns(pl.lit(result.display).alias("_file")))


def _batches(files: list[FileResult], options: Options) -> list[load.Batch]:
    return [load.Batch(source=Path(f.display).name, sha256=f.sha256, kind="file",
                       observations=f.observations.select(list(load.OBSERVATION_SCHEMA)), r57=f.r57,
                       options=options.record(), archive_from=f.path, keys_unique=True)
            for f in files]


# ---- the database step, under the load lock ------------------------------------------------------

# Loaded values of the months before each cumulative figure, with whether they are demo figures.
EARLIER_MONTHS_SQL = """
SELECT o.commune_code, o.indicator_code, o.period, o.value, l.is_demo
FROM observations o JOIN loads l ON l.load_id = o.load_id JOIN wanted w
  ON o.commune_code = w.commune_code AND o.indicator_code = w.indicator_code
 AND o.period >= w.cumulative_start AND o.period < w.period"""

# Per indicator and month: how many incoming values replace stored ones, how many differ.
REPLACED_SQL = """
SELECT n.indicator_code, strftime(n.period, '%Y-%m'), count(*), count(*) FILTER (WHERE o.value <> n.value)
FROM observations o JOIN incoming n USING (commune_code, indicator_code, period)
GROUP BY ALL ORDER BY ALL"""

# One row per stored value the incoming one changes.
CHANGES_SQL = """
SELECT n.commune_code, n.indicator_code, n.period, o.value AS old_value, n.value AS new_value
FROM observations o JOIN incoming n USING (commune_code, indicator_code, period)
WHERE o.value <> n.value
ORDER BY n.indicator_code, n.period, n.commune_code"""

# One row per stored Resolution 57 status the incoming one changes.
STATUS_CHANGES_SQL = """
SELECT n.commune_code, n.period, o.status AS old_status, n.status AS new_status
FROM r57_status o JOIN incoming n USING (commune_code, period)
WHERE o.status <> n.status
ORDER BY n.period, n.commune_code"""

# Incoming communes with neither a figure nor a status stored for one of their months.
NEW_COMMUNES_SQL = """
SELECT DISTINCT n.commune_code FROM incoming n
WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE o.commune_code = n.commune_code AND o.period = n.period)
  AND NOT EXISTS (SELECT 1 FROM r57_status s WHERE s.commune_code = n.commune_code AND s.period = n.period)
ORDER BY n.commune_code"""

_CHANGES_SCHEMA = {"commune_code": pl.Int32, "indicator_code": pl.String, "period": pl.Date,
                   "old_value": pl.Float64, "new_value": pl.Float64}
_STATUS_CHANGES_SCHEMA = {"commune_code": pl.Int32, "period": pl.Date, "old_status": pl.String,
                          "new_status": pl.String}


def _database_step(files: list[FileResult], findings: dict[str, tuple] | None = None):
    """The hook load.commit calls under its lock, before each batch: cumulative → monthly and
    what will be replaced (the summary). With `findings`, the preview's changes too."""
    by_sha = {f.sha256: f for f in files}

    def step(con: duckdb.DuckDBPyConnection, batch: load.Batch) -> load.Batch:
        if con.execute(f"SELECT count(*) FROM loads WHERE sha256 = ? AND {load.ACTIVE_LOADS}",
                       [batch.sha256]).fetchall()[0][0]:
            return batch
        file = by_sha[batch.sha256]
        obs = file.observations
        problems, explained = _backlog_problems(con, obs, file.display)
        if problems:
            raise Refused(problems)
        _say_backlog_explained(file, explained)
        if obs.filter(pl.col("cumulative")).height:
            obs, problems = validate.cumulative_to_monthly(obs, file.display, _earlier(con, obs))
            if problems:
                raise Refused(problems)
        observations = obs.select(list(load.OBSERVATION_SCHEMA))
        if findings is not None:
            findings[batch.sha256] = _findings(con, observations, batch.r57)
        return dataclasses.replace(batch, observations=observations, summary=_replaced_summary(con, observations))
    return step


# The previous month's dossiers in progress (the backlog) of communes and months whose dossiers
# resolved exceed those received.
BACKLOG_SQL = """
SELECT w.commune_code, w.period, o.value AS loaded_backlog
FROM wanted w JOIN observations o ON o.commune_code = w.commune_code AND o.indicator_code = ?
 AND o.period = CAST(w.period - INTERVAL 1 MONTH AS DATE)"""


def _backlog_problems(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame, file: str
                      ) -> tuple[list[Problem], pl.DataFrame | None]:
    """On time + late above received + the previous month's backlog already loaded: refused. Also
    the rows that backlog explains (None when there are none to look at)."""
    if "_row" not in obs.columns:
        return [], None
    found = validate.resolved_beyond_received(obs, keep=pl.col("backlog").is_null())
    if found.height == 0:
        return [], None
    con.register("wanted", load.ArrowStream(found.select("commune_code", "period")))
    try:
        loaded = pl.DataFrame(con.execute(BACKLOG_SQL, [validate.BACKLOG]).fetchall(), orient="row",
                              schema={"commune_code": pl.Int32, "period": pl.Date, "loaded_backlog": pl.Float64})
    finally:
        con.unregister("wanted")
    beyond = pl.col("resolved") > pl.col("received") + pl.col("backlog") + 1e-9
    joined = found.drop("backlog").join(loaded.rename({"loaded_backlog": "backlog"}), on=["commune_code", "period"])
    return validate.backlog_exceeded(joined.filter(beyond), file), joined.filter(~beyond)


def _say_backlog_explained(file: FileResult, explained: pl.DataFrame | None) -> None:
    """The file-only warning "resolved above received, no backlog to check against" becomes, where
    the backlog already loaded explains it, a warning saying so (idempotent: the preview and the
    load run this step)."""
    if explained is None or explained.height == 0:
        return
    explained = explained.with_columns(
        pl.col("period").dt.offset_by("-1mo").dt.strftime("%Y-%m").alias("backlog_month"))
    better = {(p.row, p.column): p for p in validate.backlog_explained(explained, file.display)}
    file.problems = [better.get((p.row, p.column), p) if p.rule == "resolved_beyond_received" else p
                     for p in file.problems]


def _query(con: duckdb.DuckDBPyConnection, sql: str, incoming: pl.DataFrame) -> pl.DataFrame:
    """The result of `sql` with `incoming` registered as a view."""
    con.register("incoming", load.ArrowStream(incoming))
    try:
        return con.sql(sql).pl()
    finally:
        con.unregister("incoming")


def _earlier(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame) -> pl.DataFrame:
    """Loaded values of the months before each cumulative figure."""
    cum = obs.filter(pl.col("cumulative") & (pl.col("kind") == "count"))
    wanted = cum.select("commune_code", "indicator_code", "cumulative_start", "period").unique()
    con.register("wanted", load.ArrowStream(wanted))
    try:
        return con.sql(EARLIER_MONTHS_SQL).pl()
    finally:
        con.unregister("wanted")


def _replaced_summary(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame) -> str:
    con.register("incoming", load.ArrowStream(obs.select("commune_code", "indicator_code", "period", "value")))
    try:
        rows = con.execute(REPLACED_SQL).fetchall()
    finally:
        con.unregister("incoming")
    if not rows:
        return ""
    return "thay thế / replaced: " + "; ".join(f"{code} {period} ×{n} ({changed} đổi / changed)"
                                             for code, period, n, changed in rows)


def _findings(con: duckdb.DuckDBPyConnection, obs: pl.DataFrame, r57: pl.DataFrame | None
              ) -> tuple[pl.DataFrame, pl.DataFrame, list[int]]:
    """(changed values, changed statuses, new communes) of one batch, before it is applied."""
    statuses = r57 if r57 is not None else pl.DataFrame(schema=load.R57_SCHEMA)
    statuses = statuses.select(list(load.R57_SCHEMA)).cast(load.R57_SCHEMA)
    changes = _query(con, CHANGES_SQL, obs).cast(_CHANGES_SCHEMA)
    status_changes = _query(con, STATUS_CHANGES_SQL, statuses).cast(_STATUS_CHANGES_SCHEMA)
    keys = pl.concat([obs.select("commune_code", "period"), statuses.select("commune_code", "period")]).unique()
    new_communes = _query(con, NEW_COMMUNES_SQL, keys)["commune_code"].to_list()
    return changes, status_changes, new_communes
