"""Chart builders for the capital-concentration and balanced-policy chapters.

Each function takes an already aggregated DataFrame (never raw microdata) and returns an Altair
chart styled by the book's theme; wrap it in :class:`krdev.charts.Figure` to add alt text and a
source line. Colours: Okabe & Ito (2008) categories, viridis / blue–orange ramps.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from krdev.charts import CAPITAL_COLOURS, DIVERGING, OKABE_ITO, SEQUENTIAL, WIDTH
from krdev.i18n import gettext, lang  # chart text in the edition's language (English msgids)

PCT = ".1%"


def share_lines(frame: pd.DataFrame, *, title: str, y_title: str, series: str = "series", threshold: float = 0.5,
                colours=None, subtitle: str | None = None, height: int = 300, breaks=None, width=None) -> alt.LayerChart:
    """Lines of shares (0–1) by year, one per ``series``, with a dashed rule at ``threshold``.

    ``frame`` has columns ``year``, ``share`` and ``series``. ``breaks`` (a DataFrame with ``year``
    and ``label``) draws a dotted vertical rule and a short label where a series breaks (e.g. the
    2010 change in what registration counts), half a year before the first year on the new basis.
    """
    domain = list(dict.fromkeys(frame[series]))
    colours = colours or OKABE_ITO[: len(domain)]
    lo = max(0.0, float(frame.share.min()) - 0.03)
    hi = min(1.0, max(float(frame.share.max()), threshold) + 0.03)
    yscale = alt.Scale(domain=[lo, hi], zero=False)
    base = alt.Chart(frame).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=yscale),
        color=alt.Color(f"{series}:N", title=None, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip(f"{series}:N", title=gettext("series")), alt.Tooltip("year:Q", format="d", title=gettext("year")),
                 alt.Tooltip("share:Q", format=PCT, title=gettext("share"))],
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=18))
    rule = alt.Chart(pd.DataFrame({"y": [threshold]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
        y=alt.Y("y:Q", scale=yscale))
    label = alt.Chart(pd.DataFrame({"y": [threshold], "t": [gettext("one half ({threshold})", threshold=f"{threshold:.0%}")]})).mark_text(
        align="left", dx=4, dy=-7, color="#555", fontSize=11).encode(y=alt.Y("y:Q", scale=yscale), x=alt.value(0), text="t:N")
    props = {"title": alt.Title(title, subtitle=subtitle) if subtitle else title, "height": height}
    if width:
        props["width"] = width
    layers = [rule, label, lines]
    if breaks is not None and len(breaks):
        marks = breaks.assign(x=breaks.year - 0.5, y=hi - 0.005)
        layers.append(alt.Chart(marks).mark_rule(strokeDash=[2, 3], color="#333").encode(
            x="x:Q", tooltip=[alt.Tooltip("label:N", title=gettext("break"))]))
        layers.append(alt.Chart(marks).mark_text(align="right", dx=-4, baseline="top", fontSize=11, color="#333").encode(
            x="x:Q", y=alt.Y("y:Q", scale=yscale), text="label:N"))
    return alt.layer(*layers).properties(**props)


def vintage_panels(panels: dict, *, title: str, y_title: str, threshold: float = 0.5, width: int = 250,
                   height: int = 260, subtitle: str | None = None) -> alt.HConcatChart:
    """Panels side by side, one per regional-accounts vintage, on a common y-scale: never one line.

    ``panels`` maps a panel title (the vintage's name; a part in parentheses becomes a subtitle, one line
    per "; "-separated clause) to a DataFrame with ``year``, ``share`` and
    ``series`` (e.g. the GRDP share of that vintage and the population share over the same years).
    The x-axis of each panel covers that vintage's years only.
    """
    lo = max(0.0, min(float(f.share.min()) for f in panels.values()) - 0.02)
    hi = min(1.0, max(max(float(f.share.max()) for f in panels.values()), threshold) + 0.02)
    yscale = alt.Scale(domain=[lo, hi], zero=False)
    domain = list(dict.fromkeys(s for f in panels.values() for s in f.series))
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0))
    charts = []
    for name, frame in panels.items():
        first, last = int(frame.year.min()), int(frame.year.max())
        x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
                  axis=alt.Axis(format="d", values=list(range(first + (-first) % 5 if last - first > 8 else first,
                                                               last + 1, 5 if last - first > 8 else 2))))
        lines = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=16)).encode(
            x=x, y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=yscale), color=colour,
            tooltip=[alt.Tooltip("series:N", title=gettext("series")), alt.Tooltip("year:Q", format="d", title=gettext("year")),
                     alt.Tooltip("share:Q", format=PCT, title=gettext("share"))])
        half = alt.Chart(pd.DataFrame({"y": [threshold]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
            y=alt.Y("y:Q", scale=yscale))
        head, _, rest = name.partition(" (")
        sub = [part.strip() for part in ("(" + rest).split("; ")] if rest else alt.Undefined
        if rest:
            sub = [line + (";" if i < len(sub) - 1 else "") for i, line in enumerate(sub)]
        charts.append(alt.layer(half, lines).properties(
            width=width, height=height, title=alt.Title(head, subtitle=sub, fontSize=13, fontWeight="normal",
                                                        subtitleFontSize=11, limit=width + 20)))
    return alt.hconcat(*charts, spacing=16).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title)


def quarterly_share(frame: pd.DataFrame, *, title: str, y_title: str, subtitle: str | None = None,
                    width: int = WIDTH - 60, height: int = 240) -> alt.LayerChart:
    """A share (0–1) by quarter: ``year``, ``quarter``, ``share`` and ``provisional`` (bool); points of
    the first quarters are marked, since quarters are compared with the same quarter of other years."""
    f = frame.assign(t=frame.year + (frame.quarter - 1) / 4, period=frame.year.astype(str) + "Q" + frame.quarter.astype(str),
                     status=frame.provisional.map({True: gettext("provisional"), False: gettext("final")}))
    x = alt.X("t:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[float(f.t.min()) - 0.25, float(f.t.max()) + 0.25], nice=False, zero=False))
    y = alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(zero=False))
    tip = [alt.Tooltip("period:N", title=gettext("quarter")), alt.Tooltip("share:Q", format=PCT, title=gettext("share")),
           alt.Tooltip("status:N", title=gettext("status"))]
    line = alt.Chart(f).mark_line(color=OKABE_ITO[0]).encode(x=x, y=y, tooltip=tip)
    points = alt.Chart(f[f.quarter == 1]).mark_point(filled=True, size=40).encode(
        x=x, y=y, tooltip=tip, shape=alt.Shape("status:N", title=gettext("first quarters"),
                                               legend=alt.Legend(orient="bottom")),
        color=alt.value(OKABE_ITO[1]))
    return alt.layer(line, points).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, width=width, height=height)


def share_pairs(frame: pd.DataFrame, *, title: str, x_title: str, subtitle: str | None = None,
                width: int = 330) -> alt.Chart:
    """Two shares per region as paired dots (e.g. of GRDP and of population): ``label``, ``measure``,
    ``share``; regions sorted by the first measure."""
    domain = list(dict.fromkeys(frame.measure))
    first = frame[frame.measure == domain[0]].sort_values("share", ascending=False).label.tolist()
    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort=first, axis=alt.Axis(labelLimit=220)))
    rules = base.mark_rule(color="#bbb").encode(x=alt.X("min(share):Q", title=x_title, axis=alt.Axis(format="%")),
                                               x2="max(share):Q")
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%")),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip("label:N", title=gettext("region")), alt.Tooltip("measure:N", title=gettext("measure")),
                 alt.Tooltip("share:Q", format=PCT, title=gettext("share"))])
    return alt.layer(rules, dots).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, width=width, height=22 * frame.label.nunique())


def relative_heatmap(frame: pd.DataFrame, order: list[str], *, title: str, value_title: str,
                     subtitle: str | None = None, width: int = WIDTH - 170) -> alt.Chart:
    """Heat-map of an index relative to the nation (1 = national) by year and region.

    ``frame`` has ``year``, ``label`` (region), ``relative`` and ``group`` (capital / non-capital);
    ``order`` sorts the rows. Diverging blue–orange scale centred on 1, so above-national cells are
    orange and below-national cells blue. The default ``width`` leaves room for 시도 labels with
    their Korean names inside the book's ~640 px column.
    """
    lo, hi = float(frame.relative.min()), float(frame.relative.max())
    span = max(1 - lo, hi - 1)
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90, labelExpr="datum.value % 5 == 0 ? datum.value : ''")),
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("relative:Q", title=value_title,
                        scale=alt.Scale(scheme=DIVERGING, domainMid=1, domain=[1 - span, 1 + span]),
                        legend=alt.Legend(format=".2f", orient="bottom", gradientLength=260)),
        tooltip=[alt.Tooltip("label:N", title=gettext("region")), alt.Tooltip("year:O", title=gettext("year")),
                 alt.Tooltip("group:N", title=gettext("group")),
                 alt.Tooltip("relative:Q", format=".2f", title=value_title)],
    ).properties(title=alt.Title(title, subtitle=subtitle) if subtitle else title, height=17 * 22, width=width)


def flows_chart(flows: pd.DataFrame, reversals: pd.DataFrame, *, title: str, subtitle: str | None = None,
                width: int = WIDTH - 60) -> alt.LayerChart:
    """Inflow and outflow lines and net-migration bars by year; reversal periods shaded.

    ``flows`` has ``year``, ``inflow``, ``outflow``, ``net`` (persons); ``reversals`` has ``start``
    and ``end`` years (from :func:`krdev.measures.migration.reversal_periods`).
    """
    f = flows.reset_index().rename(columns={"index": "year"})
    long = f.melt("year", ["inflow", "outflow"], var_name="flow", value_name="persons")
    long["flow"] = long.flow.map({"inflow": gettext("inflow (from other regions)"), "outflow": gettext("outflow (to other regions)")})
    long["thousands"] = (long.persons / 1000).round(1)
    f["net_thousands"] = (f.net / 1000).round(1)
    f["direction"] = f.net.map(lambda v: gettext("net gain") if v >= 0 else gettext("net loss"))
    xscale = alt.Scale(zero=False, nice=False, domain=[float(f.year.min()) - 0.5, float(f.year.max()) + 0.5])
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=xscale)
    layers = []
    if len(reversals):
        shade = reversals.assign(x0=reversals.start - 0.5, x1=reversals.end + 0.5)[["x0", "x1"]]
        layers.append(alt.Chart(shade).mark_rect(color="#999", opacity=0.18).encode(
            x=alt.X("x0:Q", scale=xscale), x2="x1:Q"))
    layers.append(alt.Chart(f).mark_bar(size=6).encode(
        x=x, y=alt.Y("net_thousands:Q", title=gettext("persons (thousands)")),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(domain=[gettext("net gain"), gettext("net loss")],
                                                               range=[CAPITAL_COLOURS["capital"], CAPITAL_COLOURS["non-capital"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("year:Q", format="d", title=gettext("year")),
                 alt.Tooltip("net_thousands:Q", title=gettext("net (thousands)"), format=",.1f")]))
    layers.append(alt.Chart(long).mark_line().encode(
        x=x, y="thousands:Q",
        strokeDash=alt.StrokeDash("flow:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        detail="flow:N", color=alt.value("#333"),
        tooltip=[alt.Tooltip("flow:N", title=gettext("flow")), alt.Tooltip("year:Q", format="d", title=gettext("year")),
                 alt.Tooltip("thousands:Q", format=",.1f", title=gettext("thousands"))]))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#888").encode(y="y:Q")
    return alt.layer(*layers, zero).resolve_scale(color="independent").properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, height=340, width=width)


def ranked_bars(frame: pd.DataFrame, *, value: str, label: str, title: str, x_title: str, colour: str | None = None,
                colour_domain=None, colour_range=None, fmt: str = ",.0f", subtitle: str | None = None,
                width: int = 400) -> alt.Chart:
    """Horizontal bars sorted by ``value`` (largest on top), optionally coloured by a category.

    ``width`` is the width of the bars' area; the labels come on top of it, so the default keeps
    labels of up to ~200 px inside the book's ~640 px column.
    """
    enc = {
        "x": alt.X(f"{value}:Q", title=x_title),
        "y": alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
        "tooltip": [alt.Tooltip(f"{label}:N", title="" if lang() == "en" else gettext("item"))] + [alt.Tooltip(f"{value}:Q", format=fmt, title=x_title)],
    }
    if colour:
        enc["color"] = alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
                                 scale=alt.Scale(domain=colour_domain, range=colour_range) if colour_domain else alt.Undefined)
        enc["tooltip"].append(alt.Tooltip(f"{colour}:N", title=gettext("type")))
    else:
        enc["color"] = alt.value(OKABE_ITO[0])
    return alt.Chart(frame).mark_bar().encode(**enc).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, height=max(160, 22 * len(frame)), width=width)


def od_heatmap(wide: pd.DataFrame, labels: dict[str, str], *, title: str, first: int, last: int,
               start: int | None = None, size: int = 400) -> alt.Chart:
    """Origin × destination heat-map with a year slider (an Altair parameter bound to a range input).

    ``wide`` comes from :func:`krdev.measures.migration.od_wide`: one row per (``year``, ``origin``)
    with one column per destination code, in thousands. The chart filters the chosen year and
    folds the destination columns back into cells in the browser; colour is on a log scale because
    flows span four orders of magnitude. Pass short (English) ``labels`` so that the labels, the
    ``size`` × ``size`` grid and the legend below it fit the book's ~640 px column.
    """
    codes = [c for c in wide.columns if c not in ("year", "origin")]
    order = [labels[c] for c in sorted(labels)]
    data = wide.copy()
    data["origin"] = data.origin.map(labels)
    lookup = pd.DataFrame({"code": list(labels), "destination_label": [labels[c] for c in labels]})
    year = alt.param(name="od_year", value=start or last,
                     bind=alt.binding_range(min=first, max=last, step=1, name=gettext("year") + " "))
    return alt.Chart(data).transform_filter(alt.datum.year == year).transform_fold(
        codes, as_=["destination", "movers"]
    ).transform_filter("isValid(datum.movers) && datum.movers > 0").transform_lookup(
        lookup="destination", from_=alt.LookupData(lookup, "code", ["destination_label"])
    ).mark_rect().encode(
        x=alt.X("destination_label:N", title=gettext("destination"), sort=order, axis=alt.Axis(labelAngle=-60)),
        y=alt.Y("origin:N", title=gettext("origin"), sort=order),
        color=alt.Color("movers:Q", title=gettext("movers (thousands)"), scale=alt.Scale(type="log", scheme=SEQUENTIAL),
                        legend=alt.Legend(orient="bottom", gradientLength=260)),
        tooltip=[alt.Tooltip("origin:N", title=gettext("origin")), alt.Tooltip("destination_label:N", title=gettext("destination")),
                 alt.Tooltip("movers:Q", title=gettext("movers (thousands)"), format=",.1f")],
    ).add_params(year).properties(title=title, width=size, height=size)


def timeline_chart(series: pd.DataFrame, events: pd.DataFrame, *, title: str, y_title: str,
                   subtitle: str | None = None) -> alt.LayerChart:
    """Share lines (``year``, ``share``, ``series``) with vertical rules and numbered labels for events.

    ``events`` has ``x`` (decimal year), ``n`` (label number), ``event`` (text for the tooltip) and
    ``lane`` (0, 1, 2… to stagger labels vertically).
    """
    domain = list(dict.fromkeys(series.series))
    lo = max(0.0, float(series.share.min()) - 0.02)
    hi = float(series.share.max()) + 0.045
    yscale = alt.Scale(domain=[lo, hi], zero=False)
    x = alt.X("x:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[float(series.year.min()) - 0.5,
                                                                                       float(series.year.max()) + 0.5]))
    lines = alt.Chart(series.rename(columns={"year": "x"})).mark_line(point=alt.OverlayMarkDef(size=16)).encode(
        x=x, y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=yscale),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip("series:N", title=gettext("series")), alt.Tooltip("x:Q", title=gettext("year"), format="d"),
                 alt.Tooltip("share:Q", format=PCT, title=gettext("share"))])
    ev = events.assign(y=hi - 0.005 - events.lane * (hi - lo) / 14)
    rules = alt.Chart(ev).mark_rule(color="#777", strokeDash=[2, 3]).encode(x=x, tooltip=[alt.Tooltip("event:N", title=gettext("event"))])
    labels = alt.Chart(ev).mark_text(fontSize=11, fontWeight="bold", color="#222", dx=6, align="left").encode(
        x=x, y=alt.Y("y:Q", scale=yscale), text="n:N", tooltip=[alt.Tooltip("event:N", title=gettext("event"))])
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(color="#555", strokeDash=[5, 4]).encode(
        y=alt.Y("y:Q", scale=yscale))
    return alt.layer(half, rules, lines, labels).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, height=360)


# Colours and shapes of the sources in :func:`seed_panels`, in order of appearance: Okabe–Ito blue,
# orange and bluish green for the series, then black diamonds and reddish-purple squares for the
# single-year snapshots, so that no two sources share a similar hue; then vermilion circles for a
# sixth series and grey triangles for a seventh source (the theme's contrast-adjusted hues).
PANEL_COLOURS = [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[7], OKABE_ITO[4], OKABE_ITO[3], "#666666"]
PANEL_SHAPES = ["circle", "circle", "circle", "diamond", "square", "circle", "triangle-up"]


def year_ticks(first: int, last: int, max_ticks: int = 6) -> list[int]:
    """Whole-year tick values from ``first`` to ``last`` with a step of 1, 2, 5, 10… years.

    >>> year_ticks(2002, 2004)
    [2002, 2003, 2004]
    >>> year_ticks(2000, 2022)
    [2000, 2005, 2010, 2015, 2020]
    """
    for step in (1, 2, 5, 10, 20, 50):
        if (last - first) // step + 1 <= max_ticks:
            break
    return list(range(-(-first // step) * step, last + 1, step))


def seed_panels(frame: pd.DataFrame, *, title: str, width: int = 240, height: int = 180) -> alt.ConcatChart:
    """Small multiples of the indicators of :cite:`seed_balanced_2006`: ``indicator``, ``year``, ``value``, ``source``.

    ``source`` distinguishes the article's printed values from the official series; each panel has
    its own y-scale, a year axis with whole-year ticks only and half a year of padding at each end,
    so that single points at the edge are not clipped. Lines join the points of one source; the
    colours and shapes of the sources are :data:`PANEL_COLOURS` and :data:`PANEL_SHAPES`.
    """
    domain = list(dict.fromkeys(frame.source))
    colour = alt.Color("source:N", title=None, scale=alt.Scale(domain=domain, range=PANEL_COLOURS[: len(domain)]),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0))
    shape = alt.Shape("source:N", title=None, scale=alt.Scale(domain=domain, range=PANEL_SHAPES[: len(domain)]))
    panels = []
    for indicator, part in frame.groupby("indicator", sort=False):
        first, last = int(part.year.min()), int(part.year.max())
        x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
                  axis=alt.Axis(format="d", values=year_ticks(first, last)))
        base = alt.Chart(part).encode(
            x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)), color=colour,
            tooltip=[alt.Tooltip("indicator:N", title=gettext("indicator")), alt.Tooltip("year:Q", format="d", title=gettext("year")),
                     alt.Tooltip("value:Q", format=",.2f", title=gettext("value")), alt.Tooltip("source:N", title=gettext("source"))])
        panels.append(alt.layer(base.mark_line(), base.mark_point(filled=True, size=60, opacity=1).encode(shape=shape))
                      .properties(width=width, height=height,
                                  title=alt.Title(indicator, fontSize=13, fontWeight="normal", limit=width + 40)))
    return alt.concat(*panels, columns=2, spacing=24).properties(title=title)
