"""The 시군구 crosswalk: MOIS codes of the registration tables -> KOSTAT boundary units.

Hand-checked cases come from the laws and notices in data/raw/sigungu_crosswalk/SOURCE.md; the
coverage tests take every code of every table that declares MOIS 시군구 codes.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from krdev import data, regions
from krdev.errors import UnknownRegionCodeError
from tests.conftest import ROOT


def _boundary_codes(year: int) -> set[str]:
    gj = json.loads((ROOT / "data" / "processed" / f"sigungu_{year}.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["sigungu_code"] for f in gj["features"]}


@pytest.mark.parametrize("code,year,boundary_year,expected", [
    ("11110", 2025, 2020, "11010"),   # 종로구: MOIS 11110 is KOSTAT 11010
    ("26110", 2025, 2020, "21010"),   # 부산 중구: MOIS 26 is Busan, KOSTAT 21
    ("27720", 2025, 2020, "37310"),   # 군위군 under Daegu since 2023-07-01, drawn on its Gyeongbuk unit
    ("47720", 2022, 2020, "37310"),   # the same unit under its old code
    ("28170", 2017, 2015, "23030"),   # 인천 남구 before its renaming ...
    ("28177", 2018, 2020, "23090"),   # ... and as 미추홀구
    ("42110", 2022, 2020, "32010"),   # 춘천시 under 강원도 ...
    ("51110", 2023, 2020, "32010"),   # ... and under 강원특별자치도 (from 2023-06-11)
    ("45113", 2023, 2020, "35010"),   # 전주시 덕진구 (a 구 maps to its city) under 전라북도 ...
    ("52113", 2024, 2020, "35010"),   # ... and under 전북특별자치도 (from 2024-01-18)
    ("41194", 2024, 2020, "31050"),   # 부천시 소사구, re-established 2024-01-01
    ("41670", 2025, 2010, "31320"),   # 여주시 was 여주군 in 2010
])
def test_hand_checked_cases(code, year, boundary_year, expected):
    assert regions.sigungu_to_boundary([code], year, boundary_year).tolist() == [expected]


@pytest.mark.parametrize("code,year", [("51110", 2022), ("42110", 2023), ("27720", 2022), ("47720", 2023),
                                       ("52110", 2023), ("45110", 2024), ("28177", 2017), ("41192", 2023)])
def test_codes_outside_their_period_are_refused(code, year):
    with pytest.raises(UnknownRegionCodeError, match=code):
        regions.sigungu_to_boundary([code], year)


def test_units_without_a_single_2010_unit_are_refused_with_the_reason():
    with pytest.raises(UnknownRegionCodeError, match="세종"):
        regions.sigungu_to_boundary(["36110"], 2025, 2010)


@pytest.mark.parametrize("year", range(2015, 2026))
def test_every_year_end_has_229_basic_units_on_229_boundary_units(year):
    """One code per unit at each year end; basic units (no parent) cover each boundary vintage one to one."""
    cw = regions.sigungu_crosswalk(year)
    assert cw.current_code.is_unique or cw[cw.parent_mois_code.isna()].current_code.is_unique
    basic = cw[cw.parent_mois_code.isna()]
    assert len(basic) == 229
    for boundary_year in (2015, 2020):
        units = regions.sigungu_to_boundary(basic.mois_code, year, boundary_year)
        assert units.is_unique and set(units) == _boundary_codes(boundary_year)
    # every 구 maps to its city's unit (the documented merge)
    gu = cw[cw.parent_mois_code.notna()]
    assert (regions.sigungu_to_boundary(gu.mois_code, year).to_numpy()
            == regions.sigungu_to_boundary(gu.parent_mois_code, year).to_numpy()).all()


def _mois_sigungu_tables():
    for res in data.read_package()["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            if field.get("krdev:sigunguCodeSystem") == "mois":
                yield res["name"], field["name"], field.get("krdev:codesAsOf")


def test_some_table_declares_mois_sigungu_codes():
    assert ("kosis_population_sigungu_2025", "sigungu_code") in {t[:2] for t in _mois_sigungu_tables()}


@pytest.mark.parametrize("name,column,as_of", list(_mois_sigungu_tables()))
def test_every_code_of_every_mois_sigungu_table_maps_to_one_boundary_unit(name, column, as_of):
    """Each table's codes, year by year, map to a 2020 boundary unit; the basic units one to one.
    Tables that use one year's codes for every row (``krdev:codesAsOf``) are mapped as of that year."""
    frame = data.load(name)
    years = sorted(set(frame["year"].dropna().astype(int))) if "year" in frame else [2025]
    for year in years:
        codes = frame[frame["year"] == year][column] if "year" in frame else frame[column]
        units = regions.sigungu_to_boundary(codes, as_of or (year if "year" in frame else 2025), 2020)
        assert units.notna().all()
        parent = next((c for c in frame.columns if c.startswith("parent")), None)
        basic = units[frame.loc[codes.index, parent].isna()] if parent else units
        assert basic.is_unique, (name, year)


def test_the_2025_table_sums_to_its_sido_totals_through_the_crosswalk():
    """Units without a parent, grouped by the data's own 시도, equal the 시도 table's December 2025 totals."""
    sgg = data.load("kosis_population_sigungu_2025")
    sido = data.load("kosis_registered_population_2025")
    basic = sgg[sgg.parent_sigungu_code.isna()]
    ours = basic.groupby("sido_kostat_code").population.sum()
    theirs = sido[(sido.year == 2025) & (sido.kostat_code != "00")].set_index("kostat_code").population
    assert (ours.sort_index() == theirs.sort_index()).all()
    assert basic.population.sum() == 51_117_378  # national registered population, December 2025 (KOSIS DT_1B04006)
