"""Every text a user reads, Vietnamese first, English second.

`t(key, lang, **values)` looks a key up; a missing key raises in tests (see
tests/test_i18n.py) rather than showing a raw key to an official. Indicator names and
definitions come from the catalog (`Indicator.name(lang)`), not from here.
Add keys in the section of the page that uses them.
"""
from __future__ import annotations

LANGS = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # ---- shared: navigation, sidebar, banner ------------------------------------------------
    "app_title": ("Bảng so sánh xã, phường", "Commune comparison dashboard"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_rankings": ("Xếp hạng", "Rankings"),
    "page_map": ("Bản đồ", "Map"),
    "page_trends": ("Xu hướng", "Trends"),
    "page_profile": ("Hồ sơ xã", "Commune profile"),
    "page_compare": ("So sánh", "Compare"),
    "page_methodology": ("Phương pháp và dữ liệu", "Methodology and data"),
    "province": ("Tỉnh, thành phố", "Province"),
    "period": ("Kỳ báo cáo", "Period"),
    "window": ("Khoảng thời gian", "Window"),
    "window_month": ("Tháng", "Month"),
    "window_quarter": ("Quý (lũy kế đến tháng)", "Quarter to date"),
    "window_ytd": ("Từ đầu năm", "Year to date"),
    "window_12m": ("12 tháng", "12 months"),
    "language": ("Ngôn ngữ", "Language"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "commune": ("Xã, phường", "Commune"),
    "communes": ("Xã, phường", "Communes"),
    "scope": ("Phạm vi xếp hạng", "Ranking scope"),
    "scope_province": ("Trong tỉnh", "Within province"),
    "scope_national": ("Toàn quốc", "National"),
    "division_type": ("Loại đơn vị", "Type"),
    "type_all": ("Tất cả", "All"),
    "type_xa": ("Xã", "Commune (xã)"),
    "type_phuong": ("Phường", "Ward (phường)"),
    "type_dac_khu": ("Đặc khu", "Special zone (đặc khu)"),
    "demo_banner": (
        "Dữ liệu minh họa: các số liệu là dữ liệu mô phỏng, không phải số liệu chính thức "
        "(trừ một số số liệu đã công bố, có ghi nguồn).",
        "Demo data: these figures are simulated, not official (except a few published figures, "
        "shown with their sources)."),
    "no_database": (
        "Chưa có cơ sở dữ liệu tại {path}. Chạy `make run` (tự tạo dữ liệu minh họa) hoặc "
        "`python -m etl demo`.",
        "No database at {path}. Run `make run` (builds the demo data) or `python -m etl demo`."),
    "invalid_param": (
        "Giá trị không hợp lệ trong đường dẫn cho “{name}”; đã dùng giá trị mặc định.",
        "Invalid value in the link for “{name}”; the default is used instead."),
    "data_as_of": ("Số liệu đến {period}", "Data as of {period}"),
    "no_data": ("chưa có số liệu", "no data"),
    "new": ("mới", "new"),
    "not_reported": ("Chưa báo cáo", "Not reported"),
    "status_green": ("Xanh", "Green"),
    "status_yellow": ("Vàng", "Yellow"),
    "status_red": ("Đỏ", "Red"),
    "r57_title": ("Bản đồ Nghị quyết 57", "Resolution 57 map"),
    "target": ("Chỉ tiêu", "Target"),
    "target_met": ("Đạt", "Met"),
    "target_missed": ("Chưa đạt", "Missed"),
    "province_median": ("Trung vị tỉnh", "Province median"),
    "rank": ("Xếp hạng", "Rank"),
    "value": ("Giá trị", "Value"),
    "change": ("Thay đổi", "Change"),
    "percentile": ("Phân vị", "Percentile"),
    "grade": ("Xếp loại", "Grade"),
    "name": ("Tên đơn vị", "Name"),
    "code": ("Mã", "Code"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "download_png": ("Tải ảnh PNG", "Download PNG"),
    "download_svg": ("Tải ảnh SVG", "Download SVG"),
    "chrome_missing": (
        "Không xuất được ảnh biểu đồ: máy chủ chưa cài trình duyệt Chromium.",
        "Chart images cannot be exported: Chromium is not installed on the server."),
    "map_layer": ("Lớp bản đồ", "Map layer"),
    "layer_r57": ("Trạng thái Nghị quyết 57", "Resolution 57 status"),
    "layer_indicator": ("Chỉ tiêu", "Indicator"),
    "trend_view": ("Hiển thị", "Show"),
    "view_value": ("Giá trị", "Value"),
    "view_rank": ("Thứ hạng", "Rank"),
    "reform_marker": ("Chính quyền hai cấp (1/7/2025)", "Two-level government (1 Jul 2025)"),
    # ---- overview (pages/overview.py) --------------------------------------------------------
    # ---- rankings (pages/rankings.py) --------------------------------------------------------
    # ---- map (pages/map.py) ----------------------------------------------------------------
    "map_caption": ("{layer} · {window}: {period} · {scope}", "{layer} · {window}: {period} · {scope}"),
    "map_legend": ("Chú giải", "Legend"),
    "map_status_counts": ("Số xã, phường theo trạng thái", "Communes by status"),
    "map_classes": ("{indicator} (5 nhóm, mỗi nhóm khoảng 1/5 số xã)",
                    "{indicator} (5 classes, about a fifth of the communes each)"),
    "map_selected_note": ("Viền đen: {names}", "Black outline: {names}"),
    "map_no_shape": ("Chưa có ranh giới trên bản đồ ({n}): {names}", "No shape on the map ({n}): {names}"),
    "map_all_shapes": ("Tất cả {n} xã, phường đều có ranh giới trên bản đồ.", "All {n} communes have a shape on the map."),
    "map_no_data": ("Chưa có số liệu cho kỳ này để tô màu bản đồ.", "No figures for this period to colour the map."),
    "map_hint": ("Di chuột lên một xã để xem tên, giá trị, thứ hạng và trạng thái.",
                 "Hover over a commune to see its name, value, rank and status."),
    "map_national_note": ("Toàn quốc: ranh giới đã được đơn giản hóa; chọn “Trong tỉnh” để xem chi tiết.",
                          "National: simplified shapes; choose “Within province” for detail."),
    "map_red_list": ("Xã, phường trạng thái Đỏ", "Communes in red"),
    "map_unreported_list": ("Xã, phường chưa báo cáo", "Communes not reported"),
    # ---- trends (pages/trends.py) ----------------------------------------------------------
    # ---- profile (pages/profile.py) --------------------------------------------------------
    # ---- compare (pages/compare.py) --------------------------------------------------------
    # ---- methodology (pages/methodology.py) ------------------------------------------------
    # ---- exports (dashboard/exports.py) ----------------------------------------------------
}


def t(key: str, lang: str = "vi", **values) -> str:
    """The text of `key` in `lang` ('vi' or 'en'), with {placeholders} filled."""
    vi, en = TEXTS[key]
    text = vi if lang != "en" else en
    return text.format(**values) if values else text


def status_label(status: str | None, lang: str = "vi") -> str:
    """Resolution 57 status in words (colour is never the only carrier)."""
    if status is None:
        return t("not_reported", lang)
    return t(f"status_{status}", lang)


def window_label(window: str, lang: str = "vi") -> str:
    return t(f"window_{window}", lang)


def division_label(slug: str, lang: str = "vi") -> str:
    return t(f"type_{slug}", lang)
