"""Real files, truthfully (issue 8): report files styled as commune and province offices send
them, built here, loaded with `python -m etl load` into a tiny database, and the stored values
checked cell by cell (or the refusal checked word for word, with the database unchanged).

One section per class of file: periods, old communes, names, layouts, numbers, consistency,
messages.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import unicodedata
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from etl import masterdata
from etl.__main__ import main

OCT, NOV, JUN = dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 6, 1)
RECEIVED, ONLINE, ON_TIME, LATE, IN_PROGRESS = ("dossiers_received", "dossiers_online", "dossiers_on_time",
                                                 "dossiers_late", "dossiers_in_progress")


def code(name: str, province: int = fx.TH) -> int:
    """A new commune's official code, from the master list."""
    frame = masterdata.communes().filter((pl.col("province_code") == province) & (pl.col("name") == name))
    assert frame.height == 1, name
    return int(frame["commune_code"][0])


BA, HOI, DIEN_QUANG, CO_LUNG = (code(n) for n in ("Xã Bá Thước", "Xã Hồi Xuân", "Xã Điền Quang", "Xã Cổ Lũng"))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return fx.fresh_db(tmp_path_factory.mktemp("real") / "template.duckdb")


@pytest.fixture()
def db(template, tmp_path) -> Path:
    return Path(shutil.copyfile(template, tmp_path / "communes.duckdb"))


def run(*argv) -> int:
    return main([str(a) for a in argv])


def stored(db: Path) -> dict[tuple[int, str, dt.date], float]:
    """Every loaded value (the seed excluded): {(commune, indicator, month): value}."""
    return {(c, i, p): v for c, i, p, v in fx.observations(db).iter_rows()}


def loads(path: Path, db: Path, capsys, *opts) -> str:
    """Load a file that must load; returns what the command printed."""
    capsys.readouterr()
    assert run("load", path, "--db", db, *opts) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    return out.out + out.err


def refused(path: Path, db: Path, capsys, *opts) -> str:
    """Load a file that must be refused, leaving the database as it was; returns stderr."""
    before = fx.table_checksum(db)
    capsys.readouterr()
    assert run("load", path, "--db", db, *opts) == 1
    assert fx.table_checksum(db) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = (), formats: dict[str, str] | None = None,
         hidden_rows: tuple[int, ...] = (), sheets: dict[str, list[list]] | None = None,
         hidden_sheets: tuple[str, ...] = ()) -> Path:
    """A workbook whose first sheet holds `rows` from A1 (None = empty cell); more sheets before it."""
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    for name, extra in (sheets or {}).items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(extra, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.move_sheet(first, offset=len(sheets or {}))
    first.title = "Báo cáo"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                first.cell(r, c, value)
    for ref, fmt in (formats or {}).items():
        first[ref].number_format = fmt
    for rng in merges:
        first.merge_cells(rng)
    for r in hidden_rows:
        first.row_dimensions[r].hidden = True
    wb.save(path)
    return path


# ---- 1. periods -------------------------------------------------------------------------------------

def test_month_line_beats_a_year_in_a_resolutions_name(tmp_path, db, capsys):
    """The file that loaded as a year before: 'Nghị quyết 57-NQ/TW … năm 2024' above 'Tháng 11/2025'."""
    path = xlsx(tmp_path / "nq57.xlsx", [
        ["UBND TỈNH THANH HÓA", None, None, "Thanh Hóa, ngày 03 tháng 12 năm 2025"],
        ["BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ NĂM 2024"],
        ["Về giải quyết thủ tục hành chính - Tháng 11/2025"],
        ["STT", "Tên xã, phường", "Tổng số hồ sơ tiếp nhận", "Hồ sơ trực tuyến"],
        [1, "Xã Bá Thước", 1210, 821], [2, "Xã Hồi Xuân", 402, 401]])
    loads(path, db, capsys)
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, ONLINE, NOV): 821, (HOI, RECEIVED, NOV): 402,
                          (HOI, ONLINE, NOV): 401}


def test_window_of_dates_is_the_month_it_ends_in_and_monthly(tmp_path, db, capsys):
    """'từ ngày 15/10/2025 đến ngày 14/11/2025' is November's figures, as they stand: October's
    loaded figures are not subtracted (the old code took every from–to range for lũy kế)."""
    october = fx.write_csv(tmp_path / "oct.csv", ["Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận", "Bá Thước,2025-10,900"])
    loads(october, db, capsys, "--province", "38")
    path = xlsx(tmp_path / "window.xlsx", [
        ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH THANH HÓA"],
        ["(Kỳ báo cáo: từ ngày 15/10/2025 đến ngày 14/11/2025)"],
        ["TT", "Đơn vị", "Tiếp nhận", "Đúng hạn"], [1, "Bá Thước", 1180, 1160]])
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, OCT): 900, (BA, RECEIVED, NOV): 1180, (BA, ON_TIME, NOV): 1160}
    assert ("    ghi chú / note: kỳ báo cáo từ 15/10/2025 đến 14/11/2025: số của tháng 2025-11 / reporting window "
            "15/10/2025–14/11/2025: the figures of 2025-11") in out.splitlines()


def test_window_of_several_months_is_not_a_month(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "h2.csv", ["Số liệu từ ngày 01/7/2025 đến ngày 30/11/2025", "",
                                              "Xã/phường,Tổng số hồ sơ tiếp nhận", "Bá Thước,5000"])
    err = refused(path, db, capsys, "--province", "38")
    assert (f"{path}:4:B (Tổng số hồ sơ tiếp nhận): Số đếm là số liệu theo tháng; không nạp được số theo nhiều tháng "
            "(2025-07..2025-11) cho chỉ tiêu dossiers_received: nếu là số lũy kế, nạp với --cumulative; nếu không, nạp "
            "số của từng tháng / Counts are monthly; a multi-month figure (2025-07..2025-11) cannot be loaded for "
            "dossiers_received: if they are running totals, load with --cumulative; otherwise load each month") in err


