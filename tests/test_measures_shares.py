"""Tests of krdev.measures.shares against hand-computed values and the real data."""

import math

import numpy as np
import pandas as pd
import pytest

from krdev import data, regions
from krdev.measures.shares import (first_year_above, group_share, implied_totals, part_of_total,
                                   relative_to_reference, trend_slopes)


def small():
    return pd.DataFrame({
        "year": [2000, 2000, 2000, 2001, 2001, 2001],
        "code": ["11", "21", "31", "11", "21", "31"],
        "pop": [30, 50, 20, 40, 40, 40],
    })


def test_group_share_by_hand():
    f = small()
    s = group_share(f, "pop", f.code.isin(["11", "31"]))
    assert s.loc[2000] == pytest.approx(0.5)        # (30 + 20) / 100
    assert s.loc[2001] == pytest.approx(80 / 120)


def test_group_share_rejects_non_boolean():
    f = small()
    with pytest.raises(TypeError):
        group_share(f, "pop", f.code)


def test_group_share_empty_group_is_zero():
    f = small()
    s = group_share(f, "pop", f.code == "99")
    assert (s == 0).all()


def test_first_year_above_is_strict():
    s = pd.Series([0.48, 0.5, 0.5001, 0.49], index=[2017, 2018, 2019, 2020])
    assert first_year_above(s, 0.5) == 2019
    assert first_year_above(s, 0.6) is None


def test_part_of_total():
    f = pd.DataFrame({"year": [1, 1, 1, 2, 2, 2], "r": ["cap", "x", "all", "cap", "x", "all"],
                      "v": [45, 55, 101, 60, 40, 99]})
    s = part_of_total(f, "v", "r", "cap", "all")
    assert s.loc[1] == pytest.approx(45 / 101)   # the published total, not the sum of parts
    assert s.loc[2] == pytest.approx(60 / 99)
    with pytest.raises(KeyError):
        part_of_total(f, "v", "r", "capital", "all")


def test_relative_to_reference():
    f = pd.DataFrame({"year": [1, 1, 1, 2, 2], "c": ["00", "a", "b", "00", "a"], "v": [10, 15, 5, 20, 10]})
    out = relative_to_reference(f, "v", "c", "00")
    assert list(out.c) == ["a", "b", "a"]
    assert out.relative.tolist() == pytest.approx([1.5, 0.5, 0.5])
    with pytest.raises(KeyError):
        relative_to_reference(f, "v", "c", "99")


def test_implied_totals():
    pc = pd.DataFrame({"year": [1, 1], "region_code": ["11", "21"], "gdp": [3, 2]})
    pop = pd.DataFrame({"year": [1, 1], "sido_code": ["11", "21"], "population": [10, 5]})
    out = implied_totals(pc, pop, "gdp")
    assert out.set_index("code").total.to_dict() == {"11": 30.0, "21": 10.0}


def test_trend_slopes_by_hand():
    s = pd.Series([1.0, 3.0, 5.0, 5.0, 4.0, 3.0], index=range(2000, 2006))
    t = trend_slopes(s, 2003)
    assert t["before"] == pytest.approx(2.0)
    assert t["after"] == pytest.approx(-1.0)
    assert (t["n_before"], t["n_after"]) == (3, 3)
    # matches numpy's least-squares fit
    assert t["before"] == pytest.approx(np.polyfit([2000, 2001, 2002], [1, 3, 5], 1)[0])
    assert math.isnan(trend_slopes(s, 2001)["before"])


def test_real_capital_population_share_crosses_half_only_in_registration():
    est = data.load("population_estimated")
    reg = data.load("population_registered")
    s_est = group_share(est, "population", regions.is_capital(est.sido_code))
    s_reg = group_share(reg, "population", regions.is_capital(reg.sido_code))
    assert first_year_above(s_est, 0.5) is None        # the estimates end in 2010 below one half
    assert first_year_above(s_reg, 0.5) == 2019
    assert 0.25 < s_est.loc[1970] < 0.30


def test_real_grdp_relative_national_mean_is_near_one():
    g = data.load("grdp_per_capita")
    out = relative_to_reference(g, "grdp_per_capita", "region_code", "00")
    # population-unweighted mean of relative values is not 1, but Seoul is above and Jeonnam below
    y = out[out.year == 2000].set_index("region_code").relative
    assert y.loc["11"] > 1 and y.max() < 3 and y.min() > 0.3


# ---------------------------------------------------------------- population over land


def test_population_area_curve_by_hand():
    from krdev.measures.shares import population_area_curve

    # densities: a 10/1 = 10, b 20/4 = 5, c 10/5 = 2  -> order a, b, c
    pop = pd.Series({"c": 10, "a": 10, "b": 20})
    area = pd.Series({"a": 1.0, "b": 4.0, "c": 5.0})
    curve = population_area_curve(pop, area)
    assert curve.unit.tolist() == ["a", "b", "c"]
    assert curve.density.tolist() == [10.0, 5.0, 2.0]
    assert curve.cum_population_share.tolist() == pytest.approx([0.25, 0.75, 1.0])
    assert curve.cum_area_share.tolist() == pytest.approx([0.1, 0.5, 1.0])


def test_population_area_curve_refuses_unmatched_units_and_empty_land():
    from krdev.measures.shares import population_area_curve

    with pytest.raises(KeyError, match="d"):
        population_area_curve(pd.Series({"a": 1, "d": 2}), pd.Series({"a": 1.0}))
    with pytest.raises(ValueError, match="non-positive"):
        population_area_curve(pd.Series({"a": 1}), pd.Series({"a": 0.0}))


def test_land_holding_counts_whole_units():
    from krdev.measures.shares import land_holding, population_area_curve

    curve = population_area_curve(pd.Series({"a": 10, "b": 20, "c": 10}), pd.Series({"a": 1.0, "b": 4.0, "c": 5.0}))
    assert land_holding(curve, 0.25) == {"units": 1, "population_share": 0.25, "area_share": pytest.approx(0.1)}
    assert land_holding(curve, 0.5) == {"units": 2, "population_share": 0.75, "area_share": pytest.approx(0.5)}
    assert land_holding(curve, 1.0)["units"] == 3
    with pytest.raises(ValueError):
        land_holding(curve, 0)


def test_hoover_index_by_hand_and_its_limits():
    from krdev.measures.shares import hoover_concentration

    # p = (.25, .5, .25), a = (.1, .4, .5): ½(.15 + .1 + .25) = 0.25
    assert hoover_concentration(pd.Series({"a": 10, "b": 20, "c": 10}),
                                pd.Series({"a": 1.0, "b": 4.0, "c": 5.0})) == pytest.approx(0.25)
    assert hoover_concentration(pd.Series({"a": 5, "b": 10}), pd.Series({"a": 1.0, "b": 2.0})) == 0  # even


def test_real_hoover_index_is_the_largest_gap_of_the_concentration_curve():
    """Independent identity: with units ranked by density, H equals the largest vertical distance
    between the cumulative population share and the cumulative land share."""
    from krdev.measures.shares import hoover_concentration, population_area_curve

    pop = data.load("population_registered")
    pop = pop[pop.year == 2025].set_index("sido_code").population
    area = regions.area_km2(data.load("sido_boundaries"), "sido_code")
    curve = population_area_curve(pop, area)
    assert hoover_concentration(pop, area) == pytest.approx(
        (curve.cum_population_share - curve.cum_area_share).max())
    # the capital region holds about half the people on roughly an eighth of the land
    capital = regions.is_capital(area.index.to_series()).to_numpy()
    assert 0.10 < area[capital].sum() / area.sum() < 0.13
