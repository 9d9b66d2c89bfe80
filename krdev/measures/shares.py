"""Shares of a total by group, e.g. the capital region's share of population or GRDP.

The measures here are descriptive ratios; the conventions (shares of a national total, values
relative to the national figure) follow the OECD territorial reviews of Korea
(:cite:`oecd2001`; :cite:`oecd2005seoul`). Formulas are in the book's appendix
*Methods: concentration and migration*.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def group_share(frame: pd.DataFrame, value: str, member: pd.Series | str, by: str = "year") -> pd.Series:
    """Share (0–1) of ``value`` held by rows flagged in ``member``, for each ``by`` group.

    ``member`` is a boolean column name or Series aligned with ``frame``.

    .. math:: s_t = \\sum_{i \\in G} x_{it} \\big/ \\sum_i x_{it}
    """
    flags = frame[member] if isinstance(member, str) else member
    if not flags.dtype == bool and str(flags.dtype) != "boolean":
        raise TypeError("member must be boolean")
    total = frame.groupby(by)[value].sum()
    part = frame[flags.astype(bool)].groupby(by)[value].sum()
    return (part.reindex(total.index, fill_value=0) / total).rename(f"{value}_share")


def first_year_above(series: pd.Series, threshold: float) -> int | None:
    """First index (year) at which ``series`` is strictly above ``threshold``; ``None`` if never."""
    above = series[series > threshold]
    return int(above.index[0]) if len(above) else None


def part_of_total(frame: pd.DataFrame, value: str, key: str, part: str, total: str, by: str = "year") -> pd.Series:
    """Ratio ``value[key == part] / value[key == total]`` for each ``by`` group (0–1 for a share).

    Used for tables that publish a group and the national total as separate rows, such as real GRDP by
    macro-region (권역). Chain-linked volumes are not additive, so a region's ratio to the published
    national total differs slightly from its ratio to the sum of the regions; this function uses the
    published total, as the statistical office does.

    >>> f = pd.DataFrame({"year": [1, 1, 2, 2], "r": ["a", "all", "a", "all"], "v": [2, 8, 3, 6]})
    >>> part_of_total(f, "v", "r", "a", "all").tolist()
    [0.25, 0.5]
    """
    wide = frame.pivot(index=by, columns=key, values=value)
    for name in (part, total):
        if name not in wide.columns:
            raise KeyError(f"{key} has no rows for {name!r}; found {sorted(wide.columns)}")
    both = wide[[part, total]].dropna()
    return (both[part] / both[total]).rename(f"{part}_share")


def relative_to_reference(frame: pd.DataFrame, value: str, key: str, reference: str, by: str = "year") -> pd.DataFrame:
    """Each row's ``value`` divided by the reference row's value in the same ``by`` group.

    With per-capita GRDP and ``reference="00"`` (the whole country) this is the relative
    per-capita income index (national = 1) used to compare regions across years despite inflation
    (:cite:`williamson1965` uses the same normalisation). Rows of the reference itself are dropped;
    rows with a missing value, or in a group without a reference value, are dropped.

    Returns ``frame`` (without the reference rows) with a new column ``relative``.
    """
    ref = frame.loc[frame[key] == reference].set_index(by)[value]
    if ref.empty:
        raise KeyError(f"no rows with {key} == {reference!r}")
    out = frame.loc[frame[key] != reference].copy()
    out["relative"] = out[value].astype("float64") / out[by].map(ref).astype("float64")
    return out.dropna(subset=["relative"]).reset_index(drop=True)


def implied_totals(per_capita: pd.DataFrame, population: pd.DataFrame, value: str, key: str = "region_code",
                   pop_key: str = "sido_code", by: str = "year") -> pd.DataFrame:
    """Approximate totals as per-capita value × population, joined on ``by`` and region code.

    Regional accounts divide a total by the estimated mid-year population; multiplying back by a
    different population (e.g. year-end registered population) only approximates the published
    total. Good enough for shares, which are ratios of such products; never a substitute for a
    published total. Rows without a match are dropped.
    """
    from krdev.data import assert_same_vintage

    assert_same_vintage(per_capita, population)
    left = per_capita[[by, key, value]].rename(columns={key: "code"})
    right = population[[by, pop_key, "population"]].rename(columns={pop_key: "code"})
    merged = left.merge(right, on=[by, "code"], how="inner").dropna(subset=[value])
    merged["total"] = merged[value].astype("float64") * merged["population"].astype("float64")
    return merged


def trend_slopes(series: pd.Series, split: int) -> dict:
    """Least-squares slope per year of ``series`` before ``split`` (years < split) and from ``split`` on.

    A descriptive segmented trend (the level and slope change of an interrupted time series,
    :cite:`wagner2002`); it says nothing about causes. Returns ``before``, ``after`` (per year, in
    the series' units) and the number of years in each segment; a segment with fewer than two
    points has slope ``nan``.

    >>> s = pd.Series([1.0, 2.0, 3.0, 3.0, 3.0], index=[2000, 2001, 2002, 2003, 2004])
    >>> trend_slopes(s, 2002)["before"], trend_slopes(s, 2002)["after"]
    (1.0, 0.0)
    """
    series = series.dropna().sort_index()
    out = {}
    for name, part in (("before", series[series.index < split]), ("after", series[series.index >= split])):
        x = np.asarray(part.index, dtype="float64")
        y = np.asarray(part.values, dtype="float64")
        if len(part) >= 2:
            xc = x - x.mean()
            out[name] = float((xc * (y - y.mean())).sum() / (xc * xc).sum())
        else:
            out[name] = float("nan")
        out[f"n_{name}"] = int(len(part))
    return out


def population_area_curve(population: pd.Series, area: pd.Series) -> pd.DataFrame:
    """Units ranked from the densest to the sparsest, with cumulative shares of population and land.

    ``population`` and ``area`` are Series indexed by the same unit codes (units missing from either
    raise). The curve of cumulative population share against cumulative land share is the
    concentration curve behind Hoover's (1936) index: on a perfectly even map it is the diagonal.
    Columns: ``unit``, ``population``, ``area``, ``density``, ``population_share``, ``area_share``,
    ``cum_population_share``, ``cum_area_share``.

    >>> c = population_area_curve(pd.Series({"a": 6, "b": 3, "c": 1}), pd.Series({"a": 1, "b": 3, "c": 6}))
    >>> c.cum_area_share.round(2).tolist(), c.cum_population_share.round(2).tolist()
    ([0.1, 0.4, 1.0], [0.6, 0.9, 1.0])
    """
    missing = sorted(set(population.index) ^ set(area.index))
    if missing:
        raise KeyError(f"units with population but no area, or area but no population: {missing}")
    if (area <= 0).any():
        raise ValueError(f"non-positive area for {sorted(area[area <= 0].index)}")
    frame = pd.DataFrame({"population": population.astype("float64"), "area": area.reindex(population.index)})
    frame["density"] = frame.population / frame.area
    frame = frame.sort_values("density", ascending=False).rename_axis("unit").reset_index()
    frame["population_share"] = frame.population / frame.population.sum()
    frame["area_share"] = frame.area / frame.area.sum()
    frame["cum_population_share"] = frame.population_share.cumsum()
    frame["cum_area_share"] = frame.area_share.cumsum()
    return frame


def land_holding(curve: pd.DataFrame, share: float = 0.5) -> dict:
    """The densest units that together hold at least ``share`` of the population: how many, and
    which share of the land they cover (whole units, no interpolation).

    >>> c = population_area_curve(pd.Series({"a": 6, "b": 3, "c": 1}), pd.Series({"a": 1, "b": 3, "c": 6}))
    >>> land_holding(c, 0.5)
    {'units': 1, 'population_share': 0.6, 'area_share': 0.1}
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share!r}")
    n = int((curve.cum_population_share < share - 1e-12).sum()) + 1
    row = curve.iloc[n - 1]
    return {"units": n, "population_share": float(row.cum_population_share), "area_share": float(row.cum_area_share)}


def hoover_concentration(population: pd.Series, area: pd.Series) -> float:
    """Hoover's (1936) concentration index of population over land, 0 (even) to 1:

    .. math:: H = \\tfrac12 \\sum_i \\left| \\frac{P_i}{\\sum_j P_j} - \\frac{A_i}{\\sum_j A_j} \\right|

    the share of the population that would have to move for density to be the same everywhere.

    >>> hoover_concentration(pd.Series({"a": 6, "b": 3, "c": 1}), pd.Series({"a": 1, "b": 3, "c": 6}))
    0.5
    """
    curve = population_area_curve(population, area)
    return round(float(0.5 * (curve.population_share - curve.area_share).abs().sum()), 12)
