"""The briefing pack from the command line (`python -m dashboard.export brief`), opened with
python-pptx and pypdf: slides, native tables and charts whose values equal the database's
(queried here with our own SQL), labels on every slide, the PDF's text and fonts, and errors."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from dashboard.export.cli import main

DEMO = "Dữ liệu minh họa"
BA_THUOC = 14923
NOV = dt.date(2025, 11, 1)


def _brief(db: Path, out: Path, *extra: str) -> tuple[int, list[Path]]:
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["brief", "--province", "38", "--period", "2025-11", "--out", str(out), "--db", str(db), *extra])
    return code, [Path(line) for line in printed.getvalue().splitlines() if line]


@pytest.fixture(scope="module")
def demo_pack(demo_db, tmp_path_factory):
    code, paths = _brief(demo_db, tmp_path_factory.mktemp("pack"))
    assert code == 0
    return {p.suffix: p for p in paths}


def _texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _charts(deck) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def test_cli_writes_both_files_and_prints_their_paths(demo_pack):
    assert set(demo_pack) == {".pptx", ".pdf"}
    assert demo_pack[".pptx"].name == "bao-cao_thanh-hoa_2025-11_month.pptx"
    assert all(path.stat().st_size > 10_000 for path in demo_pack.values())


def test_slides_are_16_9_one_idea_each_with_native_tables_and_charts(demo_pack):
    deck = Presentation(demo_pack[".pptx"])
    assert round(deck.slide_width / deck.slide_height, 2) == 1.78
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "Báo cáo tóm tắt: Thanh Hóa",
        "Bản đồ Nghị quyết 57: 126/166 xã, phường trạng thái xanh",
        "Bộ chỉ số phục vụ người dân, doanh nghiệp: đứng đầu, đứng cuối và Xã Bá Thước",
        "Xã Bá Thước: điểm từng nhóm so với điểm tối đa",
        "Tỷ lệ hồ sơ trực tuyến so với chỉ tiêu 70 %",
        "Thay đổi thứ hạng lớn nhất và nguyên nhân: Bộ chỉ số phục vụ người dân, doanh nghiệp",
        "Tỷ lệ hồ sơ trực tuyến theo tháng so với trung vị tỉnh"]
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables) >= 3
    kinds = [chart.chart_type for chart in _charts(deck)]
    assert kinds == [XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.LINE_MARKERS]
    pictures = [shape for shape in deck.slides[1].shapes if shape.shape_type == 13]  # the map
    assert len(pictures) == 1


def test_ranking_table_has_ba_thuoc_at_17_of_166(demo_pack):
    deck = Presentation(demo_pack[".pptx"])
    table = next(shape.table for shape in deck.slides[2].shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Xếp hạng", "Tên đơn vị", "Điểm", "Thay đổi", "Xếp loại"]
    assert ["17/166", "Xã Bá Thước"] in [row[:2] for row in rows]
    assert rows[1][0] == "1/166" and rows[-1][0] == "166/166"


def test_chart_values_equal_the_database(demo_pack, demo_db):
    deck = Presentation(demo_pack[".pptx"])
    groups, bands, trend = _charts(deck)
    # the five groups of Bá Thước in November, straight from the observations
    stored = dict(fx.query(demo_db, "SELECT indicator_code, value FROM observations WHERE commune_code = ? "
                                    "AND period = ? AND indicator_code LIKE 'si_%'", [BA_THUOC, NOV]))
    scored = groups.plots[0].series[0]
    order = ["si_transparency", "si_progress", "si_digitisation", "si_online", "si_satisfaction"]
    assert list(scored.values) == [round(stored[code], 2) for code in order]
    assert list(groups.plots[0].series[1].values) == [18.0, 20.0, 22.0, 22.0, 18.0]
    # the bands count every Thanh Hóa commune with an online rate in November; below 70 % = missing the target
    rates = [row[0] for row in fx.query(demo_db, """
        SELECT 100 * sum(value) FILTER (WHERE indicator_code = 'dossiers_online')
               / sum(value) FILTER (WHERE indicator_code = 'dossiers_received')
        FROM observations JOIN communes USING (commune_code)
        WHERE province_code = 38 AND period = ? GROUP BY commune_code""", [NOV])]
    counts = list(bands.plots[0].series[0].values)
    assert sum(counts) == len([r for r in rates if r is not None])
    assert sum(counts[:3]) == len([r for r in rates if r is not None and r < 70])
    # the trend: Bá Thước's monthly online rate, July to November
    monthly = fx.query(demo_db, """
        SELECT period, 100 * sum(value) FILTER (WHERE indicator_code = 'dossiers_online')
                       / sum(value) FILTER (WHERE indicator_code = 'dossiers_received')
        FROM observations WHERE commune_code = ? AND period <= ? GROUP BY period ORDER BY period""", [BA_THUOC, NOV])
    series = {s.name: list(s.values) for s in trend.plots[0].series}
    assert series["Xã Bá Thước"] == [round(value, 2) for _, value in monthly]
    assert series["Chỉ tiêu 70 %"] == [70.0] * len(monthly)
    assert list(trend.plots[0].categories) == [f"{p.month:02d}/{p.year}" for p, _ in monthly]


def test_every_slide_has_source_as_of_and_demo_label_and_notes(demo_pack):
    deck = Presentation(demo_pack[".pptx"])
    for slide in deck.slides:
        text = _texts(slide)
        assert "Nguồn: " in text and "Số liệu đến Tháng 11/2025" in text and DEMO in text
    assert "dữ liệu minh họa (mô phỏng)" in _texts(deck.slides[0])
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert "Xã Bá Thước xếp thứ 17/166 trong tỉnh về Bộ chỉ số phục vụ người dân, doanh nghiệp" in notes
    movers = _texts(deck.slides[5])
    assert "chủ yếu do nhóm “" in movers  # each mover of the service index comes with its group


def test_pdf_has_selectable_vietnamese_text_and_embedded_fonts(demo_pack):
    reader = PdfReader(demo_pack[".pdf"])
    assert len(reader.pages) == 7
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Xã Bá Thước", "17/166", "Bản đồ Nghị quyết 57", "Số liệu đến Tháng 11/2025", DEMO, "Nguồn: "):
        assert words in text
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)


def test_english_pack(demo_db, tmp_path):
    code, paths = _brief(demo_db, tmp_path, "--lang", "en", "--format", "pptx", "--commune", "14869")
    assert code == 0 and [p.suffix for p in paths] == [".pptx"]
    deck = Presentation(paths[0])
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Briefing: Thanh Hóa" and titles[3] == "Xã Hồi Xuân: points per group against the maximum"
    assert "Data as of Nov 2025" in _texts(deck.slides[4])


def test_real_figures_carry_no_demo_label_and_name_their_file(real_db, tmp_path):
    code, paths = _brief(real_db, tmp_path)
    assert code == 0
    deck = Presentation(next(p for p in paths if p.suffix == ".pptx"))
    for slide in deck.slides:
        text = _texts(slide)
        assert DEMO not in text and "Số liệu đến Tháng 11/2025" in text
    assert "bao-cao-thang-11-2025.xlsx" in _texts(deck.slides[2])
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(next(p for p in paths if p.suffix == ".pdf")).pages)
    assert DEMO not in pdf_text and "Xã Bá Thước" in pdf_text


@pytest.mark.parametrize(("argv", "message"), [
    (["--province", "Atlantis", "--period", "2025-11"], "unknown province “Atlantis”"),
    (["--province", "thanh hoa", "--period", "2019-01"], "no figures for the period “2019-01”"),
    (["--province", "38", "--period", "tháng mười"], "no figures for the period"),
    (["--province", "1", "--period", "2025-11", "--commune", "14923"], "commune 14923 is not in province 1"),
    (["--province", "38", "--period", "2025-11", "--format", "docx"], "--format"),
])
def test_wrong_arguments_exit_2_with_a_message(demo_db, tmp_path, capsys, argv, message):
    assert main(["brief", *argv, "--out", str(tmp_path / "out"), "--db", str(demo_db)]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_database_exits_2(tmp_path, capsys):
    assert main(["brief", "--province", "38", "--period", "2025-11", "--out", str(tmp_path),
                 "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no database" in capsys.readouterr().err


def test_province_by_name_and_period_as_written_in_reports(demo_db, tmp_path):
    assert main(["brief", "--province", "Tỉnh Thanh Hoá", "--period", "11/2025", "--format", "pptx",
                 "--out", str(tmp_path), "--db", str(demo_db)]) == 0
    assert (tmp_path / "bao-cao_thanh-hoa_2025-11_month.pptx").exists()


def _lines(text: str, size: float, width_pt: float) -> int:
    """Lines `text` takes in DejaVu Sans Bold (what LibreOffice draws without Calibri) at `size`."""
    from PIL import ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
    lines, current = 1, ""
    for word in text.split():
        if current and font.getlength(f"{current} {word}") > width_pt:
            lines, current = lines + 1, word
        else:
            current = f"{current} {word}".strip()
    return lines


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf").exists(), reason="no DejaVu")
def test_every_title_fits_above_its_scope_line(demo_pack):
    # long titles (the movers', the ranking's) wrapped at 26 pt ran into the scope line under them
    deck = Presentation(demo_pack[".pptx"])
    for slide in deck.slides:
        title = slide.shapes.title
        scope = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Thanh Hóa · "))
        assert title.top + title.height <= scope.top
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        frame = title.text_frame
        width = (title.width - frame.margin_left - frame.margin_right) / 12700
        height = (title.height - frame.margin_top - frame.margin_bottom) / 12700
        assert _lines(frame.text, size, width) * size * 1.2 <= height, (frame.text, size)
        assert size >= 20


def test_a_title_too_long_for_two_lines_is_made_smaller_until_it_fits():
    from pptx.util import Inches

    from dashboard.export import slides

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[slides.TITLE_ONLY])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.25), Inches(9.7), Inches(1.0))
    box.text_frame.word_wrap = True
    box.text_frame.text = "Thay đổi thứ hạng lớn nhất và nguyên nhân: " + "Tỷ lệ hồ sơ được số hóa và cấp kết quả điện tử " * 2
    slides._fit(box, slides.TITLE_SIZE, bold=True)
    size = box.text_frame.paragraphs[0].runs[0].font.size.pt
    assert size < slides.TITLE_SIZE
    assert _lines(box.text_frame.text, size, (box.width - Inches(0.2)) / 12700) * size * 1.2 <= (
        (box.height - Inches(0.1)) / 12700)


def test_scope_names_the_month_once_and_the_movers_slide_says_why_both_ranks_moved(demo_pack):
    deck = Presentation(demo_pack[".pptx"])
    assert "Thanh Hóa · Tháng 11/2025" in _texts(deck.slides[0]) and "Tháng, Tháng" not in _texts(deck.slides[0])
    movers = _texts(deck.slides[5])
    # the chosen commune's service index (its group) and its online rate (numerator or denominator), on the slide
    assert "Xã Bá Thước: bộ chỉ số phục vụ người dân, doanh nghiệp giảm từ 91,83 xuống 90,14" in movers
    assert "Xã Bá Thước: tỷ lệ hồ sơ trực tuyến tăng từ 67,84 % lên 67,85 % vì hồ sơ tiếp nhận" in movers
    assert "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh" in movers  # the rate's source is named
    pdf_movers = PdfReader(demo_pack[".pdf"]).pages[5].extract_text()
    assert "tỷ lệ hồ sơ trực tuyến tăng từ 67,84 % lên 67,85 %" in " ".join(pdf_movers.split())
