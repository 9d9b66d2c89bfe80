"""The data package: every resource validates, hashes match, the build is deterministic, and the
tables agree with each other and with published national totals within stated tolerances."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess

import pytest

from krdev import catalog, data
from krdev.build_data import build
from tests.conftest import ROOT

CAPITAL = ["11", "23", "31"]


@pytest.fixture(scope="module")
def totals():
    frame = data.load("official_national_totals")
    return {(r.item, int(r.year)): (float(r.value), int(r.rounding)) for r in frame.itertuples()}


def test_every_resource_loads_and_matches_its_hash():
    report = data.check()
    assert {name for name, _, _ in report} == {r["name"] for r in catalog.resources()}
    assert all(rows > 0 for _, rows, _ in report)


def test_descriptor_is_up_to_date_with_the_catalogue():
    package = data.read_package()
    described = {r["name"]: {k: v for k, v in r.items() if k not in ("bytes", "hash")} for r in package["resources"]}
    assert described == {r["name"]: r for r in catalog.resources()}, "run `make data` after editing krdev/catalog.py"


def test_every_resource_records_source_license_and_units_where_numeric():
    for res in data.read_package()["resources"]:
        assert res["sources"] and res["licenses"], res["name"]
        assert res["hash"].startswith("sha256:") and res["bytes"] > 0
        if res["krdev:kind"] == "raw":
            notes = ROOT / "data" / res["krdev:sourceNotes"]
            assert notes.exists(), f"{res['name']} lacks its SOURCE.md"


def test_frictionless_validates_the_package():
    exe = ROOT / ".venv" / "bin" / "frictionless"
    command = [str(exe) if exe.exists() else "frictionless", "validate", "--json", "data/datapackage.json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], [t["errors"][:2] for t in report["tasks"] if not t["valid"]]


def test_make_data_is_byte_identical(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", target / "raw")
    build(target)
    for path in sorted((ROOT / "data" / "processed").glob("*.*json")) + sorted((ROOT / "data" / "processed").glob("*.csv")):
        assert filecmp.cmp(path, target / "processed" / path.name, shallow=False), f"{path.name} differs"
    assert filecmp.cmp(ROOT / "data" / "datapackage.json", target / "datapackage.json", shallow=False)


# ------------------------------------------------------------------ cross-checks


def test_registered_population_sums_to_the_published_total(totals):
    """Exact: the 17 시도 add up to the MOIS national total (tolerance 0 persons)."""
    pop = data.load("population_registered")
    for year in (2010, 2019, 2020):
        published, rounding = totals[("registered_population_total", year)]
        assert pop[pop.year == year].population.sum() == published


def test_estimated_population_sums_to_the_published_total(totals):
    pop = data.load("population_estimated")
    published, _ = totals[("estimated_population_total", 2010)]
    assert pop[pop.year == 2010].population.sum() == published


@pytest.mark.parametrize("year", [2019, 2020])
def test_movers_match_the_migration_release(totals, year):
    """Within the release's rounding (thousands): total, within-시도 and between-시도 movers."""
    m = data.load("movers")
    m = m[m.year == year]
    within = m[m.origin_sido_code == m.destination_sido_code].movers.sum()
    between = m[m.origin_sido_code != m.destination_sido_code].movers.sum()
    for item, ours in [("movers_total", within + between), ("movers_within_sido", within), ("movers_between_sido", between)]:
        published, rounding = totals[(item, year)]
        assert abs(ours - published) <= rounding / 2, item


def test_capital_region_net_migration_matches_the_release(totals):
    m = data.load("movers")
    m = m[m.year == 2020]
    into = m[~m.origin_sido_code.isin(CAPITAL) & m.destination_sido_code.isin(CAPITAL)].movers.sum()
    out = m[m.origin_sido_code.isin(CAPITAL) & ~m.destination_sido_code.isin(CAPITAL)].movers.sum()
    published, rounding = totals[("capital_region_net_migration", 2020)]
    assert abs((into - out) - published) <= rounding / 2
    seoul_in = m[(m.destination_sido_code == "11") & (m.origin_sido_code != "11")].movers.sum()
    seoul_out = m[(m.origin_sido_code == "11") & (m.destination_sido_code != "11")].movers.sum()
    published, rounding = totals[("seoul_net_migration", 2020)]
    assert abs((seoul_in - seoul_out) - published) <= rounding / 2


