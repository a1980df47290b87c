"""Time `python -m etl load` on a whole country's month: 3,321 communes × 31 indicator columns (XLSX, wide).

The workbook is a report as provinces send them: title rows, a header with Vietnamese
indicator names, commune codes, names and provinces, and a totals row. Figures are
consistent (rates agree with their counts, service-index groups sum to the total), so the
timing is of a load that passes every rule.

Usage: .venv/bin/python -m bench.bench_etl_load [--demo] [--keep DIR]
  --demo   load into a demo database (2025-07..2025-09, ~1 million rows; ~6 s to build)
           instead of a fresh, nearly empty one
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
PERIOD = dt.date(2025, 10, 1)


def heading(code: str) -> str:
    """The Vietnamese name as a report would print it, or the first alias when the name is
    shared (the catalog gives "Số hóa hồ sơ" to si_digitisation and, as an alias, to
    dossiers_digitised: such a heading is refused as ambiguous)."""
    from core import catalog
    from etl.match import indicator_for_heading

    ind = catalog.indicator(code)
    unit = " (%)" if ind.is_percent else ""
    for text in (ind.name_vi, *ind.aliases, ind.code):
        if indicator_for_heading(text + unit) == code:
            return text + unit
    return code


def build_workbook(path: Path) -> tuple[int, int]:
    import xlsxwriter

    from core import catalog
    from etl import masterdata

    communes = masterdata.communes().join(
        masterdata.provinces().select("province_code", pl.col("name").alias("province")), on="province_code")
    rng = np.random.default_rng(2025)
    n = communes.height
    received = rng.integers(80, 6000, n)
    online = (received * rng.uniform(0.5, 1.0, n)).astype(int)
    late = rng.integers(0, 20, n)
    on_time = received - late - rng.integers(0, 30, n).clip(max=received - late)
    with_fee = (received * rng.uniform(0.2, 0.6, n)).astype(int)
    paid = (with_fee * rng.uniform(0.3, 1.0, n)).astype(int)
    digitised = (received * rng.uniform(0.7, 1.0, n)).astype(int)
    e_result = ((on_time + late) * rng.uniform(0.5, 1.0, n)).astype(int)
    groups = {"si_transparency": 18, "si_progress": 20, "si_digitisation": 22, "si_online": 22, "si_satisfaction": 18}
    group_values = {code: np.round(rng.uniform(0.5, 1.0, n) * top, 2) for code, top in groups.items()}
    values = {
        "dossiers_received": received, "dossiers_online": online, "dossiers_on_time": on_time,
        "dossiers_late": late, "dossiers_in_progress": rng.integers(0, 400, n), "dossiers_with_fee": with_fee,
        "dossiers_paid_online": paid, "dossiers_digitised": digitised, "dossiers_e_result": e_result,
        "online_rate": np.round(100 * online / received, 2),
        "on_time_rate": np.round(100 * on_time / (on_time + late), 2),
        "online_payment_rate": np.round(100 * paid / np.maximum(with_fee, 1), 2),
        "digitisation_rate": np.round(100 * digitised / received, 2),
        "e_result_rate": np.round(100 * e_result / (on_time + late), 2),
        **group_values,
        "service_index": np.round(sum(group_values.values()), 2),
        "satisfaction_score": np.round(rng.uniform(60, 99, n), 1),
        "digital_teams": rng.integers(5, 60, n), "digital_team_members": rng.integers(20, 400, n),
        "vneid_activated_pct": np.round(rng.uniform(70, 100, n), 1),
        "digital_literacy_pct": np.round(rng.uniform(40, 95, n), 1), "people_trained": rng.integers(0, 3000, n),
        "smartphone_pct": np.round(rng.uniform(50, 95, n), 1), "coverage_5g_pct": np.round(rng.uniform(0, 100, n), 1),
        "e_document_pct": np.round(rng.uniform(80, 100, n), 1),
        "digital_signature_pct": np.round(rng.uniform(80, 100, n), 1),
        "villages": rng.integers(3, 60, n),
    }
    # online_payment_rate with no fee-bearing dossiers would disagree with its counts: leave it out there.
    codes = [c for c in catalog.indicators() if c in values]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Tháng 10")
    sheet.write(0, 0, "BỘ CÔNG AN / VĂN PHÒNG CHÍNH PHỦ")
    sheet.write(1, 0, "BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ CẤP XÃ TOÀN QUỐC")
    sheet.write(2, 0, f"Tháng {PERIOD.month}/{PERIOD.year}")
    header = ["STT", "Mã xã", "Tỉnh", "Xã/phường"] + [heading(c) for c in codes]
    for j, text in enumerate(header):
        sheet.write_string(4, j, text)
    columns = [values[c] for c in codes]
    for i, row in enumerate(communes.select("commune_code", "province", "name").iter_rows()):
        r = 5 + i
        sheet.write_number(r, 0, i + 1)
        sheet.write_number(r, 1, row[0])
        sheet.write_string(r, 2, row[1])
        sheet.write_string(r, 3, row[2])
        for j, column in enumerate(columns):
            value = column[i]
            if codes[j] == "online_payment_rate" and with_fee[i] == 0:
                continue
            sheet.write_number(r, 4 + j, float(value))
    sheet.write_string(5 + n, 3, "Tổng cộng")
    workbook.close()
    return n, len(codes)


def measure(folder: Path, demo: bool = False) -> dict:
    """Write the workbook into `folder`, load it with `python -m etl load`, then load it again."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, db = folder / "toan_quoc_2025_10.xlsx", folder / "bench.duckdb"
    started = time.perf_counter()
    communes, columns = build_workbook(xlsx)
    out = {"workbook_s": time.perf_counter() - started, "communes": communes, "columns": columns,
           "size_mb": xlsx.stat().st_size / 1e6, "path": xlsx}
    for extra in (db, db.with_name(db.name + ".wal")):
        extra.unlink(missing_ok=True)
    if demo:
        subprocess.run([sys.executable, "-m", "etl", "demo", "--until", "2025-09", "--db", str(db)],
                       check=True, cwd=ROOT, capture_output=True)
    else:
        from etl import load

        empty = pl.DataFrame(schema=load.OBSERVATION_SCHEMA)
        load.commit([load.Batch("bench-seed", hashlib.sha256(b"bench").hexdigest(), "file", empty)], db, fresh=True)
    command = [sys.executable, "-m", "etl", "load", str(xlsx), "--db", str(db)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    out["load_s"] = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-4000:])
        raise SystemExit(f"load failed with exit code {result.returncode}")
    out["total_line"] = next((line for line in result.stdout.splitlines() if line.startswith("Tổng")), "")
    started = time.perf_counter()
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    out["again_s"], out["again_exit"] = time.perf_counter() - started, again.returncode
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--keep", help="folder to keep the workbook and database in")
    args = parser.parse_args()
    r = measure(Path(args.keep or tempfile.mkdtemp(prefix="bench_etl_")), args.demo)
    print(f"workbook: {r['path']} ({r['communes']:,} communes × {r['columns']} indicator columns, "
          f"{r['size_mb']:.1f} MB, written in {r['workbook_s']:.1f} s)")
    print(f"python -m etl load (whole country, one month, {'demo' if args.demo else 'fresh'} database): "
          f"{r['load_s']:.2f} s  [{r['total_line']}]")
    print(f"same file again (already loaded, nothing written): {r['again_s']:.2f} s, exit {r['again_exit']}")


if __name__ == "__main__":
    main()
