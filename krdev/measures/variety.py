"""Related and unrelated variety: the entropy decomposition of Frenken, Van Oort & Verburg (2007).

A region's economy is split into activities ``i`` with shares ``p_i`` of its gross value added
(the shares sum to one). The activities are nested in groups ``g`` (for example the branches of
manufacturing inside manufacturing), with group shares ``P_g = Σ_{i∈g} p_i``. Frenken et al. (2007,
pp. 688–689), following Theil (1967) for the decomposition, define

- total variety ``TV = Σ_i p_i log2(1/p_i)``, the entropy of the activity shares;
- unrelated variety ``UV = Σ_g P_g log2(1/P_g)``, the entropy of the group shares: variety *across*
  groups, between activities that share little knowledge;
- related variety ``RV = Σ_g P_g H_g`` with ``H_g = Σ_{i∈g} (p_i/P_g) log2(P_g/p_i)``, the
  share-weighted entropy *within* each group: variety among technologically related activities.

Entropy is additive across levels of a nesting, so ``TV = UV + RV`` exactly (Theil 1967, ch. 2;
Frenken et al. 2007, eq. 3). All three are in bits (log base 2, as in the paper); a region with
all its value added in one activity has ``TV = 0``, and ``n`` equal activities give ``log2(n)``.

A zero share contributes nothing (the limit of ``p log p`` as ``p → 0``). Negative value added
cannot be a share: it is refused, naming the region and the activity, unless the caller asks for it
to be counted as zero (``negative="zero"``), as happens in published regional accounts when an
industry's intermediate consumption exceeds its output (e.g. electricity in 2022, when fuel costs
exceeded regulated tariffs); the cells so treated are reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Variety:
    """Total, unrelated and related variety of one region (bits)."""

    total: float
    unrelated: float
    related: float


def _plain(value):
    """A numpy scalar as the plain Python value (for readable messages)."""
    return value.item() if hasattr(value, "item") else value


def _entropy(shares: np.ndarray) -> float:
    """Σ p log2(1/p) over the positive shares."""
    p = shares[shares > 0]
    return float(-(p * np.log2(p)).sum())


def variety(values: Mapping[str, float] | pd.Series, groups: Mapping[str, str], *, where: str = "",
            negative: str = "error") -> Variety:
    """Total, unrelated and related variety of one region (Frenken, Van Oort & Verburg 2007).

    ``values`` maps each activity to its (non-negative) value added; ``groups`` maps each activity
    to its group. Raises ``ValueError`` naming the activity (and ``where``, e.g. the region and year)
    if an activity has no group, a value is negative or missing, or everything is zero.
    """
    s = pd.Series(values, dtype=float)
    label = f" ({where})" if where else ""
    missing = [a for a in s.index if a not in groups]
    if missing:
        raise ValueError(f"activity {_plain(missing[0])!r}{label} has no group in the grouping")
    if s.isna().any():
        raise ValueError(f"activity {_plain(s.index[s.isna()][0])!r}{label} has no value")
    if (s < 0).any():
        bad = s.index[s < 0][0]
        if negative == "zero":
            s = s.clip(lower=0)
        else:
            raise ValueError(f"activity {_plain(bad)!r}{label} has negative value added ({s[bad]}); it cannot be a "
                             "share (pass negative='zero' to count it as zero)")
    total = s.sum()
    if total <= 0:
        raise ValueError(f"all activities are zero{label}; variety is undefined")
    p = (s / total).to_numpy()
    # each activity's group as an integer code; P_g = Σ_{i∈g} p_i (numpy, not pandas: called per region-year)
    _, group_of = np.unique(np.array([str(groups[a]) for a in s.index]), return_inverse=True)
    big_p = np.bincount(group_of, weights=p)
    tv = _entropy(p)
    uv = _entropy(big_p)
    rv = 0.0
    for g, share in enumerate(big_p):
        if share > 0:
            rv += share * _entropy(p[group_of == g] / share)
    return Variety(total=tv, unrelated=uv, related=float(rv))


def variety_table(frame: pd.DataFrame, groups: Mapping[str, str], *, by=("year", "region"),
                  activity: str = "activity", value: str = "value", negative: str = "error") -> pd.DataFrame:
    """:func:`variety` for every combination of the ``by`` columns of a long table.

    Returns one row per combination with columns ``total``, ``unrelated``, ``related``,
    ``related_share`` (RV / TV) and ``negative_counted_as_zero`` (the activities whose negative value
    was counted as zero, "" if none), sorted by ``by``.
    """
    by = list(by)
    for col in by + [activity, value]:
        if col not in frame.columns:
            raise ValueError(f"variety_table: column {col!r} is not in the table (columns: {list(frame.columns)})")
    rows = []
    for key, part in frame.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        where = ", ".join(f"{c}={k}" for c, k in zip(by, key))
        values = part.set_index(activity)[value]
        v = variety(values, groups, where=where, negative=negative)
        clipped = ", ".join(str(_plain(a)) for a in values.index[values < 0])
        rows.append({**dict(zip(by, key)), "total": v.total, "unrelated": v.unrelated, "related": v.related,
                     "related_share": v.related / v.total if v.total > 0 else np.nan,
                     "negative_counted_as_zero": clipped})
    return pd.DataFrame(rows)


def leaf_groups(tree: pd.DataFrame, *, order: str = "activity_order", level: str = "activity_level",
                code: str = "activity_order", group_level: int = 3) -> dict:
    """Leaves of an ordered activity hierarchy and the group each belongs to.

    ``tree`` lists the activities once each, in the published order, with their indentation
    ``level`` (as in the KOSIS GRDP-by-activity tables: 0 total, 1 taxes / value added, 2 sections,
    3 and 4 sub-sections). A row is a leaf if the next row is not deeper. Each leaf's group is its
    ancestor at ``group_level``, or the leaf itself when it sits at or above that level. Returns
    ``{leaf code: group code}``.
    """
    t = tree.sort_values(order).reset_index(drop=True)
    levels = t[level].astype(int).tolist()
    codes = t[code].tolist()
    out, stack = {}, []                       # stack of (level, code) of the current ancestors
    for i, (lv, c) in enumerate(zip(levels, codes)):
        while stack and stack[-1][0] >= lv:
            stack.pop()
        is_leaf = i + 1 == len(levels) or levels[i + 1] <= lv
        if is_leaf:
            if lv <= group_level:
                out[c] = c
            else:
                anc = [a for a_lv, a in stack if a_lv == group_level]
                out[c] = anc[-1] if anc else c
        stack.append((lv, c))
    return out


def activity_variety(frame: pd.DataFrame, *, value: str = "nominal_million_krw", region: str = "kostat_code",
                     min_level: int = 2, group_level: int = 3) -> pd.DataFrame:
    """Total, unrelated and related variety of every region and year of a KOSIS GRDP-by-activity table.

    The table lists, per region and year, the published rows in order (``activity_order``) with their
    depth (``activity_level``: 0 GRDP, 1 taxes and gross value added, 2 sections, 3–4 sub-sections).
    Rows above ``min_level`` are totals and are dropped; the leaves of what remains are the activities
    and their ancestors at ``group_level`` the groups (:func:`leaf_groups`). Shares are of current-price
    value added (chained volumes do not add up). Negative value added (published, e.g., for electricity
    in 2022) is counted as zero and reported in ``negative_counted_as_zero``. Regions or years whose
    leaves are incomplete are refused, naming them.
    """
    for col in ("year", region, "activity_order", "activity_level", "activity_en", value):
        if col not in frame.columns:
            raise ValueError(f"activity_variety: column {col!r} is not in the table")
    rows = frame[frame["activity_level"] >= min_level]
    tree = rows[["activity_order", "activity_level"]].drop_duplicates().sort_values("activity_order")
    if tree["activity_order"].duplicated().any():
        raise ValueError("activity_variety: an activity_order appears with two different levels")
    groups = leaf_groups(tree)
    leaves = rows[rows["activity_order"].isin(groups)]
    counts = leaves.groupby(["year", region])["activity_order"].nunique()
    short = counts[counts < len(groups)]
    if len(short):
        (y, r), n = short.index[0], short.iloc[0]
        raise ValueError(f"activity_variety: {region}={r}, year={y} has {n} of the {len(groups)} activities")
    out = variety_table(leaves.rename(columns={"activity_order": "activity"}), groups,
                        by=("year", region), activity="activity", value=value, negative="zero")
    out.attrs["groups"] = groups
    return out
