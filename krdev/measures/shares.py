"""Shares of a total by group, e.g. the capital region's share of population or GRDP."""

from __future__ import annotations

import pandas as pd


def group_share(frame: pd.DataFrame, value: str, member: pd.Series | str, by: str = "year") -> pd.Series:
    """Share (0–1) of ``value`` held by rows flagged in ``member``, for each ``by`` group.

    ``member`` is a boolean column name or Series aligned with ``frame``.
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