def test_half_a_year_is_several_months(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "h1.csv", ["BÁO CÁO SƠ KẾT 6 THÁNG ĐẦU NĂM 2025", "", "Xã/phường,Tổ công nghệ số cộng đồng,"
                                              "Tổng số hồ sơ tiếp nhận", "Bá Thước,36,5200"])
    err = refused(path, db, capsys, "--province", "38", "--aggregate-old")
    assert ("Số đếm là số liệu theo tháng; không nạp được số theo nhiều tháng (2025-01..2025-06) cho chỉ tiêu "
            "dossiers_received") in err


def test_a_title_naming_only_a_year_is_settled_by_the_period_option(tmp_path, db, capsys):
    path = xlsx(tmp_path / "nam.xlsx", [["BÁO CÁO CHUYỂN ĐỔI SỐ CẤP XÃ NĂM 2025"], [],
                                         ["STT", "Xã/phường", "Tổng số hồ sơ tiếp nhận", "Tổ công nghệ số cộng đồng"],
                                         [1, "Xã Bá Thước", 1210, 36], [2, "Xã Hồi Xuân", 402, 20]])
    err = refused(path, db, capsys, "--province", "38")
    assert "cho chỉ tiêu dossiers_received: nếu đây là số của một tháng, ghi tháng bằng --period YYYY-MM" in err
    out = loads(path, db, capsys, "--province", "38", "--period", "2025-11")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, "digital_teams", NOV): 36, (HOI, RECEIVED, NOV): 402,
                          (HOI, "digital_teams", NOV): 20}
    assert ("    ghi chú / note: kỳ 2025-11 theo --period (tiêu đề chỉ ghi năm 2025) / period 2025-11 from --period "
            "(the title names only the year 2025)") in out.splitlines()
    other = xlsx(tmp_path / "nam2.xlsx", [["BÁO CÁO NĂM 2025"], [], ["Xã/phường", "Tổ công nghệ số cộng đồng"],
                                          ["Xã Bá Thước", 37]])
    assert "--period 2026-01 khác kỳ 'BÁO CÁO NĂM 2025' (2025)" in refused(other, db, capsys, "--province", "38",
                                                                          "--period", "2026-01")


def test_a_year_inside_a_document_name_is_no_period(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "kh.csv", ["Kết quả thực hiện Kế hoạch số 12/KH-UBND năm 2025", "",
                                              "Xã/phường,Tổ công nghệ số cộng đồng", "Bá Thước,36"])
    err = refused(path, db, capsys, "--province", "38")
    assert ("Không biết số liệu của kỳ nào: thêm cột Kỳ báo cáo/Tháng, một dòng tiêu đề như 'Tháng 11/2025' hoặc "
            "--period YYYY-MM (năm 2025 ở dòng 1 là năm của văn bản được nhắc tới: 'Kết quả thực hiện Kế hoạch số "
            "12/KH-UBND năm 2025', không phải kỳ báo cáo)") in err
    loads(path, db, capsys, "--province", "38", "--period", "2025-10")
    assert stored(db) == {(BA, "digital_teams", OCT): 36}


def test_two_months_in_the_title_ask_for_the_period(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "two.csv", ["Tháng 10/2025", "So sánh với Tháng 11/2025", "",
                                               "Xã/phường,Tổng số hồ sơ tiếp nhận", "Bá Thước,700"])
    err = refused(path, db, capsys, "--province", "38")
    assert (f"{path}:1:-: Tiêu đề ghi nhiều kỳ khác nhau: 'Tháng 10/2025' (2025-10, dòng 1); 'So sánh với Tháng "
            "11/2025' (2025-11, dòng 2); ghi rõ kỳ của số liệu bằng --period YYYY-MM") in err
    loads(path, db, capsys, "--province", "38", "--period", "2025-11")
    assert stored(db) == {(BA, RECEIVED, NOV): 700}


def test_a_date_no_calendar_has_in_the_title_is_refused_naming_it(tmp_path, db, capsys):
    """'từ 01/13 đến nay' (a month 13) had raised inside the loader: an 'unexpected error'."""
    path = fx.write_csv(tmp_path / "lk.csv", ["Số liệu lũy kế từ 01/13 đến nay", "",
                                              "Xã/phường,Tổng số hồ sơ tiếp nhận", "Bá Thước,700"])
    err = refused(path, db, capsys, "--province", "38", "--period", "2025-11", "--cumulative")
    assert (f"{path}:1:-: Tiêu đề ghi một ngày không có thật: 'Số liệu lũy kế từ 01/13 đến nay'; sửa ngày "
            "(ngày/tháng/năm) trong tiêu đề") in err
    assert "unexpected" not in err.lower() and "Traceback" not in err


# ---- 2. old communes ----------------------------------------------------------------------------------

NONG_CONG = ["STT,Tên đơn vị,Huyện,Tổng số hồ sơ tiếp nhận,Hồ sơ trực tuyến", "1,Xã Trung Thành,Nông Cống,88,40",
             "2,Xã Tế Thắng,Nông Cống,95,51", "3,Xã Tế Lợi,Nông Cống,70,33", "4,Xã Tế Nông,Nông Cống,66,30"]


def test_old_commune_sharing_a_new_communes_name_is_never_matched_to_it(tmp_path, db, capsys):
    """Before, 'Xã Trung Thành' of old Nông Cống loaded silently as the new Xã Trung Thành of Quan Hóa."""
    path = fx.write_csv(tmp_path / "nc.csv", ["UBND TỈNH THANH HÓA", "Số liệu tháng 7/2025 theo đơn vị cũ", "",
                                              *NONG_CONG])
    err = refused(path, db, capsys)
    assert (f"{path}:5:B (Tên đơn vị): 'Xã Trung Thành' là Xã Trung Thành (huyện Nông Cống, mã cũ 16303), đơn vị "
            "trước ngày 1/7/2025, nay thuộc Xã Thắng Lợi (16309), sáp nhập toàn bộ. Số liệu theo đơn vị cũ không nạp "
            "thẳng vào xã mới: lập báo cáo theo xã mới, hoặc nạp với --aggregate-old để cộng số đếm của các đơn vị cũ "
            "sáp nhập toàn bộ vào một xã mới / 'Xã Trung Thành' is Xã Trung Thành (Huyện Nông Cống, old code 16303), a "
            "unit from before 1 July 2025, now part of Xã Thắng Lợi (16309), merged whole.") in err
    new_era = fx.write_csv(tmp_path / "new.csv", ["Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận", "Xã Trung Thành,2025-11,61"])
    loads(new_era, db, capsys, "--province", "38")  # a file of new communes: the new Xã Trung Thành
    assert stored(db) == {(code("Xã Trung Thành"), RECEIVED, NOV): 61}


