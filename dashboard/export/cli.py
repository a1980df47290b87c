"""`python -m dashboard.export brief …`: the briefing pack for a monthly job, without Streamlit.

    python -m dashboard.export brief --province 38 --period 2025-11 --out DIR
        [--commune 14923] [--lang vi|en] [--format pptx,pdf] [--window month] [--db PATH]

Exit 0 with the written paths printed, one a line; exit 2 with a message naming what was
wrong (an unknown province or period, a commune of another province, a missing database).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import config, db, periods, queries
from core.names import PROVINCE_PREFIXES, ascii_key
from dashboard import fmt
from dashboard.export import pack, pdf
from dashboard.export.briefing import QuerySource


class UsageError(Exception):
    """A wrong argument: the message says which and what is allowed (vi / en)."""


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m dashboard.export",
                                   description="Xuất báo cáo / exports (Vietnamese first, English on --lang en)")
    commands = main.add_subparsers(dest="command", required=True)
    brief = commands.add_parser("brief", help="báo cáo tóm tắt PowerPoint/PDF / the briefing pack")
    brief.add_argument("--province", required=True, help="mã hoặc tên tỉnh / province code or name (38, 'Thanh Hóa')")
    brief.add_argument("--period", required=True, help="tháng / month (2025-11, 11/2025)")
    brief.add_argument("--out", required=True, type=Path, help="thư mục ghi tệp / output folder")
    brief.add_argument("--commune", type=int, help="mã xã / commune code (default: the province's featured one)")
    brief.add_argument("--lang", choices=("vi", "en"), default="vi")
    brief.add_argument("--format", default="pptx,pdf", help="pptx,pdf (one or both)")
    brief.add_argument("--window", choices=periods.WINDOWS, default="month")
    brief.add_argument("--db", type=Path, help="DuckDB file (default: COMMUNE_DB or data/communes.duckdb)")
    return main


def find_province(con, text: str) -> int:
    """A province by code ('38') or name ('Thanh Hóa', 'thanh hoa', 'Tỉnh Thanh Hóa')."""
    provinces = queries.provinces(con)
    codes = provinces["province_code"].to_list()
    names = provinces["name"].to_list()
    if text.strip().isdigit() and int(text) in codes:
        return int(text)
    wanted = ascii_key(text, PROVINCE_PREFIXES)
    found = [code for code, name in zip(codes, names) if ascii_key(name, PROVINCE_PREFIXES) == wanted]
    if len(found) == 1:
        return found[0]
    raise UsageError(f"Không có tỉnh “{text}” / unknown province “{text}” "
                     f"(mã 1–{max(codes) if codes else 0} hoặc tên, vd. 38 hoặc “Thanh Hóa”)")


def find_period(con, text: str):
    month = periods.parse_month(text)
    available = queries.periods(con)
    if month is None or month not in available:
        span = f"{fmt.short_month(available[0])}–{fmt.short_month(available[-1])}" if available else "–"
        raise UsageError(f"Không có số liệu kỳ “{text}” / no figures for the period “{text}” (có / available: {span})")
    return month


def run(args) -> list[Path]:
    path = args.db or config.database_path()
    if not Path(path).exists():
        raise UsageError(f"Không có cơ sở dữ liệu / no database at {path}")
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    if not formats or set(formats) - set(pack.FORMATS):
        raise UsageError(f"--format: pptx, pdf hoặc cả hai / pptx, pdf or both (got “{args.format}”)")
    con = db.open_reader(Path(path))
    try:
        cursor = db.cursor(con)
        province = find_province(cursor, args.province)
        period = find_period(cursor, args.period)
        if args.commune is not None:
            communes = queries.communes(cursor, province=province)["commune_code"].to_list()
            if args.commune not in communes:
                raise UsageError(f"Xã {args.commune} không thuộc tỉnh {province} / commune {args.commune} is not "
                                 f"in province {province}")
        files = pack.build(QuerySource(cursor), province=province, period=period, window=args.window,
                           commune=args.commune, lang=args.lang, formats=formats)
    finally:
        con.close()
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.values():
        target = args.out / name
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        for path in run(args):
            print(path)
    except UsageError as error:
        print(f"lỗi / error: {error}", file=sys.stderr)
        return 2
    except pdf.FontMissing as error:
        print(f"lỗi / error: {error}", file=sys.stderr)
        return 1
    return 0
