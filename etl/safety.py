"""Checks a file must pass before any reader opens it: its content is what its name says, and
a spreadsheet's archive cannot exhaust memory.

Uploads come from the web: a CSV renamed .xlsx, an old .xls renamed .xlsx, or an XLSX "zip
bomb" (a few kilobytes that unpack to gigabytes) must be refused with a message, before
openpyxl or polars start to inflate anything. XLSX and ODS are zip archives; their members'
declared sizes are read from the archive's directory without unpacking.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from core import catalog
from core.fmt import number

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls) and other OLE compound files
PARQUET_MAGIC = b"PAR1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEETS = {".xlsx", ".xlsm"}
TEXT = {".csv", ".tsv", ".txt", ""}


class UnsafeFile(Exception):
    """A file refused before reading; `rule` names the check, the reasons say what to do."""

    def __init__(self, rule: str, reason_vi: str, reason_en: str):
        super().__init__(reason_en)
        self.rule, self.reason_vi, self.reason_en = rule, reason_vi, reason_en


def _limits() -> tuple[int, int, int]:
    limits = catalog.settings().get("archive_limits") or {}
    return (int(limits.get("max_unpacked_mb", 500)) * 1024 * 1024, int(limits.get("max_members", 10_000)),
            int(limits.get("max_ratio", 200)))


def _kind(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    return "text"


_KIND_WORDS = {"zip": ("bảng tính nén (XLSX/ODS)", "a zipped spreadsheet (XLSX/ODS)"),
               "xls": ("tệp Excel 97–2003 (.xls)", "an Excel 97–2003 file (.xls)"),
               "parquet": ("tệp Parquet", "a Parquet file"), "text": ("văn bản (CSV)", "text (CSV)")}


def _mismatch(suffix: str, kind: str) -> UnsafeFile:
    vi, en = _KIND_WORDS[kind]
    return UnsafeFile("file_type_mismatch",
                      f"Tên tệp có đuôi '{suffix}' nhưng nội dung là {vi}; hãy lưu lại tệp đúng định dạng rồi nạp lại",
                      f"The file name ends in '{suffix}' but its content is {en}; save it in the right format "
                      f"and load it again")


def _check_archive(path: Path, suffix: str) -> None:
    max_unpacked, max_members, max_ratio = _limits()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            mimetype = archive.read("mimetype")[:len(ODS_MIMETYPE)] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise UnsafeFile("file_unreadable", f"Tệp nén bị hỏng ({exc})", f"The archive is damaged ({exc})") from exc
    unpacked = sum(m.file_size for m in members)
    inflated = [m for m in members if m.file_size > 10 * 1024 * 1024
                and m.file_size > max_ratio * max(m.compress_size, 1)]
    if len(members) > max_members or unpacked > max_unpacked or inflated:
        raise UnsafeFile(
            "archive_too_large",
            f"Tệp giải nén ra quá lớn ({number(unpacked / 1024 / 1024)} MB, {number(len(members))} thành phần): "
            f"có thể là tệp độc hại; hãy kiểm tra và lưu lại tệp",
            f"The file unpacks to too much ({number(unpacked / 1024 / 1024, lang='en')} MB, "
            f"{number(len(members), lang='en')} members): it may be malicious; check it and save it again")
    is_ods = mimetype == ODS_MIMETYPE
    is_xlsx = "[Content_Types].xml" in names and "xl/workbook.xml" in names
    if (suffix == ".ods" and not is_ods) or (suffix in SPREADSHEETS and not is_xlsx):
        raise _mismatch(suffix, "zip")


def inspect(path: Path) -> None:
    """Raise UnsafeFile when the content does not match the name or the archive is a bomb."""
    path = Path(path)
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        head = handle.read(8)
    kind = _kind(head)
    expected = {".parquet": "parquet", ".xls": "xls", ".ods": "zip", **dict.fromkeys(SPREADSHEETS, "zip"),
                **dict.fromkeys(TEXT, "text")}.get(suffix)
    if expected is not None and kind != expected:
        raise _mismatch(suffix, kind)
    if kind == "zip":
        _check_archive(path, suffix)