def test_national_per_capita_grdp_is_the_population_weighted_mean():
    """Tolerance 2 %: KOSIS divides by estimated population, we weight by registered population."""
    gdp = data.load("grdp_per_capita")
    pop = data.load("population_registered")
    merged = gdp[gdp.region_code != "00"].merge(pop, left_on=["year", "region_code"], right_on=["year", "sido_code"])
    weighted = merged.assign(w=merged.grdp_per_capita * merged.population).groupby("year").apply(
        lambda g: g.w.sum() / g.population.sum(), include_groups=False)
    national = gdp[gdp.region_code == "00"].set_index("year").grdp_per_capita
    ratio = (weighted / national.reindex(weighted.index)).astype(float)
    assert ratio.between(0.98, 1.02).all(), ratio[~ratio.between(0.98, 1.02)]


def test_macro_regions_add_up_to_the_national_real_grdp():
    """Tolerance 1 %: chain-linked volumes are not additive, but the residual is small."""
    macro = data.load("kostat_real_grdp_macro").pivot(index="year", columns="macro_region",
                                                      values="real_grdp_million_krw_2015_prices")
    parts = macro.drop(columns="national").sum(axis=1)
    assert ((parts / macro["national"]).astype(float) - 1).abs().max() < 0.01


def test_sigungu_grdp_sums_agree_with_sido_grdp():
    """2020 시군구 GRDP summed by 시도 vs 시도 per-capita GRDP × registered population.

    Tolerance 4 %: 시군구 GRDP is compiled by each province with its own methods and the per-capita
    figure divides by mid-year estimated rather than year-end registered population. Sejong gets
    10 %: its population grew by about 10 % a year, so year-end and mid-year counts differ most there.
    """
    sgg = data.load("sigungu_profile")
    sums = sgg[sgg.year == 2020].groupby("sido_code").grdp_million_krw.sum()
    gdp = data.load("grdp_per_capita")
    pop = data.load("population_registered")
    sido = gdp[gdp.year == 2020].merge(pop[pop.year == 2020], left_on="region_code", right_on="sido_code")
    sido_total = (sido.grdp_per_capita * sido.population / 1000).set_axis(sido.sido_code)
    ratio = (sums / sido_total.reindex(sums.index)).astype(float)
    assert len(ratio) == 17
    assert ratio.drop("29").between(0.96, 1.04).all(), ratio
    assert 0.90 < ratio["29"] < 1.10


@pytest.mark.parametrize("year", [2010, 2015, 2020])
def test_census_population_totals_are_plausible(year):
    """Census household population vs registered population: the census figure is 90–100 % of the
    registered one (different concepts: the census table counts persons in households on census day,
    registration also counts people in collective dwellings, long-term absentees and Koreans abroad
    who keep a registration — 93 % in 2010, 95 % in 2015, 97 % in 2020), and no 시군구 is counted twice."""
    sgg = data.load("sigungu_profile")
    pop = data.load("population_registered")
    census = sgg[sgg.year == year].population.sum()
    registered = pop[pop.year == year].population.sum()
    assert 0.90 < census / registered < 1.0
    assert sgg[sgg.year == year].sigungu_code.is_unique
    assert sgg[sgg.year == year].sigungu_code.str.endswith("0").all()


def test_sigungu_2010_gaps_are_exactly_the_documented_ones():
    sgg = data.load("sigungu_profile")
    missing = set(sgg[(sgg.year == 2010) & sgg.grdp_million_krw.isna()].sido_code)
    assert missing == {"23", "25", "26", "38"}
    assert sgg[sgg.year.isin([2015, 2020])].grdp_million_krw.notna().all()


def test_sido_boundaries_cover_the_17_regions_and_stay_small():
    sido = data.load("sido_boundaries")
    assert sorted(sido.sido_code) == sorted(catalog.SIDO_CODES)
    for name in ("sido_2020", "sigungu_2020"):
        assert (ROOT / "data" / "processed" / f"{name}.geojson").stat().st_size < 600_000


def test_boundaries_match_the_tables_by_code():
    for year in (2010, 2015, 2020):
        shapes = set(data.load(f"sigungu_boundaries_{year}").sigungu_code)
        sgg = data.load("sigungu_profile")
        assert set(sgg[sgg.year == year].sigungu_code) == shapes, year


def test_loaded_frames_carry_units_and_sources():
    frame = data.load("grdp_per_capita")
    assert frame.attrs["units"]["grdp_per_capita"] == "thousand KRW"
    assert frame.attrs["sources"] and frame.attrs["license"]