def test_aggregate_old_sums_whole_merges_into_their_new_commune(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "nc.csv", ["UBND TỈNH THANH HÓA", "Số liệu tháng 7/2025 theo đơn vị cũ", "",
                                              *NONG_CONG, "5,Xã Hoàng Sơn,Nông Cống,77,31"])
    out = loads(path, db, capsys, "--aggregate-old")
    thang_loi = code("Xã Thắng Lợi")
    jul = dt.date(2025, 7, 1)
    assert stored(db) == {(thang_loi, RECEIVED, jul): 88 + 95 + 70 + 66, (thang_loi, ONLINE, jul): 40 + 51 + 33 + 30}
    assert ("cộng đơn vị cũ vào xã mới: Xã Thắng Lợi = Xã Trung Thành + Xã Tế Thắng + Xã Tế Lợi + Xã Tế Nông") in out
    assert (f"{path}:9:B (Tên đơn vị): [cảnh báo / warning] Không nạp (dossiers_received, 2025-07): Xã Trung Chính gồm "
            "cả Xã Tân Phúc (16282), Xã Tân Thọ (16285), Xã Tân Khang (16291), Xã Hoàng Giang (16294), Xã Trung Chính "
            "(16297), không có trong tệp: tổng sẽ thiếu") in out


def test_old_district_letterhead_before_the_reform(tmp_path, db, capsys):
    """'UBND HUYỆN BÁ THƯỚC' and June 2025: old communes, refused with what they became; summed under
    --aggregate-old where whole; a stock is never summed and says so."""
    rows = [["UBND HUYỆN BÁ THƯỚC"], ["BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC CÁC XÃ, THỊ TRẤN THÁNG 6 NĂM 2025"], [],
            ["STT", "Xã, thị trấn", "Tổng số hồ sơ tiếp nhận", "Đang giải quyết"],
            [1, "TT. Cành Nàng", 410, 9], [2, "Xã Hạ Trung", 120, 2], [3, "Xã Ban Công", 150, 1],
            [4, "Xã Điền Thượng", 90, 1], [5, "Xã Điền Quang", 100, 0], [None, "Cộng", 870, 13]]
    path = xlsx(tmp_path / "bt.xlsx", rows)
    err = refused(path, db, capsys)
    assert ("'TT. Cành Nàng' là Thị trấn Cành Nàng (huyện Bá Thước, mã cũ 14923), đơn vị trước ngày 1/7/2025, nay "
            "thuộc Xã Bá Thước (14923), sáp nhập toàn bộ.") in err
    out = loads(path, db, capsys, "--aggregate-old")
    assert stored(db) == {(BA, RECEIVED, JUN): 410 + 120 + 150}  # Điền Hạ is missing: Điền Quang is not summed
    # the stock's own column is named (D), not the commune's
    assert (f"{path}:5-9:D (Đang giải quyết): [cảnh báo / warning] Không nạp (dossiers_in_progress, 2025-06): "
            "dossiers_in_progress là chỉ tiêu loại stock") in out
    assert "Xã Điền Quang gồm cả Xã Điền Hạ (14929), không có trong tệp: tổng sẽ thiếu" in out
    assert "bỏ qua / skipped: dòng / rows 10: dòng tổng cộng ('Cộng') / total rows ('Cộng')" in out


def test_a_split_old_commune_is_not_advised_to_be_summed(tmp_path, db, capsys):
    """'TT. Hà Trung' was split between Xã Hà Trung and Xã Hoạt Giang: --aggregate-old cannot sum it,
    so the refusal does not advise it."""
    path = fx.write_csv(tmp_path / "ht.csv", ["Tháng 11/2025", "", "Xã/phường,Tổng số hồ sơ tiếp nhận",
                                              "TT. Hà Trung,300", "Xã Bá Thước,700"])
    err = refused(path, db, capsys, "--province", "38")
    assert (f"{path}:4:A (Xã/phường): 'TT. Hà Trung' là Thị trấn Hà Trung (huyện Hà Trung, mã cũ 15271), đơn vị trước "
            "ngày 1/7/2025, được chia vào Xã Hà Trung (15271), Xã Hoạt Giang (15286). Số liệu theo đơn vị cũ không nạp "
            "thẳng vào xã mới: đơn vị này bị chia cho nhiều xã mới nên không cộng được: lập báo cáo theo xã mới") in err
    assert "--aggregate-old" not in err


def test_district_rows_tell_apart_old_communes_of_one_name(tmp_path, db, capsys):
    """Two old 'Xã Thành Sơn': Quan Hóa's went into Trung Thành, Bá Thước's into Pù Luông."""
    path = xlsx(tmp_path / "d.xlsx", [
        ["UBND TỈNH THANH HÓA"], ["SỐ LIỆU THÁNG 5/2025 THEO ĐƠN VỊ CŨ"], ["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận"],
        ["I", "HUYỆN QUAN HÓA", 101], [1, "Xã Thành Sơn", 40], [2, "Xã Trung Thành", 61],
        ["II", "HUYỆN BÁ THƯỚC", 230], [1, "Xã Thành Sơn", 70], [2, "Xã Lũng Niêm", 90], [3, "Xã Thành Lâm", 70]])
    loads(path, db, capsys, "--aggregate-old")
    may = dt.date(2025, 5, 1)
    assert stored(db) == {(code("Xã Trung Thành"), RECEIVED, may): 40 + 61, (code("Xã Pù Luông"), RECEIVED, may): 230}


