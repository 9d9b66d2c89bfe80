"""Series of different regional-accounts vintages shown side by side, each named.

:func:`krdev.data.concat` refuses to stack frames of different vintages, because a 2015-base and a
2020-base series must never become one series. A chart that *compares* them still needs them in one
long table, with every row saying which series and which vintage it belongs to. :func:`side_by_side`
builds that table: each input keeps its own name (``series``) and vintage label (``vintage``), so a
chart colours or facets by them and never draws one line through both.
"""

from __future__ import annotations

import pandas as pd

from krdev import data


def side_by_side(named: dict[str, pd.DataFrame], column: str = "series") -> pd.DataFrame:
    """Stack ``named`` frames (name → frame) for display, adding ``column`` (the name) and ``vintage``.

    Each frame must be of one vintage (or none); the ``vintage`` column holds its label ("" for
    vintage-free series such as population). Names must differ, so that no two inputs can be read as
    one series. The result carries ``attrs["vintages"]`` (name → vintage label) and no single vintage.
    """
    if len(named) < 1:
        raise ValueError("side_by_side() needs at least one named frame")
    parts, labels = [], {}
    for name, frame in named.items():
        v = data.vintage(frame) or {}
        labels[name] = v.get("label", "")
        part = frame.copy()
        part.attrs = {}
        parts.append(part.assign(**{column: name, "vintage": labels[name]}))
    out = pd.concat(parts, ignore_index=True)
    out.attrs = {"vintages": labels}
    return out


def tagged(frame: pd.DataFrame | pd.Series, like: pd.DataFrame) -> pd.DataFrame | pd.Series:
    """``frame`` with the vintage of ``like`` (for results computed from one vintage's frame)."""
    frame.attrs["vintage"] = data.vintage(like)
    frame.attrs["resource"] = like.attrs.get("resource", "?")
    return frame
