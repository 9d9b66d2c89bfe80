"""convergence.per_capita_from_totals and population_gap on hand-computed cases and the real package."""

import pandas as pd
import pytest

from krdev import data
from krdev.measures import convergence


def test_per_capita_by_hand_and_vintage_kept():
    act = pd.DataFrame({"year": [2000] * 3, "kostat_code": ["00", "11", "21"], "activity_order": [1, 1, 1],
                        "nominal_million_krw": [300.0, 200.0, 100.0]})
    act.attrs["vintage"] = {"id": "x", "label": "test vintage"}
    reg = pd.DataFrame({"year": [2000, 2000], "sido_code": ["11", "21"], "population": [40_000, 10_000]})
    est = pd.DataFrame({"year": [1990], "sido_code": ["11"], "population": [1]})
    regions, national = convergence.per_capita_from_totals(act, reg, est)
    pc = regions.set_index("region_code").grdp_per_capita
    assert pc["11"] == pytest.approx(200 * 1000 / 40_000) and pc["21"] == pytest.approx(100 * 1000 / 10_000)
    assert national.loc[2000, "grdp_per_capita"] == pytest.approx(300 * 1000 / 50_000)
    assert regions.attrs["vintage"]["id"] == "x" and national.attrs["vintage"]["id"] == "x"


def test_population_gap_by_hand():
    official = pd.DataFrame({"kostat_code": ["11"], "grdp_billion_krw": [100.0], "grdp_per_capita_thousand_krw": [2000.0]})
    reg = pd.DataFrame({"year": [2024], "sido_code": ["11"], "population": [48_000]})
    g = convergence.population_gap(official, reg, 2024)
    assert g.implied_population.iloc[0] == pytest.approx(50_000)       # 100e9 KRW / 2e6 KRW per person
    assert g.gap.iloc[0] == pytest.approx(50_000 / 48_000 - 1)


def test_2020_base_panel_uses_registered_population_from_1992():
    regions, _ = convergence.per_capita_from_totals(data.load("kosis_grdp_activity_2020base"),
                                                    data.load("population_registered"), data.load("population_estimated"))
    src = regions.groupby("year").population_source.first()
    assert (src[src.index < 1992] == "estimated").all() and (src[src.index >= 1992] == "registered").all()
    assert regions.year.max() == 2023 and data.vintage(regions)["base_year"] == 2020
    gap = convergence.population_gap(data.load("kosis_grdp_2024"), data.load("population_registered"), 2024)
    assert len(gap) == 17 and gap.gap.abs().max() < 0.05   # "differs by up to a few percent"