def test_old_codes_go_through_the_mapping(tmp_path, db, capsys):
    """14923 is today Xã Bá Thước and was Thị trấn Cành Nàng; 14881 is only an old code."""
    path = fx.write_csv(tmp_path / "codes.csv", ["Mã xã,Tên xã,Tháng,Tổng số hồ sơ tiếp nhận",
                                                 "14881,Xã Trung Thành,06/2025,61", "14923,Thị trấn Cành Nàng,06/2025,410"])
    err = refused(path, db, capsys, "--province", "38")
    assert "'Xã Trung Thành' là Xã Trung Thành (huyện Quan Hóa, mã cũ 14881)" in err
    assert "nay thuộc Xã Trung Thành (14872), sáp nhập toàn bộ" in err
    assert "'Thị trấn Cành Nàng' là Thị trấn Cành Nàng (huyện Bá Thước, mã cũ 14923)" in err


def test_new_communes_before_the_reform_need_the_option(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "jun.csv", ["Mã xã,Tháng,Tổng số hồ sơ tiếp nhận", f"{BA},2025-06,680"])
    err = refused(path, db, capsys)
    assert (f"{path}:2:A (Mã xã): Tháng 2025-06 trước cải cách chính quyền hai cấp (2025-07); số liệu trước cải cách "
            "không nạp mặc định. Nếu đây là số đã tính lại cho Xã Bá Thước, nạp với --aggregate-old") in err
    loads(path, db, capsys, "--aggregate-old")
    assert stored(db) == {(BA, RECEIVED, JUN): 680}


# ---- 3. names as people write them ----------------------------------------------------------------------

def test_names_as_people_write_them(tmp_path, db, capsys):
    names = ["UBND xã Bá Thước", "ỦY BAN NHÂN DÂN XÃ HỒI XUÂN", "XA  DIEN  QUANG", unicodedata.normalize("NFD", "x. cổ lũng"),
             "P.Hạc Thành", "P. Hàm Rồng", "Phuong quang trung"]
    lines = ["Tên đơn vị;Kỳ báo cáo;Tổng số hồ sơ tiếp nhận"] + [f"{n};11/2025;{i + 1}" for i, n in enumerate(names)]
    path = tmp_path / "cp1258.csv"
    path.write_bytes(fx.cp1258("\r\n".join(lines) + "\r\n"))
    loads(path, db, capsys, "--province", "38")
    expected = ["Xã Bá Thước", "Xã Hồi Xuân", "Xã Điền Quang", "Xã Cổ Lũng", "Phường Hạc Thành", "Phường Hàm Rồng",
                "Phường Quang Trung"]
    assert stored(db) == {(code(n), RECEIVED, NOV): i + 1 for i, n in enumerate(expected)}


def test_leading_zero_codes_are_the_same_code(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "z.csv", ["Mã ĐVHC,Tên đơn vị,Kỳ,Tổng số hồ sơ tiếp nhận",
                                             f"0{BA},Xã Bá Thước,2025-11,1210", f"{HOI},Xã Hồi Xuân,2025-11,402"])
    loads(path, db, capsys)
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (HOI, RECEIVED, NOV): 402}


def test_total_rows_anywhere_are_skipped_and_the_table_goes_on(tmp_path, db, capsys):
    """'Toàn tỉnh' as the first row under the header, 'Cộng' after each group: skipped and listed.
    Before, the first total row ended the table: every commune below it was silently dropped."""
    path = xlsx(tmp_path / "t.xlsx", [
        ["TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 11/2025"],
        ["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận"],
        [None, "Toàn tỉnh", 2732],
        ["I", "KHỐI PHƯỜNG"], [1, "Phường Hạc Thành", 1210], [None, "Cộng", 1210],
        ["II", "KHỐI XÃ"], [1, "Xã Bá Thước", 1120], [2, "Xã Hồi Xuân", 402], [None, "Cộng", 1522]])
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(code("Phường Hạc Thành"), RECEIVED, NOV): 1210, (BA, RECEIVED, NOV): 1120,
                          (HOI, RECEIVED, NOV): 402}
    assert ("    bỏ qua / skipped: dòng / rows 3,6,10: dòng tổng cộng ('Toàn tỉnh', 'Cộng') / total rows ('Toàn tỉnh', "
            "'Cộng')") in out.splitlines()
    assert ("    bỏ qua / skipped: dòng / rows 4,7: dòng nhóm, cộng nhóm ('I KHỐI PHƯỜNG', 'II KHỐI XÃ') / section and "
            "subtotal rows ('I KHỐI PHƯỜNG', 'II KHỐI XÃ')") in out.splitlines()


def test_a_name_that_fails_to_match_is_never_taken_for_a_section(tmp_path, db, capsys):
    """Only known headings are sections ("Khối …"); a misspelt commune is an error naming it."""
    path = xlsx(tmp_path / "s.xlsx", [["THÁNG 11/2025"], ["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận"],
                                       [None, "Khối xã miền núi", 1612], [1, "Xã Bá Thước", 1210], [2, "Xã Hồi Xuan", 402]])
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (HOI, RECEIVED, NOV): 402}
    assert "rows 3: dòng nhóm, cộng nhóm ('Khối xã miền núi')" in out
    path = xlsx(tmp_path / "u.xlsx", [["THÁNG 11/2025"], ["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận"],
                                       [1, "Xã Bá Thước", 1210], [2, "Xã Bá Thướt", 30]])
    assert f"{path}:4:B (Đơn vị): Không tìm thấy xã 'Xã Bá Thướt' ở Thanh Hóa; gần nhất: Xã Bá Thước (14923)" in refused(
        path, db, capsys, "--province", "38")


