"""Convergence measures: β on synthetic data with a known slope, speed/half-life, panels, Markov."""

import math

import numpy as np
import pandas as pd
import pytest
from giddy.markov import Markov

from krdev.measures import convergence as cv


def _synthetic(b=-0.02, n=40, T=20, noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    y0 = rng.lognormal(3, 0.5, n)
    growth = 0.03 + b * np.log(y0) + rng.normal(0, noise, n)
    y1 = y0 * np.exp(growth * T)
    codes = [f"{i:02d}" for i in range(n)]
    return pd.DataFrame({"year": [2000] * n + [2000 + T] * n, "region_code": codes * 2, "y": np.r_[y0, y1]})


def test_beta_recovers_known_slope():
    r = cv.beta_convergence(_synthetic(b=-0.02), "y", 2000, 2020)
    assert r.b == pytest.approx(-0.02, abs=1e-10)
    assert r.n == 40 and r.converging
    noisy = cv.beta_convergence(_synthetic(b=-0.02, noise=0.002), "y", 2000, 2020)
    assert noisy.ci_low < -0.02 < noisy.ci_high


def test_beta_divergence_not_converging():
    r = cv.beta_convergence(_synthetic(b=0.01, noise=0.001), "y", 2000, 2020)
    assert r.b > 0 and not r.converging
    assert math.isnan(r.half_life)


def test_speed_and_half_life_hand_computed():
    # b = -0.02 over T = 20: λ = -ln(0.6)/20
    assert cv.speed_of_convergence(-0.02, 20) == pytest.approx(-math.log(0.6) / 20)
    assert cv.half_life(0.05) == pytest.approx(math.log(2) / 0.05)
    assert math.isnan(cv.speed_of_convergence(-0.06, 20))  # 1 + bT < 0
    assert math.isnan(cv.half_life(-0.01))


def _toy_panel():
    # parent 38 and child 26 (enters in 1998), per-capita values and populations
    return pd.DataFrame({
        "year": [1997, 1997, 1998, 1998, 1998],
        "region_code": ["11", "38", "11", "38", "26"],
        "y": [10.0, 20.0, 12.0, 15.0, 30.0],
        "population": [100.0, 40.0, 100.0, 30.0, 10.0],
    })


def test_balanced_panel_folds_entrants_population_weighted():
    panel, mapping = cv.balanced_panel(_toy_panel(), "y", 1997)
    assert mapping == {"26": "38"}
    row = panel[(panel.year == 1998) & (panel.region_code == "38")].iloc[0]
    assert row.y == pytest.approx((15 * 30 + 30 * 10) / 40)
    assert row.population == 40
    assert set(panel.region_code) == {"11", "38"}


def test_grdp_population_folds_and_labels_sources():
    units = pd.DataFrame({"year": [1985, 1985, 1993, 1993], "region_code": ["11", "38"] * 2})
    est = pd.DataFrame({"year": [1985] * 3, "sido_code": ["11", "38", "26"], "population": [10, 5, 2]})
    reg = pd.DataFrame({"year": [1992, 1992], "sido_code": ["11", "38"], "population": [11, 8]})
    out = cv.grdp_population(units, reg, est).set_index(["year", "region_code"])
    assert out.loc[(1985, "38"), "population"] == 7  # Ulsan's estimate added to Gyeongnam
    assert out.loc[(1985, "38"), "population_source"] == "estimated"
    assert out.loc[(1993, "11"), "population_source"] == "registered (1992 carried forward)"


def test_sigma_series_columns_and_values():
    s = cv.sigma_series(_toy_panel(), "y")
    first = s.iloc[0]
    assert first.n == 2
    assert first.cv == pytest.approx(5 / 15)
    assert set(s.columns) >= {"cv", "cv_weighted", "theil", "theil_weighted", "gini", "gini_weighted"}


def test_markov_matches_giddy_and_rows_sum_to_one():
    rng = np.random.default_rng(3)
    rel = pd.DataFrame(rng.lognormal(0, 0.2, size=(12, 15)))
    m = cv.markov_classes(rel, 4)
    assert np.allclose(m.p.sum(axis=1), 1)
    assert m.ergodic.sum() == pytest.approx(1)
    ids = m.classes.to_numpy()
    ref = Markov(ids, summary=False)
    assert np.allclose(m.transitions.to_numpy(), ref.transitions)
    # ergodic distribution is stationary: π P = π
    assert np.allclose(m.ergodic.to_numpy() @ m.p.to_numpy(), m.ergodic.to_numpy())


def test_class_breaks_fixed_and_invalid():
    rel = pd.DataFrame([[0.7, 1.3], [1.0, 0.95]])
    assert cv.class_breaks(rel, 0) == [*cv.FIXED_BREAKS, float("inf")]
    assert cv.class_labels([0.8, float("inf")]) == ["< 0.80", "≥ 0.80"]
    with pytest.raises(ValueError):
        cv.class_breaks(rel, 1)


def test_markov_empty_class_gets_no_ergodic_mass():
    # all values between 0.85 and 1.15: the fixed classes "< 0.80" and "≥ 1.20" are empty
    rng = np.random.default_rng(5)
    rel = pd.DataFrame(rng.uniform(0.85, 1.15, size=(10, 12)))
    m = cv.markov_classes(rel, 0)
    assert m.ergodic.iloc[0] == 0 and m.ergodic.iloc[-1] == 0
    assert m.ergodic.sum() == pytest.approx(1)
    assert m.p.iloc[0].isna().all()
    assert len(m.long()) == 3 * 5  # only the observed rows
