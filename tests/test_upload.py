"""Loading from the app: editors only, hostile files refused, the same pipeline as the CLI.

The upload page runs the ETL in its own process (`python -m etl.service`), so these tests
run that process for real on a tiny database made by the real writer.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx
from page_runner import page_path

from dashboard import auth, loading, upload_page
from etl import pipeline, read, safety

PASSWORD = "mat-khau-du-dai-123"


@pytest.fixture(scope="module")
def editor_hash() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture()
def db(tmp_path) -> Path:
    return fx.fresh_db(tmp_path / "communes.duckdb")


# ---- who may load ----------------------------------------------------------------------------

def test_editor_config_takes_only_argon2_hashes_and_oidc_emails(editor_hash):
    config = auth.editor_config({"editors": {"an": editor_hash, "binh": "plain-text-password"},
                                 "editors_oidc": {"emails": [" ChuyenVien@ThanhHoa.gov.vn "]}})
    assert dict(config.passwords) == {"an": editor_hash}  # a plain password is never accepted
    assert not config.oidc_configured  # no [auth] section: st.login cannot be offered
    assert config.enabled
    assert auth.oidc_editor(config, "chuyenvien@thanhhoa.gov.vn")
    assert not auth.oidc_editor(config, "someone@else.vn")
    assert not auth.editor_config({}).enabled


def test_password_check_and_growing_wait_after_failures(editor_hash):
    config = auth.editor_config({"editors": {"an": editor_hash}})
    throttle = auth.Throttle()
    assert auth.check_password(config, "an", PASSWORD, throttle, now=100.0).ok
    assert not auth.check_password(config, "an", "sai", throttle, now=100.0).ok
    refused = auth.check_password(config, "an", PASSWORD, throttle, now=100.5)  # inside the 1 s wait
    assert not refused.ok and refused.wait_seconds == pytest.approx(0.5)
    assert not auth.check_password(config, "an", "sai", throttle, now=101.0).ok
    assert throttle.wait("an", now=101.0) == pytest.approx(2.0)  # the second failure doubles it
    assert auth.check_password(config, "an", PASSWORD, throttle, now=103.0).ok
    assert throttle.wait("an", now=103.0) == 0.0


def test_unknown_user_costs_a_hash_check_like_a_known_one(editor_hash, monkeypatch):
    """A name that is not an editor is not answered at once: the same argon2 verification runs, with
    a hash of the same cost as an editor's, so the answer's timing does not tell names apart."""
    checked = []

    class Recording:  # the real hasher, recording which hash each check ran against
        def verify(self, hashed: str, password: str) -> bool:
            checked.append(hashed)
            return hasher.verify(hashed, password)
    hasher = auth._HASHER
    monkeypatch.setattr(auth, "_HASHER", Recording())
    config = auth.editor_config({"editors": {"an": editor_hash}})
    assert not auth.check_password(config, "khong-co", PASSWORD, auth.Throttle()).ok
    assert not auth.check_password(config, "an", "sai", auth.Throttle()).ok
    assert auth.check_password(config, "an", PASSWORD, auth.Throttle()).ok
    unknown, known, right = checked
    assert unknown != known == right == editor_hash

    def cost(hashed: str) -> str:  # "$argon2id$v=19$m=…,t=…,p=…$salt$hash" → the algorithm and its cost
        return "$".join(hashed.split("$")[1:4])
    assert cost(unknown) == cost(known)


# ---- hostile files -------------------------------------------------------------------------

def test_uploaded_names_never_leave_the_staging_folder(tmp_path):
    folder, staged = loading.stage([("../../etc/passwd", b"x"), ("..\\..\\boot.ini", b"y"),
                                    ("Báo cáo tháng 11\x00.xlsx", b"z")], tmp_path / "db.duckdb")
    try:
        assert [s.display for s in staged] == ["passwd", "boot.ini", "Báo cáo tháng 11.xlsx"]
        for item in staged:
            assert item.path.parent == folder and item.path.resolve().is_relative_to(folder.resolve())
        assert staged[2].path.suffix == ".xlsx"  # the readers dispatch on it
    finally:
        loading.discard(folder)
    assert not folder.exists()


def test_content_that_does_not_match_its_extension_is_refused(tmp_path):
    csv_as_xlsx = tmp_path / "bao-cao.xlsx"
    csv_as_xlsx.write_text("Mã xã,Kỳ báo cáo,Số hồ sơ tiếp nhận\n14923,2025-11,5\n", encoding="utf-8")
    xlsx_as_csv = tmp_path / "bao-cao.csv"
    xlsx_as_csv.write_bytes(fx.write_report_xlsx(tmp_path / "real.xlsx").read_bytes())
    for path in (csv_as_xlsx, xlsx_as_csv):
        result = pipeline.prepare_file(path, pipeline.Options(province=fx.TH))
        assert [p.rule for p in result.problems] == ["file_type_mismatch"]
        assert "save it in the right format" in result.problems[0].reason_en


def test_a_zip_bomb_is_refused_from_the_archive_directory(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 200 * 1024  # 60 MB of sheet in a few kilobytes
    with pytest.raises(safety.UnsafeFile) as refused:
        safety.inspect(bomb)
    assert refused.value.rule == "archive_too_large"
    with pytest.raises(read.ReadError):
        read.read(bomb)


def test_a_refused_archive_counts_its_members_the_vietnamese_way(tmp_path):
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"xl/media/{i}.bin", b"")
    with pytest.raises(safety.UnsafeFile) as refused:
        safety.inspect(many)
    assert "10.001 thành phần" in refused.value.reason_vi
    assert "10,001 members" in refused.value.reason_en


# ---- the same pipeline, in its own process ------------------------------------------------------

def test_a_refused_upload_changes_nothing_and_says_why(tmp_path, db):
    bad = fx.write_csv(tmp_path / "sai.csv", ["Mã xã,Kỳ báo cáo,Tổng số hồ sơ tiếp nhận", "14923,2025-11,-5"])
    before = fx.table_checksum(db)
    folder, staged = loading.stage([("sai.csv", bad.read_bytes())], db)
    answer = loading.commit(staged, loading.UploadOptions(province=fx.TH), db, loaded_by="an")
    assert not answer.accepted and answer.data["refused"]
    problems = upload_page.problems_frame(answer.data, "vi")
    assert problems.row(0)[:4] == ("sai.csv", 2, "C (Tổng số hồ sơ tiếp nhận)", "Lỗi")
    assert "-5" in problems.row(0)[4]
    assert fx.table_checksum(db) == before
    loading.discard(folder)


def test_upload_preview_then_commit_records_the_editor(tmp_path, db):
    report = fx.write_report_xlsx(tmp_path / "thang-11.xlsx")
    folder, staged = loading.stage([("Tháng 11.xlsx", report.read_bytes())], db)
    options = loading.UploadOptions(province=fx.TH)
    preview = loading.prepare(staged, options, db)
    assert preview.accepted
    assert upload_page.totals(preview.data) == {"new": 40, "replaced": 0, "changed": 0, "new_communes": 5}
    assert fx.observations(db).height == 0  # a preview writes nothing
    done = loading.commit(staged, options, db, loaded_by="an")
    assert done.accepted and done.data["results"][0]["rows"] == 40
    assert fx.observations(db).equals(fx.expected_observations())
    assert fx.query(db, "SELECT source, loaded_by FROM loads ORDER BY load_id DESC LIMIT 1") == [("Tháng 11.xlsx", "an")]
    again = loading.prepare(staged, options, db)
    assert again.data["files"][0]["state"] == "already_loaded"
    loading.discard(folder)


def test_changes_show_old_and_new_values_by_name(tmp_path, db):
    options = loading.UploadOptions(province=fx.TH)
    first = fx.write_report_xlsx(tmp_path / "v1.xlsx")
    _, staged = loading.stage([("v1.xlsx", first.read_bytes())], db)
    assert loading.commit(staged, options, db, loaded_by="an").accepted
    rows = list(zip(fx.TYPED, fx.FIGURES))
    rows[0] = (rows[0][0], (5933, *fx.FIGURES[0][1:]))
    second = fx.write_report_xlsx(tmp_path / "v2.xlsx", rows=rows)
    _, staged = loading.stage([("v2.xlsx", second.read_bytes())], db)
    answer = loading.prepare(staged, options, db)
    changes = upload_page.changes_frame(answer.data, {fx.commune_codes()[0]: "Xã Bá Thước"}, "vi")
    assert changes.rows() == [("Xã Bá Thước", "Hồ sơ tiếp nhận", "2025-11", 5932.0, 5933.0, "v2.xlsx")]


def test_a_load_is_previewed_then_rolled_back_exactly_from_the_page_functions(tmp_path, db):
    options = loading.UploadOptions(province=fx.TH)
    first = fx.write_report_xlsx(tmp_path / "v1.xlsx")
    _, staged = loading.stage([("v1.xlsx", first.read_bytes())], db)
    assert loading.commit(staged, options, db, loaded_by="an").accepted
    after_first = fx.observations(db, exclude_seed=False).sort(pl.all())
    rows = list(zip(fx.TYPED, fx.FIGURES))
    rows[0] = (rows[0][0], (5933, *fx.FIGURES[0][1:]))
    second = fx.write_report_xlsx(tmp_path / "v2.xlsx", rows=rows)
    _, staged = loading.stage([("v2.xlsx", second.read_bytes())], db)
    second_id = loading.commit(staged, options, db, loaded_by="binh").data["results"][0]["load_id"]
    first_id = second_id - 1
    assert upload_page.can_roll_back(fx.loads_table(db))[:2] == [second_id, first_id]

    earlier = loading.rollback(first_id, db, "an", dry_run=False)  # v2 changed what v1 wrote
    assert not earlier.accepted and f"#{second_id}" in earlier.data["reason_vi"]
    preview = loading.rollback(second_id, db, "an", dry_run=True)
    assert preview.accepted and preview.data["rollback_id"] is None
    assert upload_page.rollback_frame(preview.data, {fx.commune_codes()[0]: "Xã Bá Thước"}, "vi").rows() == [
        ("Xã Bá Thước", "Hồ sơ tiếp nhận", "2025-11", 5933.0, 5932.0)]
    done = loading.rollback(second_id, db, "an", dry_run=False)
    assert done.accepted and done.data["rollback_id"] > second_id
    assert fx.observations(db).equals(fx.expected_observations())
    assert fx.observations(db, exclude_seed=False).sort(pl.all()).equals(after_first)
    loads = upload_page.loads_frame(fx.loads_table(db), "vi").rows_by_key("Lượt", unique=True)
    assert loads[second_id][1:] == ("binh", "v2.xlsx", 40, 40, f"Đã hoàn tác (lượt #{done.data['rollback_id']})")
    assert loads[done.data["rollback_id"]][1] == "an"
    assert loads[done.data["rollback_id"]][-1] == f"Hoàn tác lượt #{second_id}"
    assert upload_page.can_roll_back(fx.loads_table(db))[0] == first_id


# ---- the page ---------------------------------------------------------------------------------

def _page(demo_env):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(page_path("upload"), default_timeout=60)


def test_without_editors_the_page_explains_and_accepts_nothing(demo_env):
    at = _page(demo_env).run()
    assert not at.exception
    assert any("chưa được bật" in info.value for info in at.info)
    assert not at.get("file_uploader")
    assert "python -m dashboard.auth hash" in at.code[0].value


def test_sign_in_is_needed_and_a_wrong_password_is_refused(demo_env, editor_hash):
    at = _page(demo_env)
    at.secrets["editors"] = {"an": editor_hash}
    at.run()
    assert not at.get("file_uploader")
    at.text_input(key="up_user_name").input("an")
    at.text_input(key="up_password").input("sai mat khau")
    at.button[0].click().run()
    assert "không đúng" in at.error[0].value
    assert not at.get("file_uploader")


def test_an_editor_signs_in_and_sees_the_upload_form(demo_env, editor_hash):
    at = _page(demo_env)
    at.secrets["editors"] = {"binh": editor_hash}
    at.run()
    at.text_input(key="up_user_name").input("binh")
    at.text_input(key="up_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "binh" in at.success[0].value
    assert at.get("file_uploader")
    # the demo database: a real load must say it removes the demo; the loads can be undone
    assert any("minh họa" in w.value for w in at.warning)
    assert at.checkbox(key="up_replace_demo").value is False
    assert at.tabs[1].label == "Các lượt nạp và hoàn tác"
    assert "Đang dùng · minh họa" in at.dataframe[0].value.iloc[:, -1].tolist()
    assert at.selectbox(key="up_rollback_pick").options


# ---- text from files stays text ------------------------------------------------------------------

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)<b>=HYPERLINK("x").csv'


def test_a_hostile_file_name_is_kept_as_text_in_loads_exports_and_charts(tmp_path, db):
    import datetime as dt

    import plotly.graph_objects as go

    from core import catalog
    from dashboard.export import images, labels, tables

    report = fx.write_csv(tmp_path / "x.csv", ["Mã xã,Kỳ báo cáo,Tổng số hồ sơ tiếp nhận",
                                               f"{fx.commune_codes()[0]},2025-11,12"])
    _, staged = loading.stage([(HOSTILE, report.read_bytes())], db)
    assert staged[0].display == HOSTILE  # no path part in it: the name the editor gave, unchanged
    assert loading.commit(staged, loading.UploadOptions(province=fx.TH), db, loaded_by="an").accepted
    shown = upload_page.loads_frame(fx.loads_table(db), "vi")
    assert shown["Tệp"][0] == HOSTILE  # st.dataframe draws cells as text, never as HTML

    sources = pl.DataFrame({"source": [HOSTILE], "is_demo": [False]})
    made = labels.make("Hồ sơ tiếp nhận", place="Thanh Hóa", window="month", period=dt.date(2025, 11, 1),
                       indicators=[catalog.indicators()["dossiers_received"]], has_demo=False, sources=sources)
    assert HOSTILE in made.footer
    figure = images.labelled(go.Figure(go.Bar(x=["a"], y=[1])), made)
    drawn = " ".join(a.text for a in figure.layout.annotations)
    assert "<img" not in drawn and "<script" not in drawn and "&lt;img src=x" in drawn  # plotly shows it as text
    csv = tables.table_csv(pl.DataFrame({"Tệp": ["=1+1", "@SUM(A1)", "+1", "-1", "\tx", HOSTILE]})).decode("utf-8-sig")
    assert "\n'=1+1" in csv and "\n'@SUM(A1)" in csv and "\n'+1" in csv and "\n'-1" in csv  # never evaluated