def test_an_unmatched_old_name_says_which_commune_it_became(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "old.csv", ["Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận", "Bá Thước,2025-11,1210",
                                               "Xã Ban Công,2025-11,150"])
    err = refused(path, db, capsys, "--province", "38")
    assert "'Xã Ban Công' là Xã Ban Công (huyện Bá Thước, mã cũ 14971), đơn vị trước ngày 1/7/2025, nay thuộc Xã Bá " \
           "Thước (14923), sáp nhập toàn bộ." in err


# ---- 4. layouts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("numbering", [
    ["(1)", "(2)", "(3)", "(4)", "(5)=(3)+(4)"], ["A", "B", "1", "2", "3=1+2"], [1, 2, 3, 4, 5],
    ["(1)", "(2)", "(3)", "(4)", "(8)=(3)+…+(7)"]])
def test_numbering_rows_are_skipped(tmp_path, db, capsys, numbering):
    path = xlsx(tmp_path / "n.xlsx", [["THÁNG 11/2025"], ["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận", "Hồ sơ trực tuyến",
                                                           "Hồ sơ số hóa"], numbering, [1, "Xã Bá Thước", 1210, 821, 1205]])
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, ONLINE, NOV): 821, (BA, "dossiers_digitised", NOV): 1205}
    assert "    bỏ qua / skipped: dòng / rows 3: dòng đánh số cột / the column numbering row" in out.splitlines()


def test_a_bare_online_heading_over_counts_above_100_is_the_online_count(tmp_path, db, capsys):
    """'Tiếp nhận | Trực tuyến' over 210 | 180 on a workbook's second sheet: 180 cannot be a percentage,
    so 'Trực tuyến' is the online rate's numerator, dossiers received online (it was refused as
    ambiguous); the hidden row is left out. Small counts alone stay ambiguous."""
    rows = [["UBND TỈNH THANH HÓA"], ["THÁNG 11/2025"], ["STT", "Tên xã", "Tiếp nhận", "Trực tuyến"],
            [1, "Xã Bá Thước", 210, 180], [2, "Xã Hồi Xuân", 500, 400], [3, "Xã Điền Quang", 90, 60]]
    path = xlsx(tmp_path / "tt.xlsx", rows, hidden_rows=(5,), sheets={"Hướng dẫn": [["Điền số liệu vào trang sau"]]})
    out = loads(path, db, capsys)
    assert stored(db) == {(BA, RECEIVED, NOV): 210, (BA, ONLINE, NOV): 180,
                          (DIEN_QUANG, RECEIVED, NOV): 90, (DIEN_QUANG, ONLINE, NOV): 60}
    assert ("ghi chú / note: cột D (Trực tuyến) đọc là số đếm Hồ sơ tiếp nhận trực tuyến (dossiers_online): có ô lớn "
            "hơn 100, không thể là tỷ lệ % / column D (Trực tuyến) read as the count Dossiers received online "
            "(dossiers_online): cells above 100 cannot be a percentage") in out
    small = xlsx(tmp_path / "small.xlsx", [rows[1], rows[2], rows[3][:2] + [90, 60], rows[5]], hidden_rows=())
    assert "Tiêu đề 'Trực tuyến' không rõ là tỷ lệ" in refused(small, db, capsys, "--province", "38")


def test_merged_multi_level_headings_are_read_from_parent_and_child(tmp_path, db, capsys):
    """'Số hồ sơ nhận giải quyết → Tổng số' is dossiers received, '→ Trong đó → Trực tuyến' the online
    count; 'Trực tiếp' is not in the catalog: not loaded and named."""
    rows = [["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC THÁNG 11 NĂM 2025"],
            ["STT", "Đơn vị", "Số hồ sơ nhận giải quyết", None, None, "Kết quả giải quyết"],
            [None, None, "Tổng số", "Trong đó", None, "Trước hạn, đúng hạn", "Quá hạn"],
            [None, None, None, "Trực tuyến", "Trực tiếp"],
            [1, "Xã Bá Thước", 1210, 821, 389, 1190, 1], [2, "Xã Hồi Xuân", 402, 401, 1, 398, 0]]
    path = xlsx(tmp_path / "h.xlsx", rows, merges=("A2:A4", "B2:B4", "C2:E2", "C3:C4", "D3:E3", "F2:G2", "F3:F4",
                                                   "G3:G4"))
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, ONLINE, NOV): 821, (BA, ON_TIME, NOV): 1190,
                          (BA, LATE, NOV): 1, (HOI, RECEIVED, NOV): 402, (HOI, ONLINE, NOV): 401, (HOI, ON_TIME, NOV): 398,
                          (HOI, LATE, NOV): 0}
    assert ("ghi chú / note: không nạp cột không có trong danh mục chỉ tiêu: E (Trực tiếp) / columns the indicator "
            "catalog does not hold, not loaded: E (Trực tiếp)") in out


def test_the_table_on_a_later_sheet_is_found_and_named(tmp_path, db, capsys):
    path = xlsx(tmp_path / "s.xlsx", [["SỐ LIỆU THÁNG 11/2025"], ["STT", "Xã/phường", "Tổng số hồ sơ tiếp nhận"],
                                       [1, "Xã Bá Thước", 1210]],
                sheets={"Hướng dẫn": [["Hướng dẫn nhập số liệu: nhập số hồ sơ theo từng xã."]]})
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210}
    assert ("ghi chú / note: bảng số liệu đọc từ trang tính 'Báo cáo' (trang 'Hướng dẫn' không có bảng theo xã) / "
            "figures read from the sheet 'Báo cáo' ('Hướng dẫn': no table by commune)") in out


def test_two_sheets_with_tables_ask_for_the_sheet(tmp_path, db, capsys):
    table = [["THÁNG 10/2025"], ["Xã/phường", "Tổng số hồ sơ tiếp nhận"], ["Xã Bá Thước", 1100]]
    path = xlsx(tmp_path / "two.xlsx", [["THÁNG 11/2025"], ["Xã/phường", "Tổng số hồ sơ tiếp nhận"], ["Xã Bá Thước", 1210]],
                sheets={"T10": table})
    assert (f"{path}:-:-: Nhiều trang tính có bảng số liệu theo xã: 'T10', 'Báo cáo'; chọn một trang bằng --sheet TÊN / "
            "Several sheets hold a table by commune: 'T10', 'Báo cáo'; choose one with --sheet NAME") in refused(
        path, db, capsys, "--province", "38")
    loads(path, db, capsys, "--province", "38", "--sheet", "T10")
    assert stored(db) == {(BA, RECEIVED, OCT): 1100}


