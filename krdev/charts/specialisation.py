"""Chart builders for the specialisation and innovation-district chapters.

Each function takes an already aggregated DataFrame and returns an Altair chart in the book's theme;
wrap it in :class:`krdev.charts.Figure`. Maps reuse :func:`krdev.charts.choropleth` (boundaries are
loaded once from ``_static/data``); colours are Okabe & Ito (2008) categories and the blue–orange
diverging ramp.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from krdev.charts import DIVERGING, OKABE_ITO, SEOUL, choropleth, seoul_inset
from krdev.i18n import _

#: Class breaks for location-quotient maps; the cluster threshold is inserted by :func:`lq_breaks`.
LQ_BREAKS = (0.5, 0.8, 2.0, 3.0)
#: Four clearly distinct Okabe & Ito (2008) colours (blue, orange, bluish green, reddish purple) for
#: small categorical legends: orange and vermilion are never used side by side.
DISTINCT = [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[4], OKABE_ITO[5], OKABE_ITO[7]]


def _class_legend(title: str) -> alt.Legend:
    """A symbol legend for a threshold (class) scale: one row per class, labels never clipped."""
    return alt.Legend(title=title, type="symbol", symbolType="square", symbolSize=180, labelLimit=200,
                      format=".3~f")


def dodge(values, min_gap: float) -> list[float]:
    """Label positions near ``values`` with at least ``min_gap`` between neighbours (order kept).

    Used to keep text labels of nearly equal values (e.g. two 구 at the same share) apart.
    """
    values = [float(v) for v in values]
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = values[:]
    for a, b in zip(order, order[1:]):
        if out[b] - out[a] < min_gap:
            out[b] = out[a] + min_gap
    return out


def lq_breaks(threshold: float) -> list[float]:
    """Sorted class breaks for an LQ map that include the cluster threshold."""
    return sorted({*LQ_BREAKS, round(float(threshold), 3)})


def lq_map(values: pd.DataFrame, *, value_field: str, year: int, title: str, value_title: str,
           classes, tooltip=(), sites: pd.DataFrame | None = None, scheme: str = DIVERGING,
           width: int = 420, height: int = 520, titles: dict | None = None) -> alt.TopLevelMixin:
    """A 시군구 choropleth of ``value_field`` (only the 시군구 in ``values`` are drawn), with optional
    labelled points for named sites (columns ``lon``, ``lat``, ``label``, ``sites``).

    An optional ``side`` column of ``sites`` ("left" or "right", default right) puts a label on that
    side of its triangle, so that labels of neighbouring sites (Ansan and Siheung) do not overlap.
    ``titles`` names tooltip fields for the reader (field → title; a field not in it shows its name).
    The class legend lists one row per class, so no break label is clipped. A map of more than one
    시도 that includes Seoul gets an inset enlarging Seoul (:func:`krdev.charts.seoul_inset`).
    """
    base = choropleth(values, code_field="sigungu_code", value_field=value_field, title=title,
                      boundary=f"sigungu_{year}", key="sigungu_code", tooltip=tooltip, scheme=scheme,
                      value_title=value_title, width=width, height=height, classes=classes)
    if classes is not None:
        base.encoding.color.legend = _class_legend(value_title)
    if titles:
        fields = [value_field, *[t for t in tooltip if t != "sigungu_code"]]
        base = base.encode(tooltip=[alt.Tooltip(f"{t}:Q" if t == value_field else f"{t}:N", title=titles.get(t, t))
                                    for t in fields])
    shaded = base.transform_filter(f"isValid(datum['{value_field}'])")
    shaded.title = alt.Undefined  # the layer chart carries the title (no empty title on the layer)
    layers = [shaded]
    if sites is not None and len(sites):
        pts = alt.Chart(sites).encode(longitude="lon:Q", latitude="lat:Q",
                                      tooltip=[alt.Tooltip("label:N", title=_("시군구")), alt.Tooltip("sites:N", title=_("named sites"))])
        layers.append(pts.mark_point(shape="triangle-up", size=70, filled=True, color="#000000",
                                     stroke="white", strokeWidth=0.8).project(type="mercator"))
        side = sites["side"] if "side" in sites.columns else pd.Series("right", index=sites.index)
        for name, align, dx in (("right", "left", 7), ("left", "right", -7)):
            part = sites[side.fillna("right").eq(name)]
            if len(part):
                layers.append(alt.Chart(part).mark_text(align=align, dx=dx, dy=-4, fontSize=12, fontWeight="bold",
                                                        color="#000000")
                              .encode(longitude="lon:Q", latitude="lat:Q", text="label:N").project(type="mercator"))
    chart = alt.layer(*layers).properties(title=title, width=width, height=height)
    regions = set(values["sigungu_code"].astype(str).str[:2])
    if SEOUL in regions and len(regions) > 1:  # Seoul's 25 구 are too small to read beside the provinces
        return seoul_inset(chart)
    return chart


def ranked_bars(frame: pd.DataFrame, *, x: str, y: str, colour: str, title: str, x_title: str,
                colour_title: str, tooltip=(), x_format: str = ".2f", height: int | None = None,
                width: int = 360) -> alt.Chart:
    """Horizontal bars of ``x`` by ``y`` sorted from the largest, coloured by a category.

    ``width`` is the plot width; with the labels (at most 240 px) the chart fits a 640 px column.
    """
    domain = list(dict.fromkeys(frame[colour]))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=x_format, tickCount=6)),
        y=alt.Y(f"{y}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color(f"{colour}:N", title=colour_title, scale=alt.Scale(domain=domain, range=DISTINCT[: len(domain)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=list(tooltip) or [y, x, colour],
    ).properties(title=title, width=width, height=height or max(160, 18 * len(frame)))


def dot_years(frame: pd.DataFrame, *, x: str, y: str, title: str, x_title: str, x_format: str = ".2f",
              sort_year: int | None = None, width: int = 340, y_title: str | None = None) -> alt.LayerChart:
    """Dot plot: one row per unit (``y``, named ``y_title`` in the tooltip), one dot per ``year`` on ``x``,
    joined by a grey line."""
    years = sorted(frame.year.unique())
    sort_year = sort_year or years[-1]
    order = frame[frame.year == sort_year].sort_values(x, ascending=False)[y].tolist()
    order += [v for v in dict.fromkeys(frame[y]) if v not in order]
    base = alt.Chart(frame).encode(y=alt.Y(f"{y}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)))
    line = base.mark_line(color="#bbbbbb").encode(x=f"{x}:Q", detail=f"{y}:N")
    dots = base.mark_circle(size=70, opacity=1).encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=x_format, tickCount=6)),
        color=alt.Color("year:O", title=_("year"), scale=alt.Scale(domain=years, range=DISTINCT[: len(years)]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title or _("name")), alt.Tooltip("year:O", title=_("year")),
                 alt.Tooltip(f"{x}:Q", title=x_title, format=x_format)],
    )
    return alt.layer(line, dots).properties(title=title, width=width, height=max(200, 20 * len(order)))


def candidate_scatter(frame: pd.DataFrame, *, lq_threshold: float, min_share: float, title: str,
                      industry_label: str) -> alt.LayerChart:
    """LQ against share of the national industry (log scales), candidates highlighted, rule lines at
    the thresholds. ``frame`` has ``name``, ``lq``, ``national_share``, ``gva_trillion``, ``candidate``."""
    frame = frame[(frame.lq > 0) & (frame.national_share > 0)]
    # decade ticks over the data's range, labelled so that no two look alike (0.001%, 0.01%, ..., 10%)
    lo, hi = float(frame.national_share.min()), float(max(frame.national_share.max(), min_share))
    ticks = [10.0 ** k for k in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)]
    steps = [m * 10.0 ** k for k in range(-3, 3) for m in (1, 3)]          # 0.001, 0.003, ..., 100, 300
    y_lo = max([v for v in steps if v <= frame.lq.min()] or [steps[0]])
    y_hi = min([v for v in steps if v >= max(frame.lq.max(), lq_threshold)] or [steps[-1]])
    y_ticks = [round(v, 6) for v in steps if y_lo <= v <= y_hi]
    pts = alt.Chart(frame).mark_circle(opacity=0.75).encode(
        x=alt.X("national_share:Q", title=_("share of national {industry} GVA (log scale)", industry=industry_label),
                scale=alt.Scale(type="log", domain=[ticks[0], ticks[-1]]),
                axis=alt.Axis(values=ticks, format=".3~%", grid=True)),
        y=alt.Y("lq:Q", title=_("location quotient (log scale)"), scale=alt.Scale(type="log", domain=[y_lo, y_hi]),
                axis=alt.Axis(values=y_ticks, format="~g")),
        size=alt.Size("gva_trillion:Q", title=_("GVA (trillion KRW)"), scale=alt.Scale(range=[10, 400]),
                      legend=alt.Legend(orient="bottom", direction="horizontal")),
        color=alt.Color("candidate:N", title=None, scale=alt.Scale(domain=[_("candidate"), _("other 시군구")],
                                                                   range=[OKABE_ITO[3], "#9a9a9a"]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=[alt.Tooltip("name:N", title=_("name")), alt.Tooltip("lq:Q", title=_("LQ"), format=".2f"),
                 alt.Tooltip("national_share:Q", title=_("share of national {industry} GVA", industry=industry_label),
                             format=".3~%"),
                 alt.Tooltip("gva_trillion:Q", format=".2f", title=_("GVA (trillion KRW)"))],
    )
    hrule = alt.Chart(pd.DataFrame({"y": [lq_threshold]})).mark_rule(strokeDash=[4, 4], color="#444").encode(y="y:Q")
    vrule = alt.Chart(pd.DataFrame({"x": [min_share]})).mark_rule(strokeDash=[4, 4], color="#444").encode(x="x:Q")
    return alt.layer(pts, hrule, vrule).properties(title=title, width=540, height=360)


def slope(frame: pd.DataFrame, *, value: str, label: str, title: str, y_title: str, highlight: str = "highlight",
          y_format: str = ".0%", width: int = 380, height: int = 460) -> alt.LayerChart:
    """Slope chart of ``value`` between years for each ``label``; rows with ``highlight`` True coloured.

    The highlighted rows are labelled at the last year; labels of nearly equal values are moved apart
    (:func:`dodge`, 14 px) and joined to their point by a short grey tick.
    """
    years = sorted(frame.year.unique())
    colour = alt.Color(f"{highlight}:N", title=None, scale=alt.Scale(domain=[_("named district host"), _("other")],
                                                                       range=[OKABE_ITO[3], "#a0a0a0"]),
                       legend=alt.Legend(orient="bottom", direction="horizontal"))
    y_max = float(np.ceil(frame[value].max() * 10) / 10)
    y_scale = alt.Scale(domain=[0, y_max])
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=None, scale=alt.Scale(domain=years, paddingOuter=0.1), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{value}:Q", title=y_title, axis=alt.Axis(format=y_format), scale=y_scale),
        color=colour, detail=f"{label}:N",
        tooltip=[alt.Tooltip(f"{label}:N", title=_("name")), alt.Tooltip("year:O", title=_("year")),
                 alt.Tooltip(f"{value}:Q", title=y_title, format=y_format)],
    )
    last = frame[(frame.year == years[-1]) & (frame[highlight] == _("named district host"))].copy()
    last["label_y"] = dodge(last[value], min_gap=14 * y_max / height)
    text = alt.Chart(last).mark_text(align="left", dx=8, fontSize=12).encode(
        x=alt.X("year:O", scale=alt.Scale(domain=years)),
        y=alt.Y("label_y:Q", title=y_title, scale=y_scale), text=f"{label}:N", color=colour)
    return alt.layer(base.mark_line(), base.mark_circle(size=30), text).properties(title=title, height=height,
                                                                                   width=width)


def heat(frame: pd.DataFrame, *, x: str, y: str, value: str, title: str, value_title: str, y_sort=None,
         x_sort=None, x_title: str | None = None, domain_mid: float = 1.0, width: int = 330) -> alt.LayerChart:
    """A heatmap with the values printed in the cells (log colour scale diverging around ``domain_mid``).

    Column labels are printed on two lines, split at spaces ("J 2010" → "J" over "2010").

    The printed value is white on the dark ends of the ramp and black elsewhere: a cell is dark when
    its position on the (log) scale is more than 60 % of the way from the midpoint to the end.
    """
    vals = frame[value].astype(float)
    lo, hi = float(vals.min()), float(vals.max())

    def dark(v: float) -> bool:
        if v >= domain_mid and hi > domain_mid:
            return np.log(v / domain_mid) / np.log(hi / domain_mid) > 0.6
        if v < domain_mid and lo < domain_mid:
            return np.log(v / domain_mid) / np.log(lo / domain_mid) > 0.6
        return False

    frame = frame.assign(_ink=["white" if dark(v) else "black" for v in vals])
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:N", title=x_title, sort=x_sort,
                                           axis=alt.Axis(labelAngle=0, orient="bottom", labelLimit=80,
                                                         labelExpr="split(datum.label, ' ')")),
                                   y=alt.Y(f"{y}:N", title=None, sort=y_sort))
    rect = base.mark_rect().encode(color=alt.Color(f"{value}:Q", title=value_title,
                                                   scale=alt.Scale(scheme=DIVERGING, domainMid=domain_mid, type="log"),
                                                   legend=alt.Legend(orient="bottom", direction="horizontal",
                                                                     gradientLength=260)),
                                   tooltip=[alt.Tooltip(f"{y}:N", title=_("name")), alt.Tooltip(f"{x}:N", title=_("column")),
                                            alt.Tooltip(f"{value}:Q", title=_("LQ"), format=".2f")])
    text = base.mark_text(fontSize=11).encode(text=alt.Text(f"{value}:Q", format=".1f"),
                                              color=alt.condition("datum._ink === 'white'", alt.value("white"),
                                                                  alt.value("black")))
    return alt.layer(rect, text).properties(title=title, height=max(200, 18 * frame[y].nunique()), width=width)


def count_bars(frame: pd.DataFrame, *, y: str, colour: str, title: str, colour_title: str,
               domain: list[str] | None = None, height: int = 200, width: int = 400,
               y_title: str | None = None) -> alt.Chart:
    """Stacked horizontal bars of counts (column ``size``) by ``y``, split by ``colour`` (``y_title`` names
    ``y`` in the tooltip)."""
    domain = domain or sorted(frame[colour].unique())
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("size:Q", title=_("number of cases"), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y(f"{y}:N", title=None, sort="-x"),
        color=alt.Color(f"{colour}:N", title=colour_title, scale=alt.Scale(domain=domain, range=DISTINCT[: len(domain)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title or y), alt.Tooltip(f"{colour}:N", title=colour_title),
                 alt.Tooltip("size:Q", title=_("number of cases"))],
    ).properties(title=title, height=height, width=width)


def year_area_scatter(frame: pd.DataFrame, *, title: str, types: list[str]) -> alt.Chart:
    """Founding year against area (log) of cases; colour = type, triangles = Korean cases."""
    return alt.Chart(frame).mark_point(filled=True, size=80).encode(
        x=alt.X("established_year:Q", title=_("year founded or designated"), scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
        y=alt.Y("area_ha:Q", title=_("area (hectares, log scale)"), scale=alt.Scale(type="log")),
        color=alt.Color("type:N", title=_("Katz & Wagner type"), scale=alt.Scale(domain=types, range=DISTINCT[: len(types)]),
                        legend=alt.Legend(orient="bottom", columns=2)),
        shape=alt.Shape("korea:N", title=None, scale=alt.Scale(domain=[_("Korea"), _("elsewhere")], range=["triangle-up", "circle"]),
                        legend=alt.Legend(orient="bottom", columns=1)),
        tooltip=[alt.Tooltip("name:N", title=_("case")), alt.Tooltip("established_year:Q", title=_("year"), format="d"),
                 alt.Tooltip("area_ha:Q", title=_("area (ha)"), format=",.0f"),
                 alt.Tooltip("type:N", title=_("Katz & Wagner type"))],
    ).properties(title=title, width=540, height=320)


def share_bars(frame: pd.DataFrame, *, order: list[str], title: str, x_title: str) -> alt.Chart:
    """100 % stacked bars, one per year, of ``share`` by ``centre`` in the given ``order``."""
    frame = frame.assign(year=frame.year.astype(str), rank=frame.centre.map({c: i for i, c in enumerate(order)}))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("share:Q", title=x_title, axis=alt.Axis(format="%"), stack="normalize"),
        y=alt.Y("year:N", title=None),
        color=alt.Color("centre:N", title=None, sort=order, scale=alt.Scale(domain=order, range=DISTINCT[: len(order)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        order=alt.Order("rank:Q"), tooltip=[alt.Tooltip("year:N", title=_("year")), alt.Tooltip("centre:N", title=_("group of 구")),
                                             alt.Tooltip("share:Q", title=x_title, format=".1%")],
    ).properties(title=title, height=140)


def structure_heatmap(frame: pd.DataFrame, *, title: str, value: str = "manufacturing_lq",
                      sort_by_last: bool = True) -> alt.Chart:
    """Region × year heat map of a location quotient (``year``, ``name``, ``value`` and tooltip columns).

    Diverging blue–orange scale centred on 1 (the national share), clipped at 0.25 and 4 on a log scale so
    that halving and doubling look alike; rows sorted by the last year's value, highest first. One cell per
    region and year, so a unit reported only from a later year starts later.
    """
    last = frame[frame.year == frame.year.max()].sort_values(value, ascending=False).name.tolist()
    rest = [n for n in dict.fromkeys(frame.name) if n not in last]
    tooltip = [alt.Tooltip("name:N", title=_("시도")), alt.Tooltip("year:O", title=_("year")),
               alt.Tooltip(f"{value}:Q", title=_("LQ"), format=".2f")]
    for col, label in (("manufacturing_share", _("share of the 시도's value added")),
                       ("share_of_national_manufacturing", _("share of national manufacturing"))):
        if col in frame:
            tooltip.append(alt.Tooltip(f"{col}:Q", title=label, format=".1%"))
    years = sorted(frame.year.unique())
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(values=[y for y in years if y % 5 == 0], labelAngle=0)),
        y=alt.Y("name:N", title=None, sort=last + rest if sort_by_last else None),
        color=alt.Color(f"{value}:Q", title=_("LQ"), scale=alt.Scale(type="log", domain=[0.25, 4], clamp=True,
                                                                  scheme="blueorange", domainMid=1)),
        tooltip=tooltip,
    ).properties(title=title, width=380, height=alt.Step(16))
