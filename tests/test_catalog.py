"""Everything declared is covered: the catalog, its formulas, translations, the database."""
import duckdb

from core import catalog
from core.config import CATALOG_DIR
from dashboard import i18n

CONTRACT_CODES = {
    "dossiers_received", "dossiers_online", "dossiers_on_time", "dossiers_late", "dossiers_in_progress",
    "dossiers_with_fee", "dossiers_paid_online", "dossiers_digitised", "dossiers_e_result", "online_rate",
    "on_time_rate", "online_payment_rate", "digitisation_rate", "e_result_rate", "service_index",
    "si_transparency", "si_progress", "si_digitisation", "si_online", "si_satisfaction", "satisfaction_score",
    "digital_teams", "digital_team_members", "vneid_activated_pct", "digital_literacy_pct", "people_trained",
    "smartphone_pct", "coverage_5g_pct", "e_document_pct", "digital_signature_pct", "population", "area_km2",
    "villages"}


def test_catalog_holds_exactly_the_contract_codes():
    assert set(catalog.indicators()) == CONTRACT_CODES


def test_every_entry_is_complete_and_formulas_name_real_counts():
    codes = catalog.indicators()
    for ind in codes.values():
        assert ind.name_vi and ind.name_en and ind.definition_vi and ind.definition_en, ind.code
        assert ind.kind in catalog.KINDS and ind.direction in catalog.DIRECTIONS, ind.code
        assert ind.group in catalog.groups(), ind.code
        for part in ind.numerator + ind.denominator:
            assert codes[part].kind == "count", (ind.code, part)
    groups = [i for i in codes.values() if i.component_of == "service_index"]
    assert sum(i.scale_max for i in groups) == 100
    assert codes["online_rate"].target_for(38) == 70 and codes["online_rate"].target_for(1) == 80


def test_grade_bands_are_configuration():
    assert [(b["min"], b["vi"]) for b in catalog.grade_bands()] == [
        (90, "Xuất sắc"), (80, "Tốt"), (70, "Khá"), (50, "Trung bình"), (0, "Yếu")]


def test_every_text_has_both_languages():
    for key, (vi, en) in i18n.TEXTS.items():
        assert vi.strip() and en.strip(), key


def test_database_indicators_are_the_catalog(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    stored = {r[0] for r in con.execute("SELECT DISTINCT indicator_code FROM observations").fetchall()}
    table = {r[0] for r in con.execute("SELECT indicator_code FROM indicators").fetchall()}
    con.close()
    assert table == set(catalog.indicators())
    assert stored <= table
    derived = {code for code, ind in catalog.indicators().items() if ind.is_derived}
    assert not stored & derived  # derived rates are computed at query time, never stored by the demo


def test_catalog_files_read_the_same_with_libyaml_as_with_pyyaml():
    """core.catalog.read_yaml parses with libyaml's C loader (a tenth of the time): what it reads must be
    exactly what PyYAML's own safe loader reads, for every file in data/catalog."""
    import yaml

    files = sorted(CATALOG_DIR.glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        assert catalog.read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