def test_hidden_rows_and_hidden_sheets_are_left_out_and_listed(tmp_path, db, capsys):
    rows = [["BÁO CÁO THÁNG 11/2025"], ["STT", "Xã/phường", "Tổng số hồ sơ tiếp nhận"], [1, "Xã Bá Thước", 1210],
            [2, "Xã Bá Thước", 1150], [3, "Xã Hồi Xuân", 402]]
    path = xlsx(tmp_path / "h.xlsx", rows, hidden_rows=(4,), sheets={"Dữ liệu cũ": [["Xã/phường", "Tháng", "Hồ sơ tiếp "
                                                                                    "nhận"], ["Xã Bá Thước", "10/2025",
                                                                                              1]]},
                hidden_sheets=("Dữ liệu cũ",))
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (HOI, RECEIVED, NOV): 402}
    assert "    bỏ qua / skipped: dòng / rows 4: hàng ẩn trong bảng tính (không nạp) / hidden rows of the sheet (not loaded)" \
           in out.splitlines()
    assert "ghi chú / note: bỏ qua trang tính ẩn: 'Dữ liệu cũ' / hidden sheets left out: 'Dữ liệu cũ'" in out


def test_an_export_with_joined_headings_and_a_year_column(tmp_path, db, capsys):
    """A system's export: 'MaXa;TenXa;Thang;Nam;ChiTieu;GiaTri', the month and the year apart."""
    path = fx.write_csv(tmp_path / "export.csv", ["MaXa;TenXa;Thang;Nam;ChiTieu;GiaTri",
                                                  f"{BA};Xã Bá Thước;11;2025;dossiers_received;1210",
                                                  f"{HOI};Xã Hồi Xuân;10;2025;dossiers_received;402"])
    loads(path, db, capsys)
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (HOI, RECEIVED, OCT): 402}


def test_a_header_of_unknown_words_is_named_in_the_refusal(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "h.csv", ["SỞ NỘI VỤ", "", "TT,Đơn vị xã,Hồ sơ nhận,Nộp qua mạng", "1,Bá Thước,1210,821"])
    assert (f"{path}:3:-: Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột như Xã/phường, Tháng, mã chỉ tiêu…); "
            "dòng 3 có vẻ là tiêu đề nhưng chỉ nhận ra 'TT'; không nhận ra 'Đơn vị xã', 'Hồ sơ nhận', 'Nộp qua mạng'. "
            "Đổi tiêu đề cho khớp danh mục chỉ tiêu (data/catalog/indicators.yaml) và ghi cột tên xã là 'Xã/phường'"
            ) in refused(path, db, capsys, "--province", "38")


def test_one_communes_vertical_report_takes_the_commune_from_its_letterhead(tmp_path, db, capsys):
    rows = [["UBND XÃ BÁ THƯỚC", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["TRUNG TÂM PHỤC VỤ HCC", None, None, "Bá Thước, ngày 01 tháng 12 năm 2025"],
            ["BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ"], ["Tháng 11 năm 2025"],
            ["STT", "Chỉ tiêu", "ĐVT", "Kết quả", "Ghi chú"],
            ["I", "GIẢI QUYẾT TTHC"],
            ["1", "Tổng số hồ sơ tiếp nhận", "Hồ sơ", 1210], ["1.1", "Trong đó: hồ sơ trực tuyến", "Hồ sơ", 821],
            ["2", "Đang giải quyết", "Hồ sơ", "-"], ["3", "Tỷ lệ kích hoạt VNeID (%)", "%", "97,5", "Công an xã"],
            [None, "NGƯỜI LẬP", None, "CHỦ TỊCH"]]
    loads(xlsx(tmp_path / "bt.xlsx", rows), db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, ONLINE, NOV): 821, (BA, IN_PROGRESS, NOV): 0,
                          (BA, "vneid_activated_pct", NOV): 97.5}
    nameless = xlsx(tmp_path / "x.xlsx", rows[2:])
    assert (f"{nameless}:3:-: Đây là báo cáo của một xã (STT / Chỉ tiêu / ĐVT / Kết quả) nhưng không thấy tên xã: tên "
            "xã được đọc từ dòng đầu báo cáo ('UBND XÃ …', 'ỦY BAN NHÂN DÂN PHƯỜNG …'); thêm dòng đó phía trên bảng, "
            "hoặc thêm cột Xã/phường") in refused(nameless, db, capsys, "--province", "38")


# ---- 5. numbers ----------------------------------------------------------------------------------------------

def test_dash_is_zero_in_counts_and_stocks_and_dots_are_not_reported(tmp_path, db, capsys):
    lines = ["BÁO CÁO THÁNG 11/2025", "",
             "STT;Xã, phường;Tổng số hồ sơ tiếp nhận;Quá hạn;Đang giải quyết;Tỷ lệ kích hoạt VNeID (%);Chỉ số phục vụ",
             "1;Xã Bá Thước;312;-;–;…;x", "2;Xã Hồi Xuân;150;x;-;-;\"80,5\"", "3;Xã Điền Quang;…;2;không có số liệu;88,5;-"]
    path = tmp_path / "dash.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 312, (BA, LATE, NOV): 0, (BA, IN_PROGRESS, NOV): 0,
                          (HOI, RECEIVED, NOV): 150, (HOI, IN_PROGRESS, NOV): 0, (HOI, "service_index", NOV): 80.5,
                          (DIEN_QUANG, LATE, NOV): 2, (DIEN_QUANG, "vneid_activated_pct", NOV): 88.5}


