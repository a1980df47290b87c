"""Builders for the ETL tests: real-looking input files and a tiny database, made in tmp_path.

Every file form below carries the same figures (`FIGURES`), so a test can assert that each
form loads into exactly the same observations.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import duckdb
import polars as pl

from etl import load, masterdata

PERIOD = dt.date(2025, 11, 1)
TH = 38  # Thanh Hóa

# Five Thanh Hóa communes, named as the package names them.
COMMUNES = ["Xã Bá Thước", "Xã Hồi Xuân", "Phường Hạc Thành", "Xã Hoằng Hóa", "Xã Vạn Xuân"]
# Spelled as people type them: no prefix, old tone placement, upper case, NFD, no diacritics.
TYPED = ["Bá Thước", "Xã Hồi Xuân", "PHƯỜNG HẠC THÀNH", unicodedata.normalize("NFD", "xã hoằng hoá"), "van xuan"]

# (received, online, on_time, late, in_progress, service_index, digital_teams, vneid %)
FIGURES = [
    (5932, 4024, 5825, 1, 106, 78.25, 36, 97.5),
    (1939, 1937, 1929, 3, 7, 81.5, 20, 100.0),
    (12480, 11903, 12100, 35, 410, 88.75, 52, 99.1),
    (2210, 1650, 2150, 12, 60, 72.0, 25, 93.4),
    (845, 611, 830, 0, 15, 69.5, 11, 88.0),
]
CODES = ["dossiers_received", "dossiers_online", "dossiers_on_time", "dossiers_late", "dossiers_in_progress",
         "service_index", "digital_teams", "vneid_activated_pct"]
HEADINGS_VI = ["Tổng số hồ sơ tiếp nhận", "Tiếp nhận trực tuyến", "Giải quyết trước hạn, đúng hạn", "Quá hạn",
               "Đang giải quyết", "Chỉ số phục vụ (điểm)", "Tổ công nghệ số cộng đồng", "Tỷ lệ kích hoạt VNeID (%)"]


def commune_codes() -> list[int]:
    frame = masterdata.communes().filter(pl.col("province_code") == TH)
    by_name = dict(zip(frame["name"], frame["commune_code"]))
    return [int(by_name[name]) for name in COMMUNES]


def expected_observations(period: dt.date = PERIOD) -> pl.DataFrame:
    rows = [(code, ind, period, float(v)) for code, figs in zip(commune_codes(), FIGURES)
            for ind, v in zip(CODES, figs)]
    return pl.DataFrame(rows, schema=load.OBSERVATION_SCHEMA, orient="row").sort(
        "commune_code", "indicator_code", "period")


def vn(value: float, decimals: int = 0) -> str:
    """Vietnamese form: 5932 → "5.932", 97.5 → "97,5"."""
    text = f"{value:,.{decimals}f}" if decimals else f"{int(value):,}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def online_rate(figs) -> float:
    return round(100 * figs[1] / figs[0], 2)


# ---- files ---------------------------------------------------------------------------------

def write_report_xlsx(path: Path, *, title_period: str = "Tháng 11/2025", rows=None) -> Path:
    """A provincial report: title rows, merged two-row header, numbering row, Vietnamese number
    text beside typed numbers, a percentage-formatted column, a totals row and signatures."""
    import xlsxwriter

    rows = rows if rows is not None else list(zip(TYPED, FIGURES))
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Báo cáo")
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write(0, 0, "UBND TỈNH THANH HÓA")
    ws.write(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write(1, 6, "Thanh Hóa, ngày 05 tháng 12 năm 2025")
    ws.merge_range(2, 0, 2, 10, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CẤP XÃ", bold)
    ws.merge_range(3, 0, 3, 10, title_period, bold)
    ws.write(4, 0, "(Số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC của tỉnh)")
    # Header: rows 7-8 (spreadsheet numbering), groups merged across, singles merged down.
    ws.merge_range(6, 0, 7, 0, "STT", bold)
    ws.merge_range(6, 1, 7, 1, "Xã/phường", bold)
    ws.merge_range(6, 2, 6, 6, "Hồ sơ thủ tục hành chính (hồ sơ)", bold)
    for j, heading in enumerate(HEADINGS_VI[:5]):
        ws.write(7, 2 + j, heading, bold)
    ws.merge_range(6, 7, 7, 7, "Tỷ lệ hồ sơ trực tuyến (%)", bold)
    ws.merge_range(6, 8, 7, 8, HEADINGS_VI[5], bold)
    ws.merge_range(6, 9, 7, 9, HEADINGS_VI[6], bold)
    ws.merge_range(6, 10, 7, 10, HEADINGS_VI[7], bold)
    for j in range(11):
        ws.write(8, j, f"({j + 1})")
    r = 9
    for i, (name, figs) in enumerate(rows):
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, name)
        ws.write_string(r, 2, vn(figs[0]))           # "5.932" typed as text, Vietnamese form
        ws.write_number(r, 3, figs[1])
        ws.write_string(r, 4, vn(figs[2]))
        ws.write_number(r, 5, figs[3])
        ws.write_number(r, 6, figs[4])
        ws.write_string(r, 7, vn(online_rate(figs), 2) + "%")
        ws.write_string(r, 8, vn(figs[5], 2))
        ws.write_number(r, 9, figs[6])
        ws.write_number(r, 10, figs[7] / 100, pct)   # 97,5 % stored as 0.975 with a % format
        r += 1
    ws.merge_range(r, 0, r, 1, "Tổng cộng", bold)
    for j in range(5):
        ws.write_number(r, 2 + j, sum(f[1][j] for f in rows))
    ws.write(r + 2, 1, "Người lập biểu")
    ws.write(r + 2, 7, "KT. CHỦ TỊCH")
    wb.close()
    return path


def cp1258(text: str) -> bytes:
    """Encode as Windows does: precomposed letters where the code page has them, tone marks apart."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone_marks = "\u0300\u0301\u0303\u0309\u0323"
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone_marks))
            tones = "".join(c for c in decomposed if c in tone_marks)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def wide_rows(decimal_comma: bool) -> list[list[str]]:
    header = ["STT", "Tên đơn vị", "Kỳ báo cáo", *HEADINGS_VI]
    rows = [header]
    for i, (name, figs) in enumerate(zip(TYPED, FIGURES)):
        values = [str(v) if isinstance(v, int) else (f"{v}".replace(".", ",") if decimal_comma else f"{v}")
                  for v in figs]
        rows.append([str(i + 1), name, "11/2025", *values])
    return rows


