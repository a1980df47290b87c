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
    "choose_communes": ("Chọn xã, phường…", "Choose communes…"),
    "scope": ("Phạm vi xếp hạng", "Ranking scope"),
    "scope_province": ("Trong tỉnh", "Within province"),
    "scope_national": ("Toàn quốc", "National"),
    "division_type": ("Loại đơn vị", "Type"),
    "type_all": ("Tất cả", "All"),
    "type_xa": ("Xã", "Commune"),
    "type_phuong": ("Phường", "Ward"),
    "type_dac_khu": ("Đặc khu", "Special zone"),
    "demo_banner": (
        "Dữ liệu minh họa: các số liệu là dữ liệu mô phỏng, không phải số liệu chính thức "
        "(trừ một số số liệu đã công bố, có ghi nguồn).",
        "Demo data: these figures are simulated, not official (except a few published figures, "
        "shown with their sources)."),
    "no_database": (
        "Chưa có cơ sở dữ liệu. Quản trị viên: chạy `make run` (tự tạo dữ liệu minh họa) hoặc "
        "`python -m etl demo`; đường dẫn đang dùng được ghi trong nhật ký máy chủ.",
        "No database yet. Administrators: run `make run` (builds the demo data) or `python -m etl demo`; "
        "the path in use is written to the server's log."),
    "invalid_param": (
        "Giá trị không hợp lệ trong đường dẫn cho “{name}”; đã dùng giá trị mặc định.",
        "Invalid value in the link for “{name}”; the default is used instead."),
    "invalid_param_clamped": (
        "Giá trị trong đường dẫn cho “{name}” nằm ngoài giới hạn; đã dùng giá trị gần nhất trong giới hạn.",
        "The value in the link for “{name}” is out of bounds; the nearest value within them is used."),
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
    "map_tiles": ("Bản đồ nền (cần Internet)", "Base map (needs the internet)"),
    "layer_r57": ("Trạng thái Nghị quyết 57", "Resolution 57 status"),
    "layer_indicator": ("Chỉ tiêu", "Indicator"),
    "trend_view": ("Hiển thị", "Show"),
    "view_value": ("Giá trị", "Value"),
    "view_rank": ("Thứ hạng", "Rank"),
    "reform_marker": ("Chính quyền hai cấp ({date})", "Two-level government ({date})"),
    "search_all": ("Tìm xã, phường, tỉnh", "Find a commune or province"),
    "search_all_placeholder": ("Gõ tên, có dấu hoặc không: ba thuoc", "Type a name, accents optional: ba thuoc"),
    "search_picker": ("Tìm trong danh sách (gõ không dấu được)", "Search the list (accents optional)"),
    "search_picker_placeholder": ("vd. ba thuoc", "e.g. ba thuoc"),
    "search_none": ("Không tìm thấy “{query}”.", "Nothing found for “{query}”."),
    "search_more": ("và {n} kết quả khác: gõ thêm để thu hẹp.", "and {n} more: type more to narrow it down."),
    "present_mode": ("Chế độ trình chiếu", "Presentation mode"),
    "present_mode_help": ("Ẩn thanh bên, chữ lớn hơn, dùng cho máy chiếu phòng họp.",
                          "Hides the sidebar and enlarges the type, for a meeting-room projector."),
    "present_exit": ("Thoát chế độ trình chiếu", "Leave presentation mode"),
    "copy_link": ("Sao chép liên kết", "Copy link"),
    "copy_link_done": ("Đã sao chép liên kết", "Link copied"),
    "copy_link_help": ("Liên kết giữ nguyên trang, tỉnh, kỳ, chỉ tiêu, xã đã chọn và bộ lọc: người nhận thấy đúng "
                       "màn hình này.",
                       "The link keeps the page, province, period, indicator, chosen communes and filters: whoever "
                       "opens it sees this view."),
    "page_error": ("Trang gặp lỗi khi hiển thị và đã được ghi lại (mã {ref}). Hãy tải lại trang hoặc chọn giá "
                   "trị khác; nếu lỗi lặp lại, báo cho quản trị viên kèm mã này.",
                   "This page hit an error, which has been logged (reference {ref}). Reload the page or choose "
                   "other values; if it happens again, tell the administrator this reference."),
    # ---- overview (pages/overview.py) --------------------------------------------------------
    "ov_caption": ("{province} · {when}", "{province} · {when}"),
    "ov_communes": ("Số xã, phường, đặc khu", "Communes, wards and special zones"),
    "ov_online_median": ("Trung vị tỷ lệ hồ sơ trực tuyến", "Median online dossier rate"),
    "ov_online_median_help": ("So với chỉ tiêu {target} áp dụng cho {province}.",
                              "Against the {target} target that applies to {province}."),
    "ov_missing_target": ("Số xã chưa đạt chỉ tiêu {target}", "Communes below the {target} target"),
    "ov_missing_target_help": ("{no_data} xã chưa có số liệu không được tính.",
                               "{no_data} communes without data are not counted."),
    "ov_missing_target_list": ("Xem danh sách xã chưa đạt", "List the communes below the target"),
    "deferred_loading": ("Đang tải {what}…", "Loading {what}…"),
    "deferred_map": ("bản đồ", "the map"),
    "deferred_table": ("bảng", "the table"),
    "ov_map_hint": ("Bấm (hoặc chạm) vào một xã trên bản đồ để chọn xã đó cho phần tóm tắt. Khung nhìn đã kéo, "
                    "thu phóng được giữ trong liên kết và trên trang Bản đồ.",
                    "Click (or tap) a commune on the map to choose it for the summary. A view dragged or zoomed is "
                    "kept in the link and on the Map page."),
    "ov_r57_green": ("Xanh trên bản đồ NQ57", "Green on the Resolution 57 map"),
    "ov_r57_heading": ("Trạng thái trên bản đồ Nghị quyết 57", "Status on the Resolution 57 map"),
    "ov_r57_none": ("Chưa có xã nào báo cáo trạng thái Nghị quyết 57 trong kỳ này.",
                    "No commune reported a Resolution 57 status in this period."),
    "ov_r57_note": ("“Chưa báo cáo” không được tính là xanh hay đỏ.",
                    "“Not reported” is counted neither as green nor as red."),
    "ov_grades_heading": ("Xếp loại Chỉ số phục vụ người dân, doanh nghiệp", "Service index grades"),
    "ov_grades_caption": ("{n} xã có điểm; {missing} chưa có số liệu.", "{n} communes scored; {missing} without data."),
    "ov_movers_heading": ("Thay đổi thứ hạng lớn nhất: {indicator}", "Biggest rank changes: {indicator}"),
    "ov_movers_up": ("Tăng hạng", "Moved up"),
    "ov_movers_down": ("Giảm hạng", "Moved down"),
    "ov_movers_none": ("Không có xã nào đổi thứ hạng theo hướng này.", "No commune moved this way."),
    "ov_movers_no_previous": ("Không có kỳ trước để so sánh thứ hạng.", "There is no previous period to compare ranks with."),
    "ov_prev_rank": ("Hạng kỳ trước", "Previous rank"),
    "ov_summary_heading": ("Tóm tắt", "Summary"),
    "ov_online_none": ("Chưa có số liệu hồ sơ trực tuyến trong kỳ này.", "No online dossier figures in this period."),
    "unit_points": ("điểm", "points"),
    "since_prev_month": ("so với tháng trước", "on the previous month"),
    "since_prev_window": ("so với kỳ trước (cùng khoảng thời gian, lùi một tháng)",
                          "on the previous period (the same window, one month earlier)"),
    "summary_rank": ("{name} xếp thứ {rank} {where} về {indicator} ({details}), {change}",
                     "{name} ranks {rank} {where} on {indicator} ({details}), {change}"),
    "summary_province": ("trong tỉnh", "in the province"),
    "summary_without_data": (" ({n} xã, phường chưa có số liệu)", " ({n} without data)"),
    "summary_national": ("toàn quốc", "nationally"),
    "summary_grade": ("xếp loại {grade}", "grade {grade}"),
    "summary_up": ("tăng {n} bậc {since}", "up {n} places {since}"),
    "summary_down": ("giảm {n} bậc {since}", "down {n} places {since}"),
    "summary_same_rank": ("giữ nguyên thứ hạng {since}", "unchanged {since}"),
    "summary_newly_ranked": ("lần đầu được xếp hạng", "ranked for the first time"),
    "summary_target_met": ("; đạt chỉ tiêu {target}", "; meets the {target} target"),
    "summary_target_missed": ("; chưa đạt chỉ tiêu {target}", "; below the {target} target"),
    "summary_r57": ("; trạng thái {status} trên bản đồ Nghị quyết 57", "; {status} on the Resolution 57 map"),
    "summary_r57_none": ("; chưa báo cáo trạng thái trên bản đồ Nghị quyết 57",
                         "; no status reported on the Resolution 57 map"),
    "summary_no_data": ("Chưa có số liệu {indicator} trong kỳ này.", "No {indicator} figures in this period."),
    "summary_unranked": ("{name} chưa có số liệu {indicator} trong kỳ này nên chưa được xếp hạng",
                         "{name} has no {indicator} figure in this period and is not ranked"),
    # ---- rankings (pages/rankings.py) --------------------------------------------------------
    "rk_caption": ("{scope} · {when}", "{scope} · {when}"),
    "rk_search": ("Tìm theo tên (gõ có dấu hoặc không dấu)", "Search by name (accents optional)"),
    "rk_search_placeholder": ("vd. ba thuoc", "e.g. ba thuoc"),
    "rk_showing": ("Hiển thị {shown}/{total} đơn vị.", "Showing {shown} of {total}."),
    "rk_unranked_note": ("{n} đơn vị chưa có số liệu: không xếp hạng, ghi “chưa có số liệu”.",
                         "{n} without data: not ranked, shown as “no data”."),
    "rk_no_match": ("Không tìm thấy đơn vị nào khớp với “{query}”.", "Nothing matches “{query}”."),
    "rk_trend": ("12 tháng gần nhất", "Last 12 months"),
    "rk_trend_help": ("Các tháng có số liệu trong 12 tháng gần nhất; mỗi dòng có thang riêng.",
                      "Months with figures in the last 12; each row has its own scale."),
    "rk_top_n": ("Số đơn vị mỗi đầu bảng", "Communes at each end"),
    "rk_chart_none": ("Không có số liệu để vẽ biểu đồ trong kỳ này.", "No figures to chart in this period."),
    "rk_groups_heading": ("Chỉ số phục vụ theo nhóm: mất điểm ở đâu", "Service index by group: where the points were lost"),
    "rk_groups_none": ("Chưa có số liệu các nhóm chỉ số của {name} trong kỳ này.",
                       "No group scores for {name} in this period."),
    "rk_groups_pick": ("Xã, phường xem theo nhóm", "Commune shown by group"),
    "rk_images_note": ("Ảnh biểu đồ được tạo khi bấm tải (lần đầu mất vài giây).",
                       "Chart images are made when you click (a few seconds the first time)."),
    "export_n_ranked": ("Số đơn vị được xếp hạng", "Communes ranked"),
    "rk_sheet": ("Xếp hạng", "Ranking"),
    "rk_target": ("Mục tiêu", "Target"),  # "Chỉ tiêu" also reads as "indicator"
    "rk_unranked_scope": ("{n} đơn vị chưa có số liệu kỳ này: không xếp hạng (thứ hạng “1/{ranked}” tính trên "
                          "{ranked} đơn vị có số liệu), ghi “chưa có số liệu” ở cuối bảng.",
                          "{n} communes have no figure this period: not ranked (ranks “1/{ranked}” are among the "
                          "{ranked} with one), listed as “no data” at the end."),
    "rk_below": ("Chỉ xã chưa đạt chỉ tiêu {target}", "Only communes below the {target} target"),
    "rk_below_help": ("Xã, phường chưa có số liệu không được tính là chưa đạt.",
                      "Communes without a figure are not counted as below the target."),
    "rk_below_none": ("Không có xã, phường nào chưa đạt chỉ tiêu trong danh sách này.",
                      "No commune in this list is below the target."),
    "rk_rank_help": ("Thứ hạng trong số {n} đơn vị có số liệu.", "Rank among the {n} communes with a figure."),
    "rk_sort": ("Sắp xếp theo", "Sort by"),
    "rk_sort_help": ("Thứ tự này được giữ trong liên kết sao chép. Bấm tiêu đề một cột cũng sắp xếp bảng, nhưng "
                     "chỉ trên máy này: liên kết không giữ thứ tự đó.",
                     "A copied link keeps this order. Clicking a column header also sorts the table, but only "
                     "on this screen: links do not keep that order."),
    "rk_sort_rank_asc": ("Xếp hạng: từ hạng 1", "Rank: best first"),
    "rk_sort_rank_desc": ("Xếp hạng: từ hạng cuối", "Rank: worst first"),
    "rk_sort_value_desc": ("Giá trị: cao đến thấp", "Value: highest first"),
    "rk_sort_value_asc": ("Giá trị: thấp đến cao", "Value: lowest first"),
    "rk_sort_change_desc": ("Thay đổi hạng: tăng nhiều nhất", "Change in rank: biggest rise first"),
    "rk_sort_change_asc": ("Thay đổi hạng: giảm nhiều nhất", "Change in rank: biggest fall first"),
    "rk_sort_name_asc": ("Tên: A đến Z", "Name: A to Z"),
    "rk_sort_name_desc": ("Tên: Z đến A", "Name: Z to A"),
    "rk_percentile_help": ("100 = tốt nhất, 0 = kém nhất.", "100 = best, 0 = worst."),
    "rk_target_help": ("Đạt hay chưa đạt chỉ tiêu {target}.", "Whether the {target} target is met."),
    "rk_click_hint": ("Bấm vào một dòng để mở hồ sơ xã đó.", "Click a row to open that commune's profile."),
    "target_note_province": ("Đường chỉ tiêu {target} của {province}: {source}.",
                             "The {target} line is {province}'s target: {source}."),
    "target_note_beside_national": ("Chỉ tiêu toàn quốc là {national} ({source}); trong phạm vi tỉnh, xã được so "
                                    "với chỉ tiêu của tỉnh.",
                                    "The national target is {national} ({source}); within the province, communes "
                                    "are measured against the province's target."),
    "target_note_national": ("Đường chỉ tiêu {target}: {source}.", "The {target} line: {source}."),
    "target_note_no_own": ("{province} chưa đặt chỉ tiêu riêng nên dùng chỉ tiêu toàn quốc.",
                           "{province} has set no target of its own, so the national one applies."),
    "target_note_provinces_own": ("Toàn quốc, mọi xã được so với chỉ tiêu này; một số tỉnh đặt chỉ tiêu riêng "
                                  "cho xã của mình ({list}), xem khi chọn phạm vi trong tỉnh.",
                                  "Nationally every commune is measured against it; some provinces set their own "
                                  "for their communes ({list}), shown within the province."),
    "choose_indicators": ("Chọn chỉ tiêu…", "Choose indicators…"),
    "chart_ranking_title": ("Xếp hạng theo {indicator}", "Ranking on {indicator}"),
    "chart_top_n": ("{n} đơn vị đứng đầu", "Top {n}"),
    "chart_bottom_n": ("{n} đơn vị đứng cuối", "Bottom {n}"),
    "chart_top_filtered": ("Xếp hạng tốt nhất trong danh sách lọc (hạng {ranks})",
                           "Best ranked of the filtered list (ranks {ranks})"),
    "chart_bottom_filtered": ("Xếp hạng kém nhất trong danh sách lọc (hạng {ranks})",
                              "Worst ranked of the filtered list (ranks {ranks})"),
    "chart_selected": ("Đơn vị đang chọn", "Selected"),
    "chart_groups_title": ("{name}: điểm từng nhóm so với điểm tối đa", "{name}: points per group against the maximum"),
    "chart_points_scored": ("Điểm đạt được", "Points scored"),
    "chart_points_lost": ("Điểm bị mất", "Points lost"),
    "chart_points": ("Điểm", "Points"),
    # ---- map (pages/map.py) ----------------------------------------------------------------
    "map_caption": ("{layer} · {period} · {scope}", "{layer} · {period} · {scope}"),
    "map_target_missed": ("Chỉ tiêu {target}: {n}/{total} xã, phường chưa đạt.", "Target {target}: {n} of {total} communes miss it."),
    "map_legend": ("Chú giải", "Legend"),
    "map_status_counts": ("Số xã, phường theo trạng thái", "Communes by status"),
    "map_classes": ("{indicator} (5 nhóm, mỗi nhóm khoảng 1/5 số xã)",
                    "{indicator} (5 classes, about a fifth of the communes each)"),
    "map_classes_split": ("{indicator} (5 nhóm; ranh giới giữa các nhóm nằm đúng tại chỉ tiêu {target}, "
                          "nên không nhóm nào lẫn xã đạt và chưa đạt)",
                          "{indicator} (5 classes; one boundary sits exactly at the {target} target, so no class "
                          "mixes communes that meet it with communes below it)"),
    "map_dir_higher": ("Màu đậm hơn = tốt hơn (cao hơn là tốt).", "Darker = better (higher is better)."),
    "map_dir_lower": ("Màu đậm hơn = tốt hơn (thấp hơn là tốt).", "Darker = better (lower is better)."),
    "map_dir_none": ("Chỉ tiêu không có chiều tốt/xấu: màu đậm hơn chỉ là giá trị cao hơn.",
                     "No better/worse direction: darker only means a higher value."),
    "map_no_data_note": ("Ô viền nét đứt (màu be nhạt): chưa có số liệu, khác với màu xám “chưa báo cáo” "
                         "của Nghị quyết 57.",
                         "Dashed square (light beige): no data, not the grey “not reported” of Resolution 57."),
    "map_outside_view": ("{names} nằm ngoài khung nhìn; kéo hoặc thu nhỏ bản đồ để xem.",
                         "{names} outside the initial view; drag or zoom out to see it."),
    "map_selected_note": ("Viền đen: {names}", "Black outline: {names}"),
    "map_no_shape": ("Chưa có ranh giới trên bản đồ ({n}): {names}", "No shape on the map ({n}): {names}"),
    "map_all_shapes": ("Tất cả {n} xã, phường đều có ranh giới trên bản đồ.", "All {n} communes have a shape on the map."),
    "map_no_data": ("Chưa có số liệu cho kỳ này để tô màu bản đồ.", "No figures for this period to colour the map."),
    "map_hint": ("Di chuột (hoặc chạm) lên một xã để xem tên, giá trị, thứ hạng và trạng thái; bấm để chọn xã đó.",
                 "Point at (or tap) a commune to see its name, value, rank and status; click to choose it."),
    "map_national_note": ("Toàn quốc: ranh giới đã được đơn giản hóa; chọn “Trong tỉnh” để xem chi tiết.",
                          "National: simplified shapes; choose “Within province” for detail."),
    "map_open_profile": ("Mở hồ sơ {name}", "Open the profile of {name}"),
    "map_zoom": ("Phóng to quanh xã đang chọn", "Zoom to the chosen commune"),
    "map_zoom_help": ("Khung nhìn quanh xã đang chọn và các xã lân cận; liên kết sao chép giữ khung nhìn này.",
                      "The view around the chosen commune and its neighbours; a copied link keeps it."),
    "map_magnify": ("Phóng to", "Zoom"),
    "map_magnify_fit": ("Vừa khung", "Fit"),
    "map_magnify_help": ("Phóng to quanh xã đang chọn (chưa chọn xã: quanh giữa bản đồ); liên kết sao chép giữ mức "
                         "phóng này. Khung nhìn sau khi kéo, cuộn chuột trên bản đồ cũng được giữ trong liên kết; "
                         "chọn mức phóng ở đây thay cho khung đó.",
                         "Zooms in around the chosen commune (none chosen: the map's centre); a copied link keeps "
                         "it. The view after dragging or scrolling the map is kept in links too; choosing a step "
                         "here replaces it."),
    "map_zoom_in": ("Phóng to", "Zoom in"),
    "map_zoom_out": ("Thu nhỏ", "Zoom out"),
    "map_fullscreen": ("Toàn màn hình", "Full screen"),
    "map_fullscreen_exit": ("Thoát toàn màn hình", "Exit full screen"),
    "map_view_reset": ("Về khung ban đầu", "Back to the fitted view"),
    "map_view_reset_help": ("Bỏ khung nhìn đã kéo, thu phóng bằng chuột; về khung vừa tỉnh (hoặc quanh xã đang chọn).",
                            "Drop the view dragged or zoomed with the mouse; back to the province's frame (or the "
                            "chosen commune's)."),
    "map_failed": ("Không tải được bản đồ (thư viện deck.gl của ứng dụng). Tải lại trang hoặc báo quản trị viên.",
                   "The map could not be loaded (the app's deck.gl library). Reload the page or tell the "
                   "administrator."),
    "map_class_below": ("dưới chỉ tiêu", "below target"),
    "map_class_meets": ("đạt chỉ tiêu", "meets target"),
    "map_red_list": ("Xã, phường trạng thái Đỏ", "Communes in red"),
    "map_unreported_list": ("Xã, phường chưa báo cáo", "Communes not reported"),
    # ---- trends (pages/trends.py) ----------------------------------------------------------
    "trend_title_value": ("{indicator} theo tháng · {province}", "{indicator} by month · {province}"),
    "trend_title_rank": ("Thứ hạng trong tỉnh theo tháng: {indicator} · {province}",
                         "Rank in the province by month: {indicator} · {province}"),
    "trend_rank_axis": ("Thứ hạng trong tỉnh (1 = tốt nhất)", "Rank in the province (1 = best)"),
    "trend_month_axis": ("Tháng", "Month"),
    "trend_band": ("50 % xã ở giữa (phân vị 25–75)", "Middle half of communes (25th–75th percentile)"),
    "trend_multiples_title": ("Các chỉ tiêu khác theo tháng", "Other indicators by month"),
    "trend_multiples_pick": ("Chỉ tiêu cho các biểu đồ nhỏ (tối đa 4)", "Indicators for the small charts (up to 4)"),
    "trend_no_data": ("Chưa có số liệu theo tháng của chỉ tiêu này trong tỉnh.",
                      "No monthly figures for this indicator in the province."),
    "trend_no_communes": ("Chọn ít nhất một xã, phường để vẽ đường.", "Choose at least one commune to draw its line."),
    "trend_default_note": ("Mặc định: {names} (xã được nêu sẵn cho tỉnh trong cấu hình nếu có, nếu không là 3 xã đứng đầu tháng gần nhất).",
                           "Default: {names} (the province's featured commune in the settings where there is one, otherwise the top 3 of the latest month)."),
    "trend_caption": (
        "Mỗi tháng tính riêng (tỷ lệ = tổng tử số / tổng mẫu số của tháng). Vùng xám: 50 % xã, phường ở giữa "
        "của tỉnh; đường nét đứt: trung vị tỉnh. Số liệu {start} – {end}.",
        "Each month on its own (a rate is the month's ratio of sums). Grey band: the middle half of the "
        "province's communes; dashed line: the province median. Figures {start} – {end}."),
    "trend_one_month": ("Chỉ có 1 tháng số liệu ({month}): mỗi xã là một điểm, chưa thành đường.",
                        "Only one month of data ({month}): each commune is a single point, not yet a line."),
    "trend_window_note": ("Các đường đi theo từng tháng, từ tháng đầu tiên có số liệu đến kỳ báo cáo; khoảng thời "
                          "gian “{window}” chọn ở thanh bên không áp dụng cho trang này.",
                          "The lines go month by month, from the first month with figures to the chosen period; "
                          "the “{window}” window chosen in the sidebar does not apply on this page."),
    "trend_rank_caption": ("Thứ hạng trong tỉnh của từng tháng; xã không có số liệu tháng đó không được xếp hạng.",
                           "Rank within the province each month; communes without a figure that month are unranked."),
    # ---- profile (pages/profile.py) --------------------------------------------------------
    "pf_caption": ("{province} · {when} · thứ hạng trong tỉnh", "{province} · {when} · ranks within the province"),
    "pf_none": ("Tỉnh này chưa có xã, phường nào trong cơ sở dữ liệu.", "This province has no communes in the database."),
    "pf_context": ("Thông tin chung", "About the commune"),
    "pf_population": ("Dân số", "Population"),
    "pf_area": ("Diện tích", "Area"),
    "pf_villages": ("Số thôn, tổ dân phố", "Villages / residential groups"),
    "pf_division": ("Loại đơn vị", "Type"),
    "pf_code": ("Mã đơn vị hành chính", "Official code"),
    "pf_formed_from": ("Hình thành từ (trước {date}): {names}", "Formed from (before {date}): {names}"),
    "pf_strongest": ("Thế mạnh", "Strongest"),
    "pf_strongest_note": ("Các chỉ tiêu có phân vị cao nhất trong tỉnh.", "Indicators with the highest percentile in the province."),
    "pf_weakest": ("Cần cải thiện", "Weakest"),
    "pf_weakest_note": ("Các chỉ tiêu có phân vị thấp nhất trong tỉnh.", "Indicators with the lowest percentile in the province."),
    "pf_strengths_none": ("Chưa đủ số liệu xếp hạng để xác định.", "Not enough ranked figures to tell."),
    "pf_scorecard": ("Các chỉ tiêu", "All indicators"),
    "pf_scorecard_note": ("Thứ hạng và phân vị trong tỉnh theo {window}; 100 = tốt nhất. ↑ cao hơn là tốt, "
                          "↓ thấp hơn là tốt; chỉ tiêu “–” không có chiều tốt/xấu: thứ hạng (từ cao xuống thấp) "
                          "chỉ để tham khảo, không có phân vị. Đường xu hướng: 12 tháng đến {period}.",
                          "Rank and percentile within the province over the {window} window; 100 = best. "
                          "↑ higher is better, ↓ lower is better; “–” has no better or worse: its rank (high to low) "
                          "is for reference only, with no percentile. Trend line: 12 months to {period}."),
    "pf_direction": ("Chiều", "Better"),
    "pf_direction_help": ("↑ cao hơn là tốt, ↓ thấp hơn là tốt, – không có chiều tốt/xấu.",
                          "↑ higher is better, ↓ lower is better, – neither."),
    "pf_rank_note": ("Thứ hạng (hạng/số đơn vị): xếp trong số đơn vị có số liệu (tỉnh có {n_total} xã, phường); "
                     "đơn vị chưa có số liệu không được xếp hạng.",
                     "Ranks (rank/communes) are among the communes with a figure (the province has {n_total}); "
                     "communes without one are not ranked."),
    "pf_rank_sort_help": ("Thứ hạng trong tỉnh; bấm tiêu đề cột để sắp xếp theo thứ hạng.",
                          "Rank within the province; click the header to sort by it."),
    "pf_target": ("Mục tiêu", "Target"),  # "Chỉ tiêu" would also read as "indicator" beside it
    "pf_trend": ("12 tháng", "12 months"),
    "pf_r57": ("Trạng thái trên bản đồ Nghị quyết 57 theo tháng", "Resolution 57 status month by month"),
    "pf_r57_none": ("Chưa có tháng nào báo cáo trạng thái.", "No month has a reported status."),
    "pf_public": ("Số liệu đã công bố", "Published figures"),
    "pf_public_note": ("Các số liệu dưới đây do báo chí công bố; dữ liệu minh họa tái tạo chúng "
                       "(số đếm đúng bằng, tỷ lệ sai lệch không quá 0,05 điểm).",
                       "These figures were published in news reports; the demo data reproduce them "
                       "(counts exactly, rates within 0.05 points)."),
    "pf_published": ("Số liệu công bố", "Published"),
    "pf_demo_value": ("Dữ liệu minh họa", "Demo data"),
    "pf_period_span": ("Kỳ", "Period"),
    "pf_source": ("Nguồn", "Source"),
    "pf_sheet": ("Hồ sơ", "Profile"),
    "pf_unreported": ("{name} chưa có số liệu trong khoảng thời gian này nên chưa được xếp hạng; "
                      "đường xu hướng cho thấy các tháng đã báo cáo.",
                      "{name} has no figures for this window and is not ranked; the trend lines show the months it reported."),
    "pf_group": ("Nhóm", "Group"),
    "pf_n_total": ("Tổng số đơn vị trong tỉnh", "Communes in the province"),
    # ---- compare (pages/compare.py) --------------------------------------------------------
    "cp_caption": ("{province} · {when}", "{province} · {when}"),
    "cp_communes": ("Xã, phường so sánh (2–5)", "Communes to compare (2–5)"),
    "cp_indicators": ("Chỉ tiêu", "Indicators"),
    "cp_pick_more": ("Chọn ít nhất hai xã, phường để so sánh.", "Choose at least two communes to compare."),
    "cp_pick_indicator": ("Chọn ít nhất một chỉ tiêu.", "Choose at least one indicator."),
    "cp_table": ("Bảng so sánh", "Comparison table"),
    "cp_table_note": ("Mỗi ô: giá trị · thứ hạng trong tỉnh, trong số đơn vị có số liệu (tỉnh có {n_total} xã, "
                      "phường). Trung vị tính trên các xã, phường có số liệu.",
                      "Each cell: value · rank within the province, among the communes with a figure (the province "
                      "has {n_total}). The median is over communes with data."),
    "cp_chart_percent": ("Các tỷ lệ (%), đường đứt nét: trung vị tỉnh", "Rates (%), dashed line: province median"),
    "cp_chart_other": ("Các chỉ tiêu khác (mỗi ô một thang đo), đường đứt nét: trung vị tỉnh",
                       "Other indicators (each on its own scale), dashed line: province median"),
    "cp_chart_none": ("Chưa có số liệu của các xã, phường đã chọn cho kỳ này.",
                      "The chosen communes have no figures for this period."),
    "cp_sheet": ("So sánh", "Comparison"),
    "cp_months": ("Theo tháng", "Month by month"),
    "cp_months_indicator": ("Chỉ tiêu theo tháng", "Indicator by month"),
    "cp_months_note": ("Mỗi tháng tính riêng, {start} – {end}; vùng xám: 50 % xã, phường ở giữa của tỉnh; "
                       "đường nét đứt: trung vị tỉnh. Mỗi xã giữ một màu trên mọi trang.",
                       "Each month on its own, {start} – {end}; grey band: the middle half of the province's "
                       "communes; dashed line: the province median. Each commune keeps one colour on every page."),

    "cp_n_ranked": ("Số đơn vị được xếp hạng", "Communes ranked"),
    # ---- methodology (pages/methodology.py) ------------------------------------------------
    "md_intro": ("Trang này giải thích từng chỉ tiêu, cách tính theo khoảng thời gian, cách xếp hạng, và nguồn gốc dữ liệu.",
                 "This page explains each indicator, how windows and rankings work, and where the data come from."),
    "md_indicators": ("Các chỉ tiêu", "Indicators"),
    "md_definition": ("Định nghĩa", "Definition"),
    "md_formula": ("Công thức", "Formula"),
    "md_formula_text": ("100 × tổng({num}) / tổng({den}) trong khoảng thời gian",
                        "100 × sum({num}) / sum({den}) over the window"),
    "md_unit": ("Đơn vị", "Unit"),
    "md_kind": ("Loại", "Kind"),
    "md_direction": ("Chiều tốt", "Better when"),
    "md_source": ("Nguồn", "Source"),
    "md_target_source": ("Căn cứ chỉ tiêu", "Target source"),
    "md_target_national": ("toàn quốc {value}", "national {value}"),
    "md_target_province": ("{province} {value}", "{province} {value}"),
    "kind_count": ("Số đếm (cộng dồn trong kỳ)", "Count (summed over the window)"),
    "kind_stock": ("Số tồn cuối kỳ (giá trị mới nhất)", "Stock (latest value)"),
    "kind_rate": ("Tỷ lệ", "Rate"),
    "kind_score": ("Điểm (giá trị mới nhất)", "Score (latest value)"),
    "kind_category": ("Phân loại (giá trị mới nhất)", "Category (latest value)"),
    "kind_context": ("Bối cảnh (giá trị mới nhất đến cuối kỳ)", "Context (latest up to the window's end)"),
    "direction_higher": ("Càng cao càng tốt", "Higher is better"),
    "direction_lower": ("Càng thấp càng tốt", "Lower is better"),
    "direction_none": ("Không xếp tốt/xấu", "Neither"),
    "unit_dossiers": ("hồ sơ", "dossiers"),
    "md_rules": ("Khoảng thời gian và xếp hạng", "Windows and ranking"),
    "md_rules_text": (
        "- **Khoảng thời gian** luôn kết thúc ở tháng đã chọn: *Tháng*; *Quý* = quý chứa tháng đó, tính đến tháng đó; "
        "*Từ đầu năm* = từ tháng 1 đến tháng đó; *12 tháng* = 12 tháng kết thúc ở tháng đó.\n"
        "- Trong một khoảng: số đếm được **cộng dồn**; tỷ lệ tính từ **tổng tử số / tổng mẫu số** (không lấy trung bình "
        "các tỷ lệ tháng); số tồn, điểm, tỷ lệ báo cáo và phân loại lấy **giá trị mới nhất** trong khoảng; "
        "thông tin bối cảnh lấy giá trị mới nhất đến cuối khoảng.\n"
        "- **Xếp hạng** trong tỉnh (hoặc toàn quốc nếu chọn), theo chiều tốt của chỉ tiêu; hạng 1 là tốt nhất. "
        "Các xã **bằng điểm cùng hạng cao nhất** (1, 2, 2, 4).\n"
        "- Xã **chưa có số liệu** trong khoảng thì **không xếp hạng** (không bị xếp cuối), ghi “chưa có số liệu”; "
        "thứ hạng ghi “17/160 · 6 chưa có số liệu”.\n"
        "- **Phân vị** = 100 × (n − hạng) / (n − 1) trong n xã được xếp hạng (100 = tốt nhất; bằng 100 khi n = 1).\n"
        "- **Thay đổi thứ hạng** so với cùng loại khoảng thời gian kết thúc sớm hơn một tháng: ▲3 tăng 3 bậc, ▼2 giảm "
        "2 bậc, = giữ nguyên, “mới” nếu kỳ trước chưa được xếp hạng.\n"
        "- Trạng thái Nghị quyết 57 “chưa báo cáo” là không có số liệu, hiển thị màu xám, không tính là xanh hay đỏ.",
        "- **Windows** always end at the chosen month: *Month*; *Quarter* = the calendar quarter containing it, up to it; "
        "*Year to date* = January up to it; *12 months* = the twelve months ending with it.\n"
        "- Over a window, counts are **summed**; rates are **ratios of the summed counts** (never the mean of monthly "
        "rates); stocks, scores, reported rates and categories take the **latest value** inside the window; context "
        "takes the latest value up to the window's end.\n"
        "- **Ranks** are within the province (or national on request), following the indicator's direction; rank 1 is "
        "best. **Ties share the best rank** (1, 2, 2, 4).\n"
        "- Communes **without a value** for the window are **unranked** (never ranked last) and shown as “no data”; "
        "ranks then read “17/160 · 6 no data”.\n"
        "- **Percentile** = 100 × (n − rank) / (n − 1) among the n ranked communes (100 = best; 100 when n = 1).\n"
        "- **Rank change** compares with the same window ending one month earlier: ▲3 up three places, ▼2 down two, "
        "= unchanged, “new” when unranked before.\n"
        "- A Resolution 57 status that is “not reported” is missing data, shown in grey, never counted as green or red."),
    "md_data": ("Dữ liệu", "Data"),
    "md_as_of": ("Số liệu mới nhất: {period}. Lần nạp gần nhất: {loaded}.", "Latest figures: {period}. Last load: {loaded}."),
    "md_loads": ("Lịch sử nạp dữ liệu", "Load history"),
    "md_load_source": ("Tệp / nguồn", "File / source"),
    "md_load_time": ("Thời điểm", "Time"),
    "md_load_rows": ("Số dòng", "Rows"),
    "md_load_demo": ("Minh họa", "Demo"),
    "md_load_replaced": ("Số dòng thay thế", "Rows replaced"),
    "md_load_by": ("Người / tiến trình nạp", "Loaded by"),
    "md_yes": ("Có", "Yes"),
    "md_no": ("Không", "No"),
    "md_loads_none": ("Chưa có lần nạp nào.", "No loads yet."),
    "md_coverage": ("Mức độ đầy đủ: {province}, {period}", "Coverage: {province}, {period}"),
    "md_coverage_note": ("Số xã, phường có số liệu của từng chỉ tiêu được lưu trong tháng này (chỉ tiêu tỷ lệ tính từ "
                         "số đếm không được lưu riêng; thông tin bối cảnh có thể được báo cáo ở tháng khác).",
                         "Communes reporting each stored indicator in this month (rates computed from counts are not "
                         "stored; context may be reported in another month)."),
    "md_with_data": ("Có số liệu", "With data"),
    "md_share": ("Tỷ lệ", "Share"),
    "md_missing": ("Xã, phường thiếu số liệu: {communes} đơn vị, {n} số liệu", "Communes with missing figures: {communes}, {n} figures"),
    "md_missing_none": ("Tất cả xã, phường đều có đủ số liệu của tháng này.", "Every commune has every figure for this month."),
    "md_missing_list": ("Thiếu", "Missing"),
    "md_missing_all": ("Tất cả các chỉ tiêu của tháng (chưa báo cáo)", "Every figure of the month (not reported)"),
    # ---- load data (pages/upload.py, dashboard/upload_page.py) -----------------------------
    "page_upload": ("Nạp dữ liệu", "Load data"),
    "up_caption": ("Dành cho cán bộ được giao cập nhật số liệu: tải tệp lên, xem kết quả kiểm tra và những gì sẽ "
                   "thay đổi, rồi xác nhận. Xem số liệu không cần đăng nhập.",
                   "For the staff entrusted with the figures: upload files, see the check and what would change, "
                   "then confirm. Reading needs no sign-in."),
    "up_disabled": ("Chức năng nạp dữ liệu chưa được bật: máy chủ chưa cấu hình tài khoản biên tập viên, nên trang "
                    "này không nhận tệp nào.",
                    "Loading is not enabled: no editor accounts are configured on this server, so this page "
                    "accepts no file."),
    "up_how_passwords": ("**Cách bật bằng mật khẩu** (người quản trị máy chủ): tạo mã băm của mật khẩu cho từng "
                         "biên tập viên rồi ghi vào `.streamlit/secrets.toml` (không đưa tệp này lên git). Máy chủ "
                         "chỉ lưu mã băm argon2, không lưu mật khẩu.",
                         "**To enable with passwords** (the server's administrator): hash each editor's password "
                         "and put it in `.streamlit/secrets.toml` (never commit that file). The server keeps only "
                         "argon2 hashes, never passwords."),
    "up_how_oidc": ("**Hoặc đăng nhập bằng tài khoản của cơ quan** (OIDC, tính năng `st.login` của Streamlit): "
                    "khai báo nhà cung cấp định danh trong mục `[auth]` và danh sách email biên tập viên.",
                    "**Or sign in with the organisation's accounts** (OIDC, Streamlit's `st.login`): declare the "
                    "identity provider in `[auth]` and list the editors' e-mail addresses."),
    "up_sign_in_needed": ("Đăng nhập bằng tài khoản biên tập viên để nạp dữ liệu.",
                          "Sign in with an editor account to load figures."),
    "up_user": ("Tên đăng nhập", "User name"),
    "up_password": ("Mật khẩu", "Password"),
    "up_sign_in": ("Đăng nhập", "Sign in"),
    "up_sign_in_oidc": ("Đăng nhập bằng tài khoản cơ quan", "Sign in with the organisation's account"),
    "up_not_editor": ("{email} chưa được giao quyền biên tập viên.", "{email} is not an editor."),
    "up_wrong_password": ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."),
    "up_wait": ("Đăng nhập sai nhiều lần: hãy thử lại sau {seconds} giây.",
                "Too many failed attempts: try again in {seconds} seconds."),
    "up_signed_in_as": ("Đã đăng nhập: {name}", "Signed in: {name}"),
    "up_sign_out": ("Đăng xuất", "Sign out"),
    "up_files": ("Tệp số liệu (CSV, XLSX, ODS, Parquet)", "Figure files (CSV, XLSX, ODS, Parquet)"),
    "up_files_help": ("Có thể chọn nhiều tệp: tất cả được nạp cùng lúc hoặc không tệp nào.",
                      "Several files may be chosen: all of them load together, or none."),
    "up_options": ("Tùy chọn (khi tệp không tự ghi rõ)", "Options (where the files do not say)"),
    "up_province": ("Tỉnh của các xã trong tệp", "Province of the communes in the files"),
    "up_province_from_file": ("Theo tệp (cột tỉnh, mã xã, tiêu đề)", "From the file (province column, codes, title)"),
    "up_period": ("Kỳ báo cáo (YYYY-MM), nếu tệp không ghi", "Period (YYYY-MM), if the files do not say"),
    "up_sheet": ("Trang tính (mặc định: tự tìm)", "Sheet (default: found automatically)"),
    "up_decimal": ("Cách viết số", "Number form"),
    "up_decimal_auto": ("Tự nhận biết", "Detect"),
    "up_decimal_comma": ("Dấu phẩy thập phân (67,83)", "Decimal comma (67,83)"),
    "up_decimal_dot": ("Dấu chấm thập phân (67.83)", "Decimal dot (67.83)"),
    "up_cumulative": ("Số liệu lũy kế (trừ các tháng trước đã nạp)", "Cumulative figures (subtract earlier months)"),
    "up_strict": ("Từ chối cả tệp có cảnh báo", "Refuse files with warnings too"),
    "up_check": ("Kiểm tra tệp", "Check the files"),
    "up_checking": ("Đang đọc và kiểm tra tệp…", "Reading and checking the files…"),
    "up_checked": ("Đã kiểm tra xong", "Checked"),
    "up_too_big": ("Tệp quá lớn (tối đa {limit} MB): {names}", "File too large (at most {limit} MB): {names}"),
    "up_failed": ("Không kiểm tra được các tệp do lỗi hệ thống; chi tiết đã được ghi vào nhật ký máy chủ.",
                  "The files could not be checked because of a system error; the details are in the server log."),
    "up_busy": ("Một lượt nạp khác đang chạy; hãy thử lại sau ít phút.",
                "Another load is running; try again in a few minutes."),
    "up_problems": ("Các vấn đề ({n})", "Problems ({n})"),
    "up_problems_first": ("Hiển thị {n} vấn đề đầu tiên.", "Showing the first {n} problems."),
    "up_problems_download": ("Tải danh sách vấn đề (CSV)", "Download the problems (CSV)"),
    "up_refused": ("Không nạp: hãy sửa các lỗi trên rồi kiểm tra lại. Cơ sở dữ liệu không thay đổi.",
                   "Not loaded: fix the errors above and check again. The database is unchanged."),
    "up_new_values": ("Giá trị mới", "New values"),
    "up_replaced_values": ("Giá trị thay thế", "Values replaced"),
    "up_changed_values": ("Trong đó thay đổi", "Of which changed"),
    "up_new_communes": ("Xã có số liệu lần đầu", "Communes newly covered"),
    "up_changes": ("Giá trị thay đổi (cũ → mới)", "Values that change (old → new)"),
    "up_nothing_new": ("Không có gì mới để nạp: các tệp này đã được nạp trước đó.",
                       "Nothing new to load: these files were loaded before."),
    "up_confirm_check": ("Tôi đã xem kết quả kiểm tra và các giá trị sẽ thay đổi.",
                         "I have read the check and the values that will change."),
    "up_confirm": ("Xác nhận nạp", "Confirm the load"),
    "up_loading": ("Đang nạp…", "Loading…"),
    "up_loaded": ("Đã nạp", "Loaded"),
    "up_done": ("Đã nạp xong (lượt {ids}). Các trang hiển thị số liệu mới ngay.",
                "Loaded ({ids}). Every page shows the new figures now."),
    "up_error": ("Lỗi", "Error"),
    "up_warning": ("Cảnh báo", "Warning"),
    "up_state_accepted": ("Hợp lệ", "Accepted"),
    "up_state_refused": ("Bị từ chối", "Refused"),
    "up_state_already_loaded": ("Đã nạp trước đó", "Already loaded"),
    "up_state_repeat": ("Trùng tệp khác", "Same as another file"),
    "up_col_file": ("Tệp", "File"),
    "up_col_row": ("Dòng", "Row"),
    "up_col_column": ("Cột", "Column"),
    "up_col_severity": ("Mức", "Severity"),
    "up_col_reason": ("Lý do", "Reason"),
    "up_col_state": ("Kết quả", "Result"),
    "up_col_sheet": ("Trang tính", "Sheet"),
    "up_col_communes": ("Số xã", "Communes"),
    "up_col_rows": ("Số giá trị", "Values"),
    "up_col_replaced": ("Thay thế", "Replaced"),
    "up_col_changed": ("Thay đổi", "Changed"),
    "up_col_new_communes": ("Xã mới có số liệu", "Communes newly covered"),
    "up_col_errors": ("Lỗi", "Errors"),
    "up_col_warnings": ("Cảnh báo", "Warnings"),
    "up_col_commune": ("Xã, phường", "Commune"),
    "up_col_indicator": ("Chỉ tiêu", "Indicator"),
    "up_col_period": ("Kỳ", "Period"),
    "up_col_old": ("Giá trị cũ", "Old value"),
    "up_col_new": ("Giá trị mới", "New value"),
    "up_col_now": ("Hiện tại", "Now"),
    "up_col_restored": ("Sau khi hoàn tác (trống: bỏ giá trị)", "After the rollback (empty: value removed)"),
    "up_col_load": ("Lượt", "Load"),
    "up_col_when": ("Thời điểm", "When"),
    "up_col_who": ("Người nạp", "By"),
    "up_tab_upload": ("Nạp tệp", "Upload files"),
    "up_tab_history": ("Các lượt nạp và hoàn tác", "Loads and rollback"),
    "up_load_in_force": ("Đang dùng", "In force"),
    "up_load_rolled_back": ("Đã hoàn tác (lượt #{n})", "Rolled back (load #{n})"),
    "up_load_rollback_of": ("Hoàn tác lượt #{n}", "Rollback of load #{n}"),
    "up_load_demo": ("minh họa", "demo"),
    "up_rollback_none": ("Chưa có lượt nạp nào có thể hoàn tác.", "No load can be rolled back."),
    "up_rollback_pick": ("Lượt nạp cần hoàn tác", "Load to roll back"),
    "up_rollback_preview": ("Xem trước", "Preview"),
    "up_rollback_what": ("Hoàn tác lượt #{n} ({source}) sẽ xóa {removed} giá trị, trạng thái và khôi phục {restored} "
                         "giá trị, trạng thái mà lượt này đã thay thế.",
                         "Rolling back load #{n} ({source}) removes {removed} figures and statuses and restores "
                         "{restored} that it replaced."),
    "up_rollback_check": ("Tôi đã xem các giá trị sẽ thay đổi khi hoàn tác lượt #{n}.",
                          "I have read what rolling back load #{n} changes."),
    "up_rollback_confirm": ("Hoàn tác lượt #{n}", "Roll back load #{n}"),
    "up_rolling_back": ("Đang hoàn tác…", "Rolling back…"),
    "up_rolled_back": ("Đã hoàn tác", "Rolled back"),
    "up_rollback_failed": ("Không hoàn tác được", "Not rolled back"),
    "up_rollback_done": ("Đã hoàn tác lượt #{n} (ghi nhận là lượt #{id}). Các trang hiển thị lại số liệu cũ ngay.",
                         "Load #{n} rolled back (recorded as load #{id}). Pages show the earlier figures at once."),
    "up_demo_database": ("Cơ sở dữ liệu đang chứa số liệu minh họa. Số liệu thật và minh họa không được trộn lẫn: "
                         "lượt nạp đầu tiên phải xóa toàn bộ số liệu minh họa (danh mục xã được giữ nguyên).",
                         "The database holds demo figures. Real and demo figures never mix: the first real load must "
                         "remove every demo figure (the commune master list is kept)."),
    "up_replace_demo": ("Xóa số liệu minh họa khi nạp", "Remove the demo figures with this load"),
    # ---- why the rank moved (dashboard/movers.py) ---------------------------------------------
    "mv_no_data": ("{indicator}: chưa có số liệu kỳ này", "{indicator}: no figure this period"),
    "mv_new": ("{indicator}: lần đầu được xếp hạng (kỳ trước chưa có số liệu)",
               "{indicator}: ranked for the first time (no figure the period before)"),
    "mv_same_rank": ("{indicator}: giữ nguyên thứ hạng ({before} → {now})", "{indicator}: same rank ({before} → {now})"),
    "mv_others": ("{indicator} không đổi ({value}): thứ hạng thay đổi chỉ vì các xã khác thay đổi",
                  "{indicator} unchanged ({value}): the rank moved only because other communes moved"),
    "mv_rose": ("{indicator} tăng từ {before} lên {now}", "{indicator} rose from {before} to {now}"),
    "mv_fell": ("{indicator} giảm từ {before} xuống {now}", "{indicator} fell from {before} to {now}"),
    "mv_component": (", chủ yếu do nhóm “{group}” {change} ({before} → {now}/{max} điểm)",
                     ", mostly because the group “{group}” {change} ({before} → {now}/{max} points)"),
    "mv_up_points": ("tăng {points} điểm", "gained {points} points"),
    "mv_down_points": ("giảm {points} điểm", "lost {points} points"),
    "mv_rate": (" vì {first} {first_change} trong khi {second} {second_change}",
                " because {first} {first_change} while {second} {second_change}"),
    "mv_rate_together": (" vì {first} và {second} cùng {change}", " as {first} and {second} both {change}"),
    "mv_up_pct": ("tăng {pct}", "rose {pct}"),
    "mv_down_pct": ("giảm {pct}", "fell {pct}"),
    "mv_flat": ("không đổi", "did not change"),
    "mv_against_down": ("; thứ hạng vẫn giảm vì các xã khác cải thiện nhiều hơn",
                        "; the rank still fell because other communes improved more"),
    "mv_against_up": ("; thứ hạng vẫn tăng vì các xã khác giảm nhiều hơn",
                      "; the rank still rose because other communes slipped further"),
    "mv_heading": ("Vì sao thứ hạng thay đổi", "Why the rank moved"),
    "mv_caption": ("So với {previous}: các chỉ tiêu có thứ hạng thay đổi nhiều nhất và nguyên nhân.",
                   "Against {previous}: the indicators whose rank moved most, and why."),
    "mv_none": ("Không có chỉ tiêu nào đổi thứ hạng so với kỳ trước.", "No indicator changed rank since the previous period."),
    "mv_reason": ("Nguyên nhân", "Why"),
    # ---- briefing pack (dashboard/export/briefing.py, slides.py, pdf.py) -----------------------
    "br_title": ("Báo cáo tóm tắt: {province}", "Briefing: {province}"),
    "br_subtitle": ("Những con số chính", "Key figures"),
    "br_slide_headline": ("Các con số chính", "Headline figures"),
    "br_slide_map": ("Bản đồ Nghị quyết 57: {green}/{total} xã, phường trạng thái xanh",
                     "Resolution 57 map: {green} of {total} communes green"),
    "br_slide_ranking": ("{indicator}: 5 đơn vị đứng đầu, 5 đơn vị đứng cuối", "{indicator}: top 5 and bottom 5"),
    "br_slide_ranking_commune": ("{indicator}: đứng đầu, đứng cuối và {name}", "{indicator}: top, bottom and {name}"),
    "br_slide_groups": ("{name}: điểm từng nhóm so với điểm tối đa", "{name}: points per group against the maximum"),
    "br_slide_groups_median": ("Trung vị tỉnh: điểm từng nhóm so với điểm tối đa",
                               "Province median: points per group against the maximum"),
    "br_slide_target": ("{indicator} so với chỉ tiêu {target}", "{indicator} against the {target} target"),
    "br_slide_movers": ("Thay đổi thứ hạng lớn nhất và nguyên nhân: {indicator}", "Biggest rank changes and why: {indicator}"),
    "br_slide_trend": ("{indicator} theo tháng so với trung vị tỉnh", "{indicator} by month against the province median"),
    "br_median": ("Trung vị {indicator} (chỉ tiêu {target})", "Median {indicator} (target {target})"),
    "br_commune_rank": ("{name}: {indicator}", "{name}: {indicator}"),
    "br_band_below": ("dưới {high}", "below {high}"),
    "br_band_from": ("từ {low}", "{low} and over"),
    "br_communes_series": ("Số xã, phường", "Communes"),
    "br_points_header": ("Điểm", "Points"),
    "br_trend_months": ("{start} – {end}", "{start} – {end}"),
    "br_points_max": ("Điểm tối đa", "Maximum"),
    "br_commune_value": ("{name}: {value} ({verdict})", "{name}: {value} ({verdict})"),
    "br_median_line": ("trung vị tỉnh {value}", "province median {value}"),
    "br_missed_line": ("{n}/{total} xã, phường chưa đạt {target}", "{n} of {total} communes below {target}"),
    "br_target_series": ("Chỉ tiêu {target}", "Target {target}"),
    "br_movers_up": ("Tăng hạng", "Moved up"),
    "br_movers_down": ("Giảm hạng", "Moved down"),
    "br_no_movers": ("Không có kỳ trước để so sánh thứ hạng.", "There is no previous period to compare ranks with."),
    "br_no_map": ("Không vẽ được bản đồ: máy chủ chưa cài trình duyệt Chromium.",
                  "The map cannot be drawn: Chromium is not installed on the server."),
    "br_no_data": ("Chưa có số liệu cho kỳ này.", "No figures for this period."),
    "br_status_table_status": ("Trạng thái", "Status"),
    "br_status_table_count": ("Số xã, phường", "Communes"),
    "br_status_table_share": ("Tỷ lệ", "Share"),
    "br_progress_figures": ("Đang lấy số liệu…", "Reading the figures…"),
    "br_progress_trends": ("Đang tính xu hướng…", "Computing the trends…"),
    "br_progress_slides": ("Đang tạo các trang trình chiếu…", "Making the slides…"),
    "br_progress_images": ("Đang vẽ bản đồ và biểu đồ…", "Drawing the map and charts…"),
    "br_progress_pdf": ("Đang tạo tệp PDF…", "Making the PDF…"),
    "br_progress_done": ("Xong", "Done"),
    "br_heading": ("Báo cáo tóm tắt", "Briefing pack"),
    "br_caption": ("Một bộ trình chiếu PowerPoint (biểu đồ, bảng chỉnh sửa được) và bản PDF cho {province}, {when}"
                   "{commune}: các con số chính, bản đồ Nghị quyết 57, xếp hạng, nhóm chỉ số, chỉ tiêu trực tuyến, "
                   "thay đổi thứ hạng và nguyên nhân, xu hướng.",
                   "A PowerPoint deck (editable charts and tables) and a PDF for {province}, {when}{commune}: "
                   "headline figures, the Resolution 57 map, rankings, index groups, the online target, rank "
                   "changes and why, trends."),
    "br_caption_commune": (", nêu rõ {name}", ", featuring {name}"),
    "br_button": ("Tải báo cáo", "Make the briefing"),
    "br_download_pptx": ("Tải PowerPoint (.pptx)", "Download PowerPoint (.pptx)"),
    "br_download_pdf": ("Tải PDF", "Download PDF"),
    "pf_pdf_button": ("Tải hồ sơ 1 trang (PDF)", "One-page profile (PDF)"),
    "br_page": ("Trang {n}/{total}", "Page {n} of {total}"),
    "br_font_missing": ("Không tạo được PDF: không tìm thấy phông chữ có dấu tiếng Việt (cài gói Debian "
                        "fonts-dejavu-core).", "Cannot make the PDF: no font with Vietnamese letters was found "
                        "(install the Debian package fonts-dejavu-core)."),
    # ---- exports (dashboard/export/) ----------------------------------------------------------
    "export_source": ("Nguồn: {source}", "Source: {source}"),
    "export_as_of": ("Số liệu đến {period}", "Data as of {period}"),
    "export_demo": ("Dữ liệu minh họa — không phải số liệu chính thức", "Dữ liệu minh họa (demo data) — not official figures"),
    "export_demo_source": ("dữ liệu minh họa (mô phỏng)", "demo data (simulated)"),
    "export_files": ("tệp {files}", "files {files}"),
    "export_more_files": ("và {n} tệp khác", "and {n} more"),
    "export_unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "export_unit_communes": ("xã, phường", "communes"),
    "export_r57_source": ("Bản đồ giám sát thực hiện Nghị quyết 57-NQ/TW", "Resolution 57-NQ/TW monitoring map"),
    "export_col_title": ("Tiêu đề", "Title"),
    "export_col_scope": ("Phạm vi và kỳ", "Scope and period"),
    "export_col_unit": ("Đơn vị", "Unit"),
    "export_col_source": ("Nguồn", "Source"),
    "export_col_as_of": ("Số liệu đến", "Data as of"),
    "export_col_note": ("Ghi chú dữ liệu", "Data note"),
    "export_col_code": ("Mã chỉ tiêu", "Indicator code"),
    "export_definitions_sheet": ("Định nghĩa", "Definitions"),
    "download_map_png": ("Tải ảnh bản đồ (PNG)", "Download map (PNG)"),
    "map_image_title": ("Trạng thái trên bản đồ Nghị quyết 57", "Status on the Resolution 57 map"),
    "map_image_no_shape": ("Chưa có ranh giới trên bản đồ: {n} xã, phường (được tính trong số liệu)",
                           "No shape on the map: {n} communes (counted in the figures)"),
    "map_image_indicator_title": ("{indicator}: 5 nhóm giá trị", "{indicator}: 5 value classes"),
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