def test_a_rate_column_mixing_fractions_and_percentages_is_refused_naming_the_cells(tmp_path, db, capsys):
    """Before, 0,9745 loaded as 0,97 % beside 96,8 %."""
    path = xlsx(tmp_path / "mix.xlsx", [["THÁNG 10/2025"], ["STT", "Xã/phường", "Tỷ lệ hồ sơ đúng hạn (%)"],
                                         [1, "Xã Bá Thước", 0.9745], [2, "Xã Hồi Xuân", 96.8]])
    assert (f"{path}:3:C (Tỷ lệ hồ sơ đúng hạn (%)): '0.9745' là phân số (97,45 %) trong khi các ô khác của cột là phần "
            "trăm (96,8 ở dòng 4): ghi mọi tỷ lệ cùng một cách (97,45) hoặc định dạng ô là % / '0.9745' is a fraction "
            "(97.45 %) while other cells of the column are percentages (96.8 in row 4): write every rate the same way "
            "(97.45) or format the cells as %") in refused(path, db, capsys, "--province", "38")
    fractions = fx.write_csv(tmp_path / "f.csv", ["Xã/phường,Tháng,Tỷ lệ kích hoạt VNeID (%)", "Bá Thước,2025-10,0.975",
                                                  "Hồi Xuân,2025-10,1"])
    assert "Tỷ lệ '0.975' trông như phân số (97,5 %): mọi giá trị của cột đều từ 0 đến 1." in refused(
        fractions, db, capsys, "--province", "38")


def test_a_small_rate_written_like_its_column_is_a_percentage(tmp_path, db, capsys):
    """0,2 beside 69,4 and 100 is a 5G coverage of 0,2 % (same precision), not a fraction of 20 %;
    0,9745 beside 96,8 carries two more decimals: a fraction."""
    path = fx.write_csv(tmp_path / "5g.csv", ["Xã/phường;Tháng;Tỷ lệ phủ sóng 5G (%);Tỷ lệ kích hoạt VNeID (%)",
                                              "Bá Thước;2025-11;0,2;96,8", "Hồi Xuân;2025-11;69,4;0,9745",
                                              "Điền Quang;2025-11;100;91,2"])
    err = refused(path, db, capsys, "--province", "38")
    assert "3:D (Tỷ lệ kích hoạt VNeID (%)): '0,9745' là phân số (97,45 %)" in err and "'0,2'" not in err
    fixed = fx.write_csv(tmp_path / "5g2.csv", ["Xã/phường;Tháng;Tỷ lệ phủ sóng 5G (%)", "Bá Thước;2025-11;0,2",
                                                "Hồi Xuân;2025-11;69,4", "Điền Quang;2025-11;100"])
    loads(fixed, db, capsys, "--province", "38")
    assert stored(db) == {(BA, "coverage_5g_pct", NOV): 0.2, (HOI, "coverage_5g_pct", NOV): 69.4,
                          (DIEN_QUANG, "coverage_5g_pct", NOV): 100}


def test_percentages_by_format_or_sign_load(tmp_path, db, capsys):
    path = xlsx(tmp_path / "pct.xlsx", [["THÁNG 11/2025"], ["Xã/phường", "Tỷ lệ kích hoạt VNeID (%)", "Phổ cập tri thức số"
                                                             " (%)"], ["Xã Bá Thước", "97,5%", 0.823],
                                         ["Xã Hồi Xuân", 100, 0.005]], formats={"C3": "0.0%", "C4": "0.0%"})
    loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, "vneid_activated_pct", NOV): 97.5, (BA, "digital_literacy_pct", NOV): 82.3,
                          (HOI, "vneid_activated_pct", NOV): 100, (HOI, "digital_literacy_pct", NOV): 0.5}


def test_ods_is_read_with_merges_percentages_and_hidden_rows(tmp_path, db, capsys):
    rows = [["UBND TỈNH THANH HÓA"], ["BÁO CÁO THÁNG 11/2025"],
            ["STT", "Xã/phường", "Số hồ sơ nhận giải quyết", None, "Tỷ lệ kích hoạt VNeID (%)"],
            [None, None, "Tổng số", "Trực tuyến"],
            [1, "Xã Bá Thước", 1210, 821, ("%", 0.975)], [2, "Xã Bá Thước", 999, 1, ("%", 0.5)],
            [3, "Xã Hồi Xuân", 402, 401, 100], ["Tổng cộng", None, 2611, 1223]]
    path = fx.write_ods(tmp_path / "lo.ods", [
        {"name": "Cũ", "hidden": True, "rows": [["Xã/phường", "Tháng", "Hồ sơ tiếp nhận"], ["Bá Thước", "10/2025", 1]]},
        {"name": "T11", "rows": rows, "hidden_rows": {6}, "spans": {(3, 1): (1, 2), (3, 2): (1, 2), (3, 3): (2, 1),
                                                                    (3, 5): (1, 2)}}])
    out = loads(path, db, capsys)
    assert stored(db) == {(BA, RECEIVED, NOV): 1210, (BA, ONLINE, NOV): 821, (BA, "vneid_activated_pct", NOV): 97.5,
                          (HOI, RECEIVED, NOV): 402, (HOI, ONLINE, NOV): 401, (HOI, "vneid_activated_pct", NOV): 100}
    assert "hidden sheets left out: 'Cũ'" in out and "rows 6: hàng ẩn trong bảng tính" in out


def test_xls_is_refused_with_the_fix(tmp_path, db, capsys):
    path = tmp_path / "bao_cao.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert refused(path, db, capsys) == (
        f"{path}:-:-: Tệp .xls (Excel 97–2003) không được đọc: mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành "
        "(Save As) dạng .xlsx (hoặc .ods) rồi nạp tệp mới / Old .xls (Excel 97–2003) files are not read: open the file in "
        f"Excel or LibreOffice, Save As .xlsx (or .ods) and load the new file\n{path}: TỪ CHỐI / REFUSED (1 lỗi / errors)\n"
        "Không nạp gì cả / Nothing was loaded.\n")


# ---- 6. consistency ----------------------------------------------------------------------------------------------

