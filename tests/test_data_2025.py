"""The 2025 tables: row counts, internal identities and published national totals.

Published figures are those of the KOSTAT/MOIS releases named in each dataset's SOURCE.md."""

from __future__ import annotations

import pandas as pd
import pytest

from krdev import data
from krdev.build_data import extend_series
from krdev.errors import DataError

CAPITAL = ["11", "23", "31"]


@pytest.mark.parametrize("name,rows", [
    ("kosis_registered_population_2025", 456), ("kosis_population_sigungu_2025", 264), ("kosis_population_age_2024", 18),
    ("kosis_interprovincial_movers_2024", 6829), ("kosis_net_migration_2025", 34),
    ("kosis_grdp_activity_2020base", 21615), ("kostat_real_grdp_2020base", 230),
    ("kostat_real_grdp_2020base_quarterly", 943), ("kosis_grdp_2024", 17), ("sigungu_crosswalk", 300),
])
def test_row_counts(name, rows):
    assert len(data.load(name)) == rows


@pytest.mark.parametrize("year,published", [(2020, 51_829_023), (2024, 51_217_221), (2025, 51_117_378)])
def test_registered_population_national_totals(year, published):
    """2020: MOIS 행정안전통계연보 (official_national_totals); 2024, 2025: the national rows of DT_1B040A3 / DT_1B04006."""
    reg = data.load("kosis_registered_population_2025")
    y = reg[reg.year == year]
    assert y[y.kostat_code == "00"].population.item() == published
    assert y[y.kostat_code != "00"].population.sum() == published
    assert data.load("population_registered").query("year == @year").population.sum() == published


def test_the_old_and_new_population_series_are_identical_where_they_overlap():
    old = data.load("kosis_registered_population")
    new = data.load("kosis_registered_population_2025")
    ext = data.load("population_registered")
    for year in range(2000, 2021):
        assert (ext[ext.year == year].population.sum() == new[(new.year == year) & (new.kostat_code != "00")].population.sum())
    assert old[old.year == 2020].population.sum() == new[(new.year == 2020) & (new.kostat_code == "00")].population.item()
    assert sorted(set(ext.year)) == list(range(1992, 2026))


def test_movers_overlap_is_identical_cell_by_cell():
    old = data.load("kosis_interprovincial_movers").set_index(["year", "origin_mois_code", "destination_mois_code"]).movers
    new = data.load("kosis_interprovincial_movers_2024").set_index(["year", "origin_mois_code", "destination_mois_code"]).movers
    a = old[old.index.get_level_values("year") >= 2000].sort_index()
    b = new[new.index.get_level_values("year") <= 2020].sort_index()
    assert len(a) == len(b) == 5673 and a.index.equals(b.index) and (a == b).all()
    ext = data.load("movers")
    assert sorted(set(ext.year))[-1] == 2024 and len(ext) == len(old) + (len(new) - 5673)


def test_extending_a_series_refuses_an_overlap_that_differs(tmp_path):
    old = pd.DataFrame({"year": [2019, 2020], "k": ["a", "a"], "v": [1, 2]})
    with pytest.raises(DataError, match="differs.*2020"):
        extend_series(old, pd.DataFrame({"year": [2020, 2021], "k": ["a", "a"], "v": [3, 4]}), ["year", "k"], "v", tmp_path / "x.csv")
    with pytest.raises(DataError, match="different cells"):
        extend_series(old, pd.DataFrame({"year": [2020, 2020], "k": ["a", "b"], "v": [2, 4]}), ["year", "k"], "v", tmp_path / "x.csv")
    assert extend_series(old, pd.DataFrame({"year": [2020, 2021], "k": ["a", "a"], "v": [2, 4]}), ["year", "k"], "v",
                         tmp_path / "x.csv").v.tolist() == [1, 2, 4]


@pytest.mark.parametrize("year,total", [(2021, 7_213_422), (2022, 6_152_155), (2023, 6_128_738), (2024, 6_283_319)])
def test_movers_match_the_published_national_totals(year, total):
    """KOSTAT 국내인구이동통계 releases: total movers (diagonal included)."""
    m = data.load("movers")
    assert m[m.year == year].movers.sum() == total


def test_movers_2024_within_and_between_match_the_release():
    """Release of January 2025: 410.9만 within 시도 and 217.5만 between (rounded to 1,000)."""
    m = data.load("movers").query("year == 2024")
    within = m[m.origin_sido_code == m.destination_sido_code].movers.sum()
    assert abs(within - 4_109_000) <= 500 and abs(m.movers.sum() - within - 2_175_000) <= 500


