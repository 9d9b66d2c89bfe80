"""Chart builders for the chapter on balanced development after 2008 and the population-decline era.

Every function takes an aggregated DataFrame and returns an Altair chart in the book's theme; maps
join values to the shared 2020 시군구 boundaries (served once from ``_static/data``) by KOSTAT code.
Colours: Okabe & Ito (2008) categories; the risk classes run from dark red (very high risk) to blue.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from krdev.charts import DIVERGING, OKABE_ITO, WIDTH, boundaries
from krdev.i18n import _

#: Colours of Lee's (2016) classes, from very high risk to low risk (ColorBrewer RdYlBu, colour-blind safe).
RISK_COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#67a9cf", "#2166ac"]


def risk_bars(counts: pd.DataFrame, labels: list[str], *, title: str) -> alt.Chart:
    """Stacked bars: number of 시군구 per risk class (``risk_class``) and ``year`` (column ``units``)."""
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("units:Q", title="시군구 (count)", stack=True),
        color=alt.Color("risk_class:N", title="risk class (Lee 2016)", sort=labels,
                        scale=alt.Scale(domain=labels, range=RISK_COLOURS), legend=alt.Legend(orient="bottom", columns=2)),
        order=alt.Order("order:Q"),
        tooltip=["year:O", "risk_class:N", "units:Q"],
    ).properties(title=title, width=WIDTH - 60, height=300)


def category_map(values: pd.DataFrame, *, category: str, domain: list[str], colours: list[str], title: str,
                 tooltip=(), boundary: str = "sigungu_2020", key: str = "sigungu_code", code_field: str = "kostat_code",
                 legend_title: str | None = None, width: int = 400, height: int = 460) -> alt.Chart:
    """A choropleth with a categorical colour per unit (units without a value are drawn in light grey)."""
    fields = [category, *[t for t in tooltip if t != category]]
    base = alt.Chart(boundaries(boundary)).mark_geoshape(stroke="white", strokeWidth=0.3).transform_lookup(
        lookup=f"properties.{key}", from_=alt.LookupData(values, code_field, fields))
    return base.encode(
        color=alt.condition(f"isValid(datum['{category}'])",
                            alt.Color(f"{category}:N", title=legend_title or category, sort=domain,
                                      scale=alt.Scale(domain=domain, range=colours),
                                      legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
                            alt.value("#eeeeee")),
        tooltip=[alt.Tooltip(f"{t}:N") for t in fields],
    ).project(type="mercator").properties(title=title, width=width, height=height)


def change_map(values: pd.DataFrame, *, value: str, title: str, value_title: str, tooltip=(), boundary: str = "sigungu_2020",
               key: str = "sigungu_code", code_field: str = "kostat_code", width: int = 400, height: int = 460) -> alt.Chart:
    """A diverging choropleth of a change (centred on zero)."""
    fields = [value, *[t for t in tooltip if t != value]]
    base = alt.Chart(boundaries(boundary)).mark_geoshape(stroke="white", strokeWidth=0.3).transform_lookup(
        lookup=f"properties.{key}", from_=alt.LookupData(values, code_field, fields))
    return base.encode(
        color=alt.condition(f"isValid(datum['{value}'])",
                            alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme=DIVERGING, domainMid=0, reverse=True),
                                      legend=alt.Legend(orient="bottom", gradientLength=260)),
                            alt.value("#eeeeee")),
        tooltip=[alt.Tooltip(f"{t}:Q", format="+.3f") if t == value else alt.Tooltip(f"{t}:N") for t in fields],
    ).project(type="mercator").properties(title=title, width=width, height=height)


def roc_chart(roc: pd.DataFrame, *, title: str) -> alt.LayerChart:
    """ROC curves (``fpr``, ``tpr``, ``score``) with the diagonal of no separation."""
    diagonal = alt.Chart(pd.DataFrame({"fpr": [0, 1], "tpr": [0, 1]})).mark_line(color="#888", strokeDash=[4, 4]).encode(
        x="fpr:Q", y="tpr:Q")
    curves = alt.Chart(roc).mark_line(interpolate="step-after").encode(
        x=alt.X("fpr:Q", title="share of other areas flagged (false-positive rate)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("tpr:Q", title="share of designated areas flagged", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("score:N", title=None, scale=alt.Scale(range=OKABE_ITO),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=["score:N", alt.Tooltip("threshold:Q", format=".3f"), alt.Tooltip("tpr:Q", format=".2f"),
                 alt.Tooltip("fpr:Q", format=".2f")])
    return alt.layer(diagonal, curves).properties(title=title, width=360, height=360)


def index_lines(frame: pd.DataFrame, *, title: str, y_title: str, domain=None, colours=None) -> alt.Chart:
    """Lines of ``index`` by ``year`` and ``group`` (population, base year = 100); ``domain`` and ``colours``
    fix the colour of each group (to match a map of the same groups)."""
    scale = alt.Scale(domain=list(domain), range=list(colours)) if domain else alt.Scale(range=OKABE_ITO)
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("index:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=alt.Color("group:N", title=None, scale=scale, sort=list(domain) if domain else "ascending",
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=["group:N", "year:O", alt.Tooltip("index:Q", format=".1f"), alt.Tooltip("population:Q", format=","),
                 "units:Q"],
    ).properties(title=title, width=WIDTH - 60, height=300)


def zones_map(areas: pd.DataFrame, points: pd.DataFrame, *, title: str, boundary: str = "sigungu_2020",
              width: int = 400, height: int = 460) -> alt.LayerChart:
    """Decline areas shaded (``areas``: ``kostat_code``, ``status``) with opportunity-zone points
    (``lon``, ``lat``, ``area_km2``, ``round``, ``label``) sized by area and coloured by round. The two
    ``status`` values are "population-decline area" and "other", in the reader's language (:mod:`krdev.i18n`)."""
    shade = category_map(areas, category="status", domain=[_("population-decline area"), _("other")],
                         colours=["#bdbdbd", "#f4f4f4"], title=title, legend_title="시군구", boundary=boundary,
                         width=width, height=height)
    dots = alt.Chart(points).mark_circle(opacity=0.85, stroke="white", strokeWidth=0.6).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("area_km2:Q", title="area (km²)", scale=alt.Scale(range=[30, 900]),
                      legend=alt.Legend(orient="bottom")),
        color=alt.Color("round:O", title="round", scale=alt.Scale(range=OKABE_ITO), legend=alt.Legend(orient="bottom")),
        tooltip=["label:N", "round:O", alt.Tooltip("area_km2:Q", format=".2f")])
    return alt.layer(shade, dots).resolve_scale(color="independent")


