"""Inequality across regions: coefficient of variation, Theil index with decomposition, Gini.

Every function takes per-capita values ``y`` (one per region) and optional ``weights`` (usually
population). Without weights each region counts once, which is the convention of PySAL's
``inequality`` package (:cite:`rey2007pysal`); the unweighted results are tested against it. With
population weights each *person* counts once, as in Williamson's weighted coefficient of variation
(:cite:`williamson1965`); these weighted variants are this module's own and are tested against
hand-computed examples and against the unweighted formulas applied to replicated observations.

- :func:`cv` — coefficient of variation, unweighted or weighted (Williamson's :math:`V_{uw}`, :math:`V_w`).
- :func:`williamson` — the population-weighted coefficient of variation.
- :func:`theil` — Theil's *T* (:cite:`theil1967`), the income-share-weighted mean log ratio.
- :func:`theil_decomposition` — between- and within-group parts of *T* (:cite:`theil1967`;
  :cite:`shorrocks1980` shows *T* belongs to the additively decomposable class).
- :func:`gini` — the Gini coefficient in mean-absolute-difference form (:cite:`gini1912`; :cite:`ceriani2012`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def _prepare(y, weights=None) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float).ravel()
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float).ravel()
    if y.shape != w.shape:
        raise ValueError(f"y and weights differ in length ({y.size} vs {w.size})")
    if y.size == 0:
        raise ValueError("no observations")
    if np.isnan(y).any() or np.isnan(w).any():
        raise ValueError("y and weights must not contain missing values; drop them first and say so")
    if (y < 0).any():
        raise ValueError("inequality measures here need non-negative values")
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    if np.dot(w, y) <= 0:
        raise ValueError("the (weighted) mean must be positive")
    return y, w


def cv(y, weights=None) -> float:
    r"""Coefficient of variation of ``y``: standard deviation over mean.

    Unweighted (``weights=None``) this is Williamson's :math:`V_{uw}`,
    :math:`\sqrt{\sum_i (y_i-\bar y)^2/N}\,/\,\bar y` with the plain mean of the *N* regions.
    With population weights :math:`p_i` it is Williamson's :math:`V_w`,
    :math:`\sqrt{\sum_i (p_i/P)(y_i-\bar y_w)^2}\,/\,\bar y_w`, where :math:`\bar y_w` is the
    population-weighted (national) mean (:cite:`williamson1965`). The population standard
    deviation (divisor *N*, not *N*−1) is used, as in Williamson.

    >>> round(cv([1, 3]), 6)
    0.5
    """
    y, w = _prepare(y, weights)
    share = w / w.sum()
    mean = float(np.dot(share, y))
    return float(np.sqrt(np.dot(share, (y - mean) ** 2)) / mean)


def williamson(y, population) -> float:
    """Williamson's population-weighted coefficient of variation :math:`V_w` (:cite:`williamson1965`)."""
    if population is None:
        raise ValueError("williamson() needs population weights; use cv() for the unweighted version")
    return cv(y, population)


def theil(y, weights=None) -> float:
    r"""Theil's *T* index (:cite:`theil1967`).

    :math:`T=\sum_i s_i \ln(y_i/\bar y)`, where :math:`s_i = w_i y_i / \sum_j w_j y_j` is region
    *i*'s share of total income and :math:`\bar y` the (weighted) mean. Unweighted it equals PySAL's
    ``inequality.theil.Theil``; with population weights it is the population-weighted *T*
    :math:`\sum_i s_i\ln(s_i/p_i)`, with :math:`p_i` the population share. *T* is 0 when all
    values are equal and at most :math:`\ln N` (unweighted) when one unit holds everything.
    Zero values contribute 0 (the limit of :math:`s\ln s`).
    """
    y, w = _prepare(y, weights)
    mean = np.dot(w, y) / w.sum()
    share = w * y / np.dot(w, y)
    ratio = np.where(y > 0, y / mean, 1.0)
    return float(np.sum(share * np.log(ratio)))


@dataclass(frozen=True)
class TheilDecomposition:
    """Theil's *T* split into a between-group and a within-group part (``total = between + within``).

    ``groups`` has one row per group: its population (weight) share, income share, mean relative to
    the overall mean, its own *T*, and its contribution to the within part (income share × own *T*).
    """

    total: float
    between: float
    within: float
    groups: pd.DataFrame

    @property
    def between_share(self) -> float:
        """Share (0–1) of total inequality that lies between the groups."""
        return self.between / self.total if self.total > 0 else float("nan")


def theil_decomposition(y, groups, weights=None) -> TheilDecomposition:
    r"""Decompose Theil's *T* by ``groups`` (:cite:`theil1967`; :cite:`shorrocks1980`).

    :math:`T = \underbrace{\sum_g S_g \ln(\bar y_g/\bar y)}_{\text{between}} + \underbrace{\sum_g S_g T_g}_{\text{within}}`,
    with :math:`S_g` group *g*'s share of total income, :math:`\bar y_g` its (weighted) mean and
    :math:`T_g` the Theil index inside the group. Unweighted, ``between`` and ``within`` equal the
    sums of PySAL's ``TheilD.bg`` and ``TheilD.wg``.
    """
    y, w = _prepare(y, weights)
    labels = np.asarray(groups).ravel()
    if labels.shape != y.shape:
        raise ValueError("groups must have one label per observation")
    total_income = np.dot(w, y)
    mean = total_income / w.sum()
    rows = []
    for g in pd.unique(labels):
        m = labels == g
        income_share = np.dot(w[m], y[m]) / total_income
        pop_share = w[m].sum() / w.sum()
        g_mean = np.dot(w[m], y[m]) / w[m].sum() if w[m].sum() > 0 else 0.0
        t_g = theil(y[m], w[m]) if np.dot(w[m], y[m]) > 0 else 0.0
        rows.append({"group": g, "n": int(m.sum()), "population_share": pop_share, "income_share": income_share,
                     "relative_mean": g_mean / mean, "theil_within_group": t_g,
                     "between_term": income_share * np.log(g_mean / mean) if income_share > 0 else 0.0,
                     "within_contribution": income_share * t_g})
    table = pd.DataFrame(rows)
    between = float(table.between_term.sum())
    within = float(table.within_contribution.sum())
    return TheilDecomposition(total=theil(y, w), between=between, within=within, groups=table)


def gini(y, weights=None) -> float:
    r"""Gini coefficient, :math:`G=\sum_i\sum_j w_i w_j |y_i-y_j| \,/\, (2 W^2 \bar y)` (:cite:`gini1912`).

    Half the relative mean absolute difference (:cite:`ceriani2012` trace the definition back to
    Gini 1912). Unweighted it equals PySAL's ``inequality.gini.Gini``; with integer weights it equals
    the unweighted Gini of the replicated values. It lies in [0, 1 − 1/N) for N units counted once.
    """
    y, w = _prepare(y, weights)
    diff = np.abs(y[:, None] - y[None, :])
    mean = np.dot(w, y) / w.sum()
    return float(w @ diff @ w / (2 * w.sum() ** 2 * mean))