def test_net_migration_2024_equals_the_movers_matrix_and_sums_to_zero():
    net = data.load("kosis_net_migration_2025")
    assert (net.groupby("year").net_migration.sum() == 0).all()
    m = data.load("movers").query("year == 2024 and origin_sido_code != destination_sido_code")
    ours = m.groupby("destination_sido_code").movers.sum() - m.groupby("origin_sido_code").movers.sum()
    theirs = net[net.year == 2024].set_index("kostat_code").net_migration
    assert (ours.sort_index() == theirs.sort_index()).all()


def test_capital_region_net_migration_2025_matches_the_release():
    """korea.kr briefing (2026-01-29): 419 thousand into the capital region, 380 thousand out (net ~39 thousand)."""
    net = data.load("kosis_net_migration_2025").query("year == 2025")
    assert abs(net[net.kostat_code.isin(CAPITAL)].net_migration.sum() - (419_000 - 380_000)) <= 1_000


def test_grdp_2023_national_total_and_capital_share_match_the_release():
    """Release of 20 December 2024: 2,404조 nationally, 수도권 52.4 % (of rounded figures)."""
    g = data.load("kosis_grdp_activity_2020base").query("year == 2023 and activity_order == 1")
    national = g[g.kostat_code == "00"].nominal_million_krw.item()
    assert round(national / 1e6) == 2404
    assert (g[g.kostat_code != "00"].nominal_million_krw.sum() == national)
    share = g[g.kostat_code.isin(CAPITAL)].nominal_million_krw.sum() / national
    assert abs(share - 0.524) < 0.001


def test_grdp_activity_hierarchy_adds_up():
    """Nominal: GRDP = taxes + GVA, and GVA = the five level-2 industries, in every region-year."""
    g = data.load("kosis_grdp_activity_2020base")
    wide = g.pivot_table(index=["year", "kostat_code"], columns="activity_order", values="nominal_million_krw")
    assert (wide[1] == wide[2] + wide[3]).all()
    level2 = sorted(g[g.activity_level == 2].activity_order.unique())
    assert (wide[3] == wide[level2].sum(axis=1)).all()


def test_grdp_2024_matches_the_release():
    """Release of 23 December 2025: national 2,561조; capital region 52.8 %; per capita 4,948만원."""
    g = data.load("kosis_grdp_2024")
    total = g.grdp_billion_krw.sum()
    assert round(total / 1000) == 2561
    assert round(g[g.kostat_code.isin(CAPITAL)].grdp_billion_krw.sum() / total * 100, 1) == 52.8
    implied = (g.grdp_billion_krw * 1e6 / g.grdp_per_capita_thousand_krw).sum()
    assert round(total * 1e6 / implied / 10) == 4948


def test_real_grdp_capital_share_and_quarters():
    a = data.load("kostat_real_grdp_2020base").set_index(["year", "region_code"]).real_grdp_billion_krw_2020_chained
    assert round(a[(2024, "capital")] / a[(2024, "00")] * 100, 1) == 53.7  # issue-quoted 53.7 % (provisional)
    q = data.load("kostat_real_grdp_2020base_quarterly")
    sums = q[q.year <= 2024].groupby(["year", "region_code"]).real_grdp_billion_krw_2020_chained.sum()
    assert (sums - a.reindex(sums.index)).abs().max() < 0.005
    g = data.load("kosis_grdp_activity_2020base").query("activity_order == 1 and year >= 2015")
    real = g.set_index(["year", "kostat_code"]).real_million_krw_2020_chained / 1000
    ours = a[a.index.get_level_values(0) <= 2023].rename_axis(["year", "kostat_code"])
    assert (real.reindex(ours.index).dropna() - ours).abs().max() < 0.001


def test_age_table_adds_up_and_matches_registration():
    age = data.load("kosis_population_age_2024").set_index("kostat_code")
    assert (age.age_0_14 + age.age_15_64 + age.age_65_plus == age.total).all()
    assert (age.male + age.female == age.total).all()
    reg = data.load("kosis_registered_population_2025").query("year == 2024").set_index("kostat_code")
    assert (age.total == reg.population.reindex(age.index)).all()


def test_per_capita_2021_is_a_revision_of_the_first_release():
    """KOSTAT's first release of 2021 (22 December 2022): national 4,012만원, Ulsan 6,913만원, Chungnam 5,724만원.
    The package holds a later, revised estimate: close to those figures (within 1 %) but not equal to them."""
    g = data.load("grdp_per_capita").query("year == 2021").set_index("region_code").grdp_per_capita
    for code, first in [("00", 40_120), ("26", 69_130), ("34", 57_240)]:
        assert round(g[code] / 10) != first / 10 and abs(g[code] / first - 1) < 0.01