def planned_bars(frame: pd.DataFrame, target: float, *, title: str) -> alt.LayerChart:
    """Bars of ``population`` by ``date`` with a rule at the planned ``target``."""
    bars = alt.Chart(frame).mark_bar(color=OKABE_ITO[0], size=42).encode(
        x=alt.X("date:N", title=None), y=alt.Y("population:Q", title="residents", scale=alt.Scale(domain=[0, target * 1.08])),
        tooltip=["date:N", alt.Tooltip("population:Q", format=","), alt.Tooltip("share:Q", format=".1%")])
    text = bars.mark_text(dy=-8, fontSize=12).encode(text=alt.Text("share:Q", format=".1%"))
    rule = alt.Chart(pd.DataFrame({"y": [target], "label": ["planned"]})).mark_rule(color="#D55E00", strokeDash=[5, 4]).encode(
        y="y:Q", tooltip=[alt.Tooltip("y:Q", title="planned", format=",")])
    return alt.layer(bars, text, rule).properties(title=title, width=360, height=280)


def calendar_chart(series: pd.DataFrame, events: pd.DataFrame, *, title: str, y_title: str,
                   subtitle: str | None = None) -> alt.LayerChart:
    """Share lines (``year``, ``share``, ``series``) with numbered rules for dated events (``x``, ``n``,
    ``event``, ``lane``), like :func:`krdev.charts.concentration.timeline_chart` but with a year axis that
    also covers events after the last year of the series (e.g. notices of early 2026)."""
    domain = list(dict.fromkeys(series.series))
    lo = max(0.0, float(series.share.min()) - 0.02)
    hi = float(series.share.max()) + 0.045
    yscale = alt.Scale(domain=[lo, hi], zero=False)
    first = min(float(series.year.min()), float(events.x.min())) - 0.5
    last = max(float(series.year.max()), float(events.x.max())) + 0.5
    x = alt.X("x:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last], nice=False))
    lines = alt.Chart(series.rename(columns={"year": "x"})).mark_line(point=alt.OverlayMarkDef(size=16)).encode(
        x=x, y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=yscale),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("x:Q", title="year", format="d"), alt.Tooltip("share:Q", format=".1%")])
    ev = events.assign(y=hi - 0.005 - events.lane * (hi - lo) / 14)
    rules = alt.Chart(ev).mark_rule(color="#777", strokeDash=[2, 3]).encode(x=x, tooltip=["date:N", "event:N"])
    labels = alt.Chart(ev).mark_text(fontSize=11, fontWeight="bold", color="#222", dx=3, align="left").encode(
        x=x, y=alt.Y("y:Q", scale=yscale), text="n:N", tooltip=["date:N", "event:N"])
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(color="#555", strokeDash=[5, 4]).encode(y=alt.Y("y:Q", scale=yscale))
    return alt.layer(half, rules, lines, labels).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title, width=WIDTH, height=360)