def write_cp1258_csv(path: Path) -> Path:
    """Windows-1258, semicolon separated, decimal commas (Excel's CSV in a Vietnamese locale)."""
    text = "\r\n".join(";".join(r) for r in wide_rows(True)) + "\r\n"
    path.write_bytes(cp1258(text))
    return path


def write_utf16_tab(path: Path) -> Path:
    """Excel's "Unicode text": UTF-16 LE with BOM, tab separated."""
    text = "\r\n".join("\t".join(r) for r in wide_rows(False)) + "\r\n"
    path.write_bytes(text.encode("utf-16"))
    return path


def write_long_csv(path: Path) -> Path:
    """Long layout, UTF-8 with BOM, English headings, commune codes and indicator codes."""
    lines = ["commune_code,province,period,indicator,value"]
    for code, figs in zip(commune_codes(), FIGURES):
        for ind, v in zip(CODES, figs):
            lines.append(f"{code:05d},Thanh Hóa,2025-11,{ind},{v}")
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def write_parquet(path: Path) -> Path:
    frame = pl.DataFrame({"commune_code": commune_codes(), "period": ["2025-11"] * len(FIGURES),
                          **{ind: [f[j] for f in FIGURES] for j, ind in enumerate(CODES)}})
    frame.write_parquet(path)
    return path