def test_a_part_above_its_whole_is_refused_naming_both_cells(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "p.csv", ["Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận,Hồ sơ trực tuyến,Hồ sơ số hóa",
                                             "Bá Thước,2025-11,1210,1821,1205", "Hồi Xuân,2025-11,402,401,402"])
    assert (f"{path}:2:D (Hồ sơ trực tuyến): Hồ sơ tiếp nhận trực tuyến (1.821) lớn hơn hồ sơ tiếp nhận (1.210, dòng 2, cột "
            "C (Tổng số hồ sơ tiếp nhận)) của cùng xã, cùng tháng: phần không thể lớn hơn tổng; kiểm tra hai ô này / "
            "Dossiers received online (1821) exceeds dossiers received (1210, row 2, column C (Tổng số hồ sơ tiếp nhận)) "
            "of the same commune and month: a part cannot exceed its whole; check these two cells") in refused(
        path, db, capsys, "--province", "38")


def test_resolved_above_received_loads_with_a_warning_unless_the_backlog_rules_it_out(tmp_path, db, capsys):
    head = "Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận,Giải quyết đúng hạn,Quá hạn,Đang giải quyết"
    path = fx.write_csv(tmp_path / "w.csv", [head, "Bá Thước,2025-11,300,310,2,5"])
    out = loads(path, db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, NOV): 300, (BA, ON_TIME, NOV): 310, (BA, LATE, NOV): 2,
                          (BA, IN_PROGRESS, NOV): 5}
    assert ("[cảnh báo / warning] Số hồ sơ đã giải quyết (312 = hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ giải quyết "
            "quá hạn) lớn hơn số tiếp nhận (300, dòng 2): có thể do hồ sơ tồn từ tháng trước") in out
    in_file = fx.write_csv(tmp_path / "b.csv", [head, "Hồi Xuân,2025-10,100,95,0,3", "Hồi Xuân,2025-11,100,110,0,0"])
    assert ("Số hồ sơ đã giải quyết (110 = hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ giải quyết quá hạn) lớn hơn số "
            "tiếp nhận (100) cộng số hồ sơ tồn tháng trước (3): kiểm tra các ô này") in refused(
        in_file, db, capsys, "--province", "38")
    loaded = fx.write_csv(tmp_path / "d.csv", [head, "Bá Thước,2025-12,100,120,0,0"])  # November's backlog: 5
    assert "lớn hơn số tiếp nhận (100) cộng số hồ sơ tồn tháng trước (5): kiểm tra các ô này" in refused(
        loaded, db, capsys, "--province", "38")


def test_a_backlog_already_loaded_that_explains_resolved_above_received_is_named_in_the_warning(tmp_path, db, capsys):
    """October left 40 dossiers in progress; November resolved 82 of 50 received. The warning said
    "none loaded to check against" although October was loaded."""
    head = "Xã/phường,Tháng,Tổng số hồ sơ tiếp nhận,Giải quyết đúng hạn,Quá hạn,Đang giải quyết"
    loads(fx.write_csv(tmp_path / "t10.csv", [head, "Bá Thước,10/2025,100,60,0,40"]), db, capsys, "--province", "38")
    out = loads(fx.write_csv(tmp_path / "t11.csv", [head, "Bá Thước,11/2025,50,80,2,8"]), db, capsys, "--province", "38")
    assert stored(db) == {(BA, RECEIVED, OCT): 100, (BA, ON_TIME, OCT): 60, (BA, LATE, OCT): 0, (BA, IN_PROGRESS, OCT): 40,
                          (BA, RECEIVED, NOV): 50, (BA, ON_TIME, NOV): 80, (BA, LATE, NOV): 2, (BA, IN_PROGRESS, NOV): 8}
    assert ("[cảnh báo / warning] Số hồ sơ đã giải quyết (82 = hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ giải quyết "
            "quá hạn) lớn hơn số tiếp nhận (50, dòng 2) nhưng không quá số tiếp nhận cộng 40 hồ sơ đang giải quyết cuối "
            "tháng 2025-10 đã nạp: hồ sơ tồn tháng trước đã được giải quyết / Dossiers resolved (82 = dossiers resolved "
            "early or on time + dossiers resolved late) exceed those received (50, row 2) but not received plus the 40 "
            "dossiers in progress at the end of 2025-10, already loaded: the previous month's backlog was resolved") in out
    assert "none loaded to check against" not in out


# ---- 8. messages ----------------------------------------------------------------------------------------------------

def test_a_national_file_with_200000_errors_prints_a_page(tmp_path, db, capsys):
    """Every commune, 60 months, every count negative: refused with the first rows of each rule and a total."""
    codes = masterdata.communes()["commune_code"]
    months = pl.date_range(dt.date(2021, 1, 1), dt.date(2025, 12, 1), "1mo", eager=True)
    frame = (pl.DataFrame({"commune_code": codes}).join(pl.DataFrame({"period": months}), how="cross")
             .with_columns(pl.col("commune_code").cast(pl.String).str.zfill(5), pl.col("period").dt.strftime("%Y-%m"),
                           pl.lit("dossiers_received").alias("indicator"), pl.lit(-1).alias("value")))
    path = tmp_path / "national.csv"
    frame.write_csv(path)
    err = refused(path, db, capsys)
    lines = err.splitlines()
    assert len(lines) <= 20
    assert lines[0] == (f"{path}:2:A (commune_code): Tháng 2021-01 trước cải cách chính quyền hai cấp (2025-07); số liệu "
                        "trước cải cách không nạp mặc định. Nếu đây là số đã tính lại cho Phường Ba Đình, nạp với "
                        "--aggregate-old / 2021-01 is before the two-level reform (2025-07); figures from before the reform "
                        "do not load by default. If these were recomputed for Phường Ba Đình, load with --aggregate-old")
    assert f"{path}: … và 179.329 lỗi khác cùng loại (before_reform) / … and 179329 more of the same kind" in err
    assert f"{path}: TỪ CHỐI / REFUSED (199.260 lỗi / errors)" in err
