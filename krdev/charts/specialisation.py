"""Chart builders for the specialisation and innovation-district chapters.

Each function takes an already aggregated DataFrame and returns an Altair chart in the book's theme;
wrap it in :class:`krdev.charts.Figure`. Maps reuse :func:`krdev.charts.choropleth` (boundaries are
loaded once from ``_static/data``); colours are Okabe & Ito (2008) categories and the blue–orange
diverging ramp.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from krdev.charts import DIVERGING, OKABE_ITO, choropleth

#: Class breaks for location-quotient maps; the cluster threshold is inserted by :func:`lq_breaks`.
LQ_BREAKS = (0.5, 0.8, 2.0, 3.0)


def lq_breaks(threshold: float) -> list[float]:
    """Sorted class breaks for an LQ map that include the cluster threshold."""
    return sorted({*LQ_BREAKS, round(float(threshold), 3)})


def lq_map(values: pd.DataFrame, *, value_field: str, year: int, title: str, value_title: str,
           classes, tooltip=(), sites: pd.DataFrame | None = None, scheme: str = DIVERGING,
           width: int = 420, height: int = 520) -> alt.LayerChart:
    """A 시군구 choropleth of ``value_field`` (only the 시군구 in ``values`` are drawn), with optional
    labelled points for named sites (columns ``lon``, ``lat``, ``label``, ``sites``)."""
    base = choropleth(values, code_field="sigungu_code", value_field=value_field, title=title,
                      boundary=f"sigungu_{year}", key="sigungu_code", tooltip=tooltip, scheme=scheme,
                      value_title=value_title, width=width, height=height, classes=classes)
    layers = [base.transform_filter(f"isValid(datum['{value_field}'])").properties(title="")]
    if sites is not None and len(sites):
        pts = alt.Chart(sites).encode(longitude="lon:Q", latitude="lat:Q",
                                      tooltip=[alt.Tooltip("label:N", title="시군구"), alt.Tooltip("sites:N", title="named sites")])
        layers.append(pts.mark_point(shape="triangle-up", size=70, filled=True, color="#000000",
                                     stroke="white", strokeWidth=0.8).project(type="mercator"))
        layers.append(pts.mark_text(align="left", dx=7, dy=-4, fontSize=11, fontWeight="bold", color="#000000")
                      .encode(text="label:N").project(type="mercator"))
    return alt.layer(*layers).properties(title=title, width=width, height=height)


def ranked_bars(frame: pd.DataFrame, *, x: str, y: str, colour: str, title: str, x_title: str,
                colour_title: str, tooltip=(), x_format: str = ".2f", height: int | None = None) -> alt.Chart:
    """Horizontal bars of ``x`` by ``y`` sorted from the largest, coloured by a category."""
    domain = list(dict.fromkeys(frame[colour]))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=x_format)),
        y=alt.Y(f"{y}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=280)),
        color=alt.Color(f"{colour}:N", title=colour_title, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=list(tooltip) or [y, x, colour],
    ).properties(title=title, height=height or max(160, 18 * len(frame)))


def dot_years(frame: pd.DataFrame, *, x: str, y: str, title: str, x_title: str, x_format: str = ".2f",
              sort_year: int | None = None) -> alt.LayerChart:
    """Dot plot: one row per unit (``y``), one dot per ``year`` on ``x``, joined by a grey line."""
    years = sorted(frame.year.unique())
    sort_year = sort_year or years[-1]
    order = frame[frame.year == sort_year].sort_values(x, ascending=False)[y].tolist()
    order += [v for v in dict.fromkeys(frame[y]) if v not in order]
    base = alt.Chart(frame).encode(y=alt.Y(f"{y}:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)))
    line = base.mark_line(color="#bbbbbb").encode(x=f"{x}:Q", detail=f"{y}:N")
    dots = base.mark_circle(size=70, opacity=1).encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=x_format)),
        color=alt.Color("year:O", title="year", scale=alt.Scale(domain=years, range=OKABE_ITO[: len(years)])),
        tooltip=[y, alt.Tooltip("year:O"), alt.Tooltip(f"{x}:Q", format=x_format)],
    )
    return alt.layer(line, dots).properties(title=title, height=max(200, 20 * len(order)))


def candidate_scatter(frame: pd.DataFrame, *, lq_threshold: float, min_share: float, title: str,
                      industry_label: str) -> alt.LayerChart:
    """LQ against share of the national industry (log scales), candidates highlighted, rule lines at
    the thresholds. ``frame`` has ``name``, ``lq``, ``national_share``, ``gva_trillion``, ``candidate``."""
    frame = frame[(frame.lq > 0) & (frame.national_share > 0)]
    pts = alt.Chart(frame).mark_circle(opacity=0.8).encode(
        x=alt.X("national_share:Q", title=f"share of national {industry_label} GVA (log scale)",
                scale=alt.Scale(type="log"), axis=alt.Axis(format=".1%")),
        y=alt.Y("lq:Q", title="location quotient (log scale)", scale=alt.Scale(type="log")),
        size=alt.Size("gva_trillion:Q", title="GVA (trillion KRW)", scale=alt.Scale(range=[10, 400])),
        color=alt.Color("candidate:N", title=None, scale=alt.Scale(domain=["candidate", "other 시군구"],
                                                                   range=[OKABE_ITO[3], "#9a9a9a"])),
        tooltip=["name:N", alt.Tooltip("lq:Q", format=".2f"), alt.Tooltip("national_share:Q", format=".2%"),
                 alt.Tooltip("gva_trillion:Q", format=".2f")],
    )
    hrule = alt.Chart(pd.DataFrame({"y": [lq_threshold]})).mark_rule(strokeDash=[4, 4], color="#444").encode(y="y:Q")
    vrule = alt.Chart(pd.DataFrame({"x": [min_share]})).mark_rule(strokeDash=[4, 4], color="#444").encode(x="x:Q")
    return alt.layer(pts, hrule, vrule).properties(title=title, height=380)


def slope(frame: pd.DataFrame, *, value: str, label: str, title: str, y_title: str, highlight: str = "highlight",
          y_format: str = ".0%") -> alt.LayerChart:
    """Slope chart of ``value`` between years for each ``label``; rows with ``highlight`` True coloured."""
    years = sorted(frame.year.unique())
    colour = alt.Color(f"{highlight}:N", title=None, scale=alt.Scale(domain=["named district host", "other"],
                                                                       range=[OKABE_ITO[3], "#a0a0a0"]))
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=None, scale=alt.Scale(domain=years, paddingOuter=0.1)),
        y=alt.Y(f"{value}:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=colour, detail=f"{label}:N",
        tooltip=[f"{label}:N", alt.Tooltip("year:O"), alt.Tooltip(f"{value}:Q", format=y_format)],
    )
    last = frame[(frame.year == years[-1]) & (frame[highlight] == "named district host")]
    text = alt.Chart(last).mark_text(align="left", dx=6, fontSize=10).encode(
        x=alt.X("year:O", scale=alt.Scale(domain=years)), y=f"{value}:Q", text=f"{label}:N", color=colour)
    return alt.layer(base.mark_line(), base.mark_circle(size=30), text).properties(title=title, height=460, width=520)


def heat(frame: pd.DataFrame, *, x: str, y: str, value: str, title: str, value_title: str, y_sort=None,
         domain_mid: float = 1.0) -> alt.LayerChart:
    """A heatmap with the values printed in the cells (diverging around ``domain_mid``)."""
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:N", title=None), y=alt.Y(f"{y}:N", title=None, sort=y_sort))
    rect = base.mark_rect().encode(color=alt.Color(f"{value}:Q", title=value_title,
                                                   scale=alt.Scale(scheme=DIVERGING, domainMid=domain_mid, type="log")),
                                   tooltip=[y, x, alt.Tooltip(f"{value}:Q", format=".2f")])
    text = base.mark_text(fontSize=10).encode(text=alt.Text(f"{value}:Q", format=".1f"))
    return alt.layer(rect, text).properties(title=title, height=max(200, 18 * frame[y].nunique()), width=380)


def count_bars(frame: pd.DataFrame, *, y: str, colour: str, title: str, colour_title: str,
               domain: list[str] | None = None, height: int = 200) -> alt.Chart:
    """Stacked horizontal bars of counts (column ``size``) by ``y``, split by ``colour``."""
    domain = domain or sorted(frame[colour].unique())
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("size:Q", title="number of cases", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y(f"{y}:N", title=None, sort="-x"),
        color=alt.Color(f"{colour}:N", title=colour_title, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=[y, colour, "size"],
    ).properties(title=title, height=height)


def year_area_scatter(frame: pd.DataFrame, *, title: str, types: list[str]) -> alt.Chart:
    """Founding year against area (log) of cases; colour = type, triangles = Korean cases."""
    return alt.Chart(frame).mark_point(filled=True, size=80).encode(
        x=alt.X("established_year:Q", title="year founded or designated", scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
        y=alt.Y("area_ha:Q", title="area (hectares, log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("type:N", title="Katz & Wagner type", scale=alt.Scale(domain=types, range=OKABE_ITO[: len(types)])),
        shape=alt.Shape("korea:N", title=None, scale=alt.Scale(domain=["Korea", "elsewhere"], range=["triangle-up", "circle"])),
        tooltip=["name", "established_year", "area_ha", "type"],
    ).properties(title=title, height=320)


def share_bars(frame: pd.DataFrame, *, order: list[str], title: str, x_title: str) -> alt.Chart:
    """100 % stacked bars, one per year, of ``share`` by ``centre`` in the given ``order``."""
    frame = frame.assign(year=frame.year.astype(str), rank=frame.centre.map({c: i for i, c in enumerate(order)}))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("share:Q", title=x_title, axis=alt.Axis(format="%"), stack="normalize"),
        y=alt.Y("year:N", title=None),
        color=alt.Color("centre:N", title=None, sort=order, scale=alt.Scale(domain=order, range=OKABE_ITO[: len(order)]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        order=alt.Order("rank:Q"), tooltip=["year", "centre", alt.Tooltip("share:Q", format=".1%")],
    ).properties(title=title, height=140)
