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
