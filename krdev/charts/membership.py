"""Maps for Part III: member governments of international networks, and sister/friendship ties.

- :func:`member_map` layers 시군구 members (points at polygon centroids) on a 시도 choropleth
  drawn by :func:`krdev.charts.choropleth` (boundaries served once from ``_static/data``).
- :func:`tie_map` draws a world view: the sphere, a 30° graticule, the land (Natural Earth 1:110m
  coastlines, :func:`krdev.charts.world_land`), the 17 시도 as points, each tie as a great-circle arc
  (coordinates interpolated in Python by :func:`krdev.measures.ties.great_circle`) and partners as
  points sized by the number of ties. The projection is Equal Earth rotated to centre on Korea.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from krdev import charts
from krdev.i18n import _

RELATION_COLOURS = {"sister": charts.OKABE_ITO[0], "friendship": charts.OKABE_ITO[1], "other": "#8C8C8C"}


def _integer_values(values: pd.Series, most: int = 6) -> list[int]:
    """Integer legend entries: every value from 1 to the maximum, or ``most`` evenly spaced ones."""
    top = int(values.max()) if len(values) else 1
    if top <= most:
        return list(range(1, top + 1))
    step = -(-top // most)   # ceiling division
    return sorted({1, *range(step, top, step), top})


def member_map(sido_values: pd.DataFrame, points: pd.DataFrame, *, title: str, width: int = 420,
               height: int = 480) -> alt.LayerChart:
    """시도 shaded by number of memberships, with 시군구 members as labelled points.

    ``sido_values``: sido_code, name, memberships, networks. ``points``: government, lon, lat,
    memberships, networks.
    """
    base = charts.choropleth(sido_values, code_field="sido_code", value_field="memberships",
                             tooltip=["name", "memberships", "networks"], value_title="시도 memberships",
                             title=title, width=width, height=height)
    base = base.encode(color=alt.Color("memberships:Q", title="시도 memberships",
                                       scale=alt.Scale(scheme=charts.SEQUENTIAL, domainMin=0)))
    dots = alt.Chart(points).mark_circle(color=charts.OKABE_ITO[3], stroke="black", strokeWidth=0.8, opacity=0.95).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("memberships:Q", title="시군구 memberships", scale=alt.Scale(range=[60, 240]),
                      legend=alt.Legend(values=sorted(points["memberships"].unique().tolist()))),
        tooltip=[alt.Tooltip("government:N", title="시군구"), "memberships:Q", "networks:N"],
    ).project(type="mercator")
    return alt.layer(base, dots).properties(width=width, height=height, title=title)


def tie_map(arcs: list[dict], origins: pd.DataFrame, partners: pd.DataFrame, *, title: str,
            width: int = 600, height: int = 300, centre=(127.5, 36.0)) -> alt.LayerChart:
    """World map of ties: sphere, graticule, land, arcs coloured by relation, endpoints.

    The legends sit below the map, so the chart is ``width`` wide and fits the page column.

    ``arcs``: GeoJSON LineString features with properties sido, partner, country, relation, year.
    ``origins``: sido_name, lon, lat, ties. ``partners``: partner, country, lon, lat, ties.
    """
    # Equal Earth spans about 5.42 x 2.64 scale units; fix scale and centre so the whole sphere fits
    scale = min(width / 5.5, height / 2.7)
    projection = dict(type="equalEarth", rotate=[-centre[0], 0, 0], scale=round(scale, 2),
                      translate=[width / 2, height / 2])
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#eef4f8", stroke="#bbb", strokeWidth=0.5)
    grid = alt.Chart(alt.graticule(step=[30, 30])).mark_geoshape(stroke="#cfd8de", strokeWidth=0.5, filled=False)
    land = alt.Chart(charts.world_land()).mark_geoshape(fill="#e4dfd3", stroke="#8a8578", strokeWidth=0.4)
    domain = [r for r in RELATION_COLOURS if r in {a["properties"]["relation"] for a in arcs}] or list(RELATION_COLOURS)
    # relation types are drawn with their names in the reader's language (krdev.i18n)
    arcs = [{**a, "properties": {**a["properties"], "relation": _(a["properties"]["relation"])}} for a in arcs]
    lines = alt.Chart(alt.Data(values=arcs)).mark_geoshape(filled=False, strokeWidth=1.1, opacity=0.55).encode(
        stroke=alt.Stroke("properties.relation:N", title=_("relation"),
                          scale=alt.Scale(domain=[_(d) for d in domain], range=[RELATION_COLOURS[d] for d in domain]),
                          legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("properties.sido:N", title="시도"), alt.Tooltip("properties.partner:N", title=_("partner")),
                 alt.Tooltip("properties.country:N", title=_("country")),
                 alt.Tooltip("properties.relation:N", title=_("relation")),
                 alt.Tooltip("properties.year:N", title=_("year"))],
    )
    partner_dots = alt.Chart(partners).mark_circle(color="#333", opacity=0.7).encode(
        longitude=alt.Longitude("lon:Q", title=_("longitude")), latitude=alt.Latitude("lat:Q", title=_("latitude")),
        size=alt.Size("ties:Q", title=_("ties per partner"), scale=alt.Scale(range=[12, 120]),
                      legend=alt.Legend(orient="bottom", format="d", values=_integer_values(partners["ties"]))),
        tooltip=[alt.Tooltip("partner:N", title=_("partner")), alt.Tooltip("country:N", title=_("country")),
                 alt.Tooltip("ties:Q", title=_("ties")), alt.Tooltip("method:N", title=_("placed at"))],
    )
    origin_dots = alt.Chart(origins).mark_point(shape="diamond", filled=True, color=charts.OKABE_ITO[3], size=40).encode(
        longitude=alt.Longitude("lon:Q", title=_("longitude")), latitude=alt.Latitude("lat:Q", title=_("latitude")),
        tooltip=[alt.Tooltip("sido_name:N", title="시도"), alt.Tooltip("ties:Q", title=_("ties"))],
    )
    return alt.layer(sphere, grid, land, lines, partner_dots, origin_dots).project(**projection).properties(
        width=width, height=height, title=title)
