"""Titles of a finished chart in the reader's language.

Chart builders shared by several chapters name their axes, legends and tooltips after the data's fields
(``memberships``, ``name_ko``) or give fixed English titles. :func:`retitle` walks a finished Altair chart
(layers, concatenations, facets) and replaces each title found in ``titles``: the explicit titles of axes and
legends, and for tooltips also the field name Vega-Lite prints when an entry has no title, so that a chapter
can show the same chart in Korean without changing the builder. Titles not in ``titles`` are left as they are; the
data, and so the chart's CSV, are not changed.
"""

from __future__ import annotations

import altair as alt

CHANNELS = ("x", "y", "color", "size", "shape", "strokeWidth", "stroke", "opacity", "theta", "longitude", "latitude")


def _get(obj, key):
    """A property of an Altair schema object as plain Python (``alt.Undefined`` if unset)."""
    value = obj._kwds.get(key, alt.Undefined) if hasattr(obj, "_kwds") else alt.Undefined
    return value.to_dict() if hasattr(value, "to_dict") else value


def _shown(channel) -> str | None:
    """The title Vega-Lite shows for ``channel``: its ``title``, else its field name (None if neither)."""
    title = _get(channel, "title")
    if title is None:  # explicitly no title: nothing is shown, nothing to replace
        return None
    if isinstance(title, str):
        return title
    field = _get(channel, "field")
    if isinstance(field, str):
        return field
    shorthand = _get(channel, "shorthand")
    return shorthand.rsplit(":", 1)[0] if isinstance(shorthand, str) and shorthand else None


def _tooltip(item, titles: dict):
    """One tooltip entry with its title from ``titles``; shorthand strings become :class:`alt.Tooltip`."""
    if isinstance(item, str):
        field = item.rsplit(":", 1)[0]
        return alt.Tooltip(item, title=titles[field]) if field in titles else item
    if isinstance(item, dict):
        shown = item.get("title", item.get("field"))
        return {**item, "title": titles[shown]} if shown in titles else item
    shown = _shown(item)
    if shown in titles:
        item = item.copy()
        item._kwds["title"] = titles[shown]
    return item


def retitle(chart, titles: dict):
    """A copy of ``chart`` whose axis, legend and tooltip titles found in ``titles`` are replaced.

    >>> c = alt.Chart().mark_point().encode(x=alt.X("year:O", title="year"), tooltip=["year:O"])
    >>> spec = retitle(c, {"year": "연도"}).to_dict()["encoding"]
    >>> spec["x"]["title"], spec["tooltip"][0]["title"]
    ('연도', '연도')
    """
    titles = {shown: new for shown, new in titles.items() if new != shown}
    if not titles:  # e.g. the English edition, where every title stays as it is
        return chart
    chart = chart.copy(deep=True)
    _walk(chart, titles)
    return chart


def _walk(chart, titles: dict) -> None:
    for attr in ("layer", "concat", "hconcat", "vconcat"):
        parts = chart._kwds.get(attr, alt.Undefined) if hasattr(chart, "_kwds") else alt.Undefined
        if isinstance(parts, list):
            for part in parts:
                _walk(part, titles)
    spec = chart._kwds.get("spec", alt.Undefined) if hasattr(chart, "_kwds") else alt.Undefined
    if hasattr(spec, "_kwds"):
        _walk(spec, titles)
    encoding = chart._kwds.get("encoding", alt.Undefined) if hasattr(chart, "_kwds") else alt.Undefined
    if not hasattr(encoding, "_kwds"):
        return
    for name in CHANNELS:
        channel = encoding._kwds.get(name, alt.Undefined)
        if not hasattr(channel, "_kwds"):
            continue
        target = channel
        condition = channel._kwds.get("condition", alt.Undefined)
        if _shown(channel) is None and hasattr(condition, "_kwds"):
            target = condition  # e.g. alt.condition(test, alt.Color(...), alt.value(...))
        shown = _get(target, "title")  # axes and legends: explicit titles only, since Vega-Lite joins the
        if isinstance(shown, str) and shown in titles:  # differing titles of layers that share a scale
            target._kwds["title"] = titles[shown]
    tooltip = encoding._kwds.get("tooltip", alt.Undefined)
    if isinstance(tooltip, list):
        encoding._kwds["tooltip"] = [_tooltip(item, titles) for item in tooltip]
    elif hasattr(tooltip, "_kwds") or isinstance(tooltip, str):
        encoding._kwds["tooltip"] = _tooltip(tooltip, titles)