def write_status_csv(path: Path) -> Path:
    lines = ["Xã/phường,Tháng,Trạng thái,Ghi chú", "Bá Thước,11/2025,Xanh,", "Hồi Xuân,11/2025,vàng,chậm báo cáo",
             "Phường Hạc Thành,11/2025,ĐỎ,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


# ---- database ------------------------------------------------------------------------------

def fresh_db(path: Path) -> Path:
    """A tiny database made by the real writer: reference tables and one seed observation."""
    seed = pl.DataFrame([(commune_codes()[0], "population", dt.date(2025, 7, 1), 28000.0)],
                        schema=load.OBSERVATION_SCHEMA, orient="row")
    load.commit([load.Batch("seed", hashlib.sha256(b"seed").hexdigest(), "file", seed)], path, fresh=True)
    return path


def table_checksum(db: Path) -> str:
    """SHA-256 over every row of every table (sorted), so two states compare by content."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")
        digest = hashlib.sha256()
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'live' "
                                    "ORDER BY table_name").fetchall():
            rows = con.execute(f"SELECT * FROM live.{table}").fetchall()
            digest.update(table.encode())
            for row in sorted(map(repr, rows)):
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        con.close()


def observations(db: Path, exclude_seed: bool = True) -> pl.DataFrame:
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")
        frame = con.sql("SELECT commune_code, indicator_code, period, value FROM live.observations").pl()
    finally:
        con.close()
    if exclude_seed:
        frame = frame.filter(pl.col("indicator_code") != "population")
    return frame.cast(load.OBSERVATION_SCHEMA).sort("commune_code", "indicator_code", "period")


def loads_table(db: Path) -> pl.DataFrame:
    """The `loads` table, newest first (what the read side's `loads` query returns)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")
        return con.sql("SELECT * FROM live.loads ORDER BY load_id DESC").pl()
    finally:
        con.close()


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")
        con.execute("USE live")
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# ---- ODS (LibreOffice Calc) ------------------------------------------------------------------

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')


def _ods_cell(value, span: tuple[int, int] | None = None) -> str:
    """One <table:table-cell>: a number, a percentage (("%", 0.975)), or text; `span` (columns, rows)."""
    from xml.sax.saxutils import escape

    spans = f' table:number-columns-spanned="{span[0]}" table:number-rows-spanned="{span[1]}"' if span else ""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple) and value[0] == "%":
        return (f'<table:table-cell office:value-type="percentage" office:value="{value[1]}"{spans}>'
                f"<text:p>{value[1] * 100}%</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{spans}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{spans}><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: list[dict]) -> Path:
    """An .ods file as LibreOffice writes one. Each sheet: {"name", "rows": [[cell, …], …],
    "hidden": bool, "hidden_rows": {row numbers, 1-based}, "spans": {(row, col): (columns, rows)}};
    cells spanned over are written as covered cells, trailing empty rows as one repeated row."""
    import zipfile

    tables = []
    for sheet in sheets:
        spans = sheet.get("spans", {})
        covered = {(r + dr, c + dc) for (r, c), (w, h) in spans.items() for dr in range(h) for dc in range(w)
                   if (dr, dc) != (0, 0)}
        rows = []
        for r, cells in enumerate(sheet["rows"], 1):
            hidden = ' table:visibility="collapse"' if r in sheet.get("hidden_rows", set()) else ""
            xml = "".join("<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(v, spans.get((r, c)))
                          for c, v in enumerate(cells, 1))
            rows.append(f"<table:table-row{hidden}>{xml}<table:table-cell table:number-columns-repeated=\"1000\"/>"
                        f"</table:table-row>")
        rows.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>')
        style = ' table:style-name="hiddenTable"' if sheet.get("hidden") else ' table:style-name="shownTable"'
        tables.append(f'<table:table table:name="{sheet["name"]}"{style}>{"".join(rows)}</table:table>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.3">'
               '<office:automatic-styles>'
               '<style:style style:name="hiddenTable" style:family="table"><style:table-properties table:display="false"/>'
               '</style:style><style:style style:name="shownTable" style:family="table">'
               '<style:table-properties table:display="true"/></style:style></office:automatic-styles>'
               f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path
