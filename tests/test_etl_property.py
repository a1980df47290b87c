"""Property: a randomly corrupted valid file is either loaded exactly or refused with the
database's table contents unchanged (never half-loaded, never loaded wrong)."""
from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from etl import numbers
from etl.__main__ import main
from etl.vocabulary import vocabulary

COUNT_CODES = fx.CODES[:5]
HEADER = ["STT", "Xã/phường", "Tháng", *fx.HEADINGS_VI[:5]]


def valid_rows() -> list[list[str]]:
    return [list(HEADER)] + [[str(i + 1), name, "11/2025", *(str(v) for v in figs[:5])]
                       for i, (name, figs) in enumerate(zip(fx.TYPED, fx.FIGURES))]


def expected(rows_kept: list[int], cell: tuple[int, int] | None = None, value=None) -> dict:
    """{(commune_code, indicator): value} the file should load; `cell` overrides one (None = absent)."""
    codes = fx.commune_codes()
    out = {}
    for i in rows_kept:
        for j, code in enumerate(COUNT_CODES):
            out[(codes[i], code)] = float(fx.FIGURES[i][j])
    if cell is not None:
        key = (codes[cell[0]], COUNT_CODES[cell[1]])
        out.pop(key, None)
        if value is not None:
            out[key] = value
    return out


corruptions = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 4), st.integers(0, 4),
              st.text(alphabet="0123456789.,-+% xX", min_size=0, max_size=8)),
    st.tuples(st.just("delete_row"), st.integers(0, 4)),
    st.tuples(st.just("duplicate_row"), st.integers(0, 4)),
    st.tuples(st.just("header"), st.integers(1, 7), st.sampled_from(["upper", "spaces", "insert"]),
              st.integers(0, 30), st.sampled_from(list("aăxz1 ()%/"))),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return fx.fresh_db(tmp_path_factory.mktemp("tpl") / "template.duckdb")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corruption=corruptions)
def test_corrupted_file_is_loaded_exactly_or_refused_unchanged(corruption, template, tmp_path):
    db = tmp_path / "db.duckdb"
    shutil.copyfile(template, db)
    rows = valid_rows()
    kept = list(range(5))
    allowed: list[dict] = [expected(kept)]  # acceptable outcomes if it loads
    kind = corruption[0]
    if kind == "replace":
        _, i, j, text = corruption
        rows[1 + i][3 + j] = text
        candidates = set()
        for form in ("dot", "comma"):
            try:
                candidates.add(numbers.parse(text.strip() or None, form))
            except ValueError:
                pass
        if vocabulary().zero(text):  # DESIGN: "-" in a count is 0, not "not reported"
            candidates = {0.0}
        allowed = [expected(kept, (i, j), v) for v in candidates]
    elif kind == "delete_row":
        del rows[1 + corruption[1]]
        kept.remove(corruption[1])
        allowed = [expected(kept)]
    elif kind == "duplicate_row":
        rows.insert(1 + corruption[1], list(rows[1 + corruption[1]]))
        allowed = []  # a duplicate is always an error
    else:
        _, j, op, pos, ch = corruption
        heading = rows[0][j]
        rows[0][j] = (heading.upper() if op == "upper" else f"  {heading}  " if op == "spaces"
                      else heading[:pos] + ch + heading[pos:])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / "corrupt.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    before = fx.table_checksum(db)
    code = main(["load", str(path), "--db", str(db), "--province", "38"])
    if code == 0:
        loaded = {(c, i): v for c, i, _, v in fx.observations(db).iter_rows()}
        assert loaded in allowed, (corruption, loaded)
    else:
        assert code == 1
        assert fx.table_checksum(db) == before


def test_the_uncorrupted_file_loads(template, tmp_path):
    db = tmp_path / "db.duckdb"
    shutil.copyfile(template, db)
    path = tmp_path / "ok.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(valid_rows())
    assert main(["load", str(path), "--db", str(db), "--province", "38"]) == 0
    assert {(c, i): v for c, i, _, v in fx.observations(db).iter_rows()} == expected(list(range(5)))
    assert fx.observations(db).height == 25 and isinstance(fx.observations(db), pl.DataFrame)
