"""Inequality measures against PySAL's ``inequality`` package and hand-computed values."""

import math

import numpy as np
import pytest
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

from krdev.measures import inequality as iq

RNG = np.random.default_rng(7)
Y = RNG.lognormal(mean=3, sigma=0.6, size=25)
GROUPS = np.array(list("AABBBCCCCDDDDDEEEEEEAAABB"))


def test_cv_hand_computed():
    # values 1, 3: mean 2, population sd 1 → CV 0.5
    assert iq.cv([1, 3]) == pytest.approx(0.5)
    # weights 3 and 1: mean 1.5, variance (3·0.25 + 1·2.25)/4 = 0.75
    assert iq.cv([1, 3], [3, 1]) == pytest.approx(math.sqrt(0.75) / 1.5)
    assert iq.williamson([1, 3], [3, 1]) == pytest.approx(math.sqrt(0.75) / 1.5)


def test_cv_equal_values_and_replication():
    assert iq.cv([5, 5, 5]) == 0
    w = np.array([1, 2, 3, 1, 4])
    y = np.array([2.0, 4.0, 1.0, 8.0, 3.0])
    assert iq.cv(y, w) == pytest.approx(iq.cv(np.repeat(y, w)))


def test_williamson_needs_population():
    with pytest.raises(ValueError):
        iq.williamson([1, 2], None)


def test_theil_matches_pysal_unweighted():
    assert iq.theil(Y) == pytest.approx(float(np.squeeze(Theil(Y).T)))


def test_theil_equal_incomes_is_zero_and_maximum():
    assert iq.theil([4, 4, 4, 4]) == pytest.approx(0)
    # one unit holds everything: T = ln N
    assert iq.theil([0, 0, 0, 10]) == pytest.approx(math.log(4))


def test_theil_weighted_hand_computed_and_replication():
    # y = (1, 3), populations (3, 1): income shares 0.5/0.5, population shares 0.75/0.25
    expected = 0.5 * math.log(0.5 / 0.75) + 0.5 * math.log(0.5 / 0.25)
    assert iq.theil([1, 3], [3, 1]) == pytest.approx(expected)
    w = np.array([2, 1, 3, 1, 5])
    y = np.array([2.0, 4.0, 1.0, 8.0, 3.0])
    assert iq.theil(y, w) == pytest.approx(iq.theil(np.repeat(y, w)))


def test_theil_decomposition_matches_pysal_and_sums():
    d = iq.theil_decomposition(Y, GROUPS)
    ref = TheilD(Y, GROUPS)
    assert d.total == pytest.approx(float(np.squeeze(ref.T)))
    assert d.between == pytest.approx(float(np.sum(ref.bg)))
    assert d.within == pytest.approx(float(np.sum(ref.wg)))
    assert d.between + d.within == pytest.approx(d.total)


def test_weighted_decomposition_sums_and_replicates():
    w = RNG.integers(1, 6, size=Y.size)
    d = iq.theil_decomposition(Y, GROUPS, w)
    assert d.between + d.within == pytest.approx(d.total)
    r = iq.theil_decomposition(np.repeat(Y, w), np.repeat(GROUPS, w))
    assert d.between == pytest.approx(r.between)
    assert d.within == pytest.approx(r.within)
    assert d.groups.population_share.sum() == pytest.approx(1)
    assert d.groups.income_share.sum() == pytest.approx(1)


def test_decomposition_all_between_when_groups_are_homogeneous():
    d = iq.theil_decomposition([1, 1, 3, 3], ["a", "a", "b", "b"])
    assert d.within == pytest.approx(0)
    assert d.between_share == pytest.approx(1)


def test_gini_matches_pysal_and_hand_values():
    assert iq.gini(Y) == pytest.approx(Gini(Y).g)
    # (1, 3): Σ|yi − yj| = 4, 2 n² mean = 2·4·2 = 16 → 0.25
    assert iq.gini([1, 3]) == pytest.approx(0.25)
    assert iq.gini([2, 2, 2]) == 0
    w = np.array([1, 4, 2])
    y = np.array([10.0, 1.0, 5.0])
    assert iq.gini(y, w) == pytest.approx(Gini(np.repeat(y, w)).g)


@pytest.mark.parametrize("bad", [dict(y=[1, np.nan]), dict(y=[-1, 2]), dict(y=[1, 2], weights=[1])])
def test_bad_input_raises(bad):
    with pytest.raises(ValueError):
        iq.cv(**bad)
