"""Drawing a NetworkX graph with Altair: deterministic layouts and layered node/edge marks.

Generic on purpose: any chapter with a graph (industrial symbiosis, inter-city networks, membership
networks) can use it. The graph is drawn from node and edge *attributes*, so the caller decides what
colour, size and tooltips mean.

Typical use::

    from krdev.charts import networks
    pos = networks.layout(graph, method="spring", seed=7)          # computed once, in Python
    chart = networks.draw_network(graph, pos, node_color="role", node_size="degree",
                                  edge_color="resource_type", title="Kalundborg exchanges")
    glue("fig-x", charts.Figure(chart, alt=..., source=...), display=False)

Conventions

- **Positions** are a dict ``node -> (x, y)``, e.g. from :func:`layout` (a seeded NetworkX layout,
  Hagberg, Schult & Swart 2008) or from coordinates you supply (longitude/latitude for a map-like
  drawing). They are rounded so the chart spec is byte-stable between runs.
- **Nodes** are circles; a node's label is its ``label`` attribute if present, else ``str(node)``.
- **Edges** are straight rules. In a directed graph each edge carries an arrowhead (a rotated
  triangle) two-thirds of the way to its target; a pair of reciprocal edges (A→B and B→A) is
  drawn as two parallel rules offset sideways so both stay visible. Parallel edges of a
  multigraph overlap: merge them into one edge with a count attribute first.
- **Year filter** (optional): with ``year_field``, a slider below the chart hides edges (and nodes)
  whose ``year_field`` value is later than the slider; items with no value are always shown.
- Everything is inlined as small tables (one row per node and per edge), so keep graphs to a few
  hundred edges; aggregate larger ones first.
"""

from __future__ import annotations

import math

import altair as alt
import networkx as nx
import pandas as pd

from krdev.charts import OKABE_ITO

_DECIMALS = 4


def layout(graph: nx.Graph, method: str = "spring", seed: int = 7, **kwargs) -> dict:
    """Deterministic node positions: ``method`` is "spring", "kamada_kawai", "circular" or "shell".

    The spring layout (Fruchterman–Reingold) is seeded, so the same graph always gets the same
    picture; positions are rounded to 4 decimals. Extra ``kwargs`` go to the NetworkX function
    (e.g. ``k=`` for spring spacing, ``nlist=`` for shells).
    """
    if graph.number_of_nodes() == 0:
        return {}
    if method == "spring":
        pos = nx.spring_layout(graph, seed=seed, **kwargs)
    elif method == "kamada_kawai":
        pos = nx.kamada_kawai_layout(graph, **kwargs)
    elif method == "circular":
        pos = nx.circular_layout(graph, **kwargs)
    elif method == "shell":
        pos = nx.shell_layout(graph, **kwargs)
    else:
        raise ValueError(f"unknown layout method {method!r}; use spring, kamada_kawai, circular or shell")
    return {n: (round(float(x), _DECIMALS), round(float(y), _DECIMALS)) for n, (x, y) in pos.items()}


def _check_positions(graph, positions):
    missing = [n for n in graph.nodes if n not in positions]
    if missing:
        raise ValueError(f"no position for node(s) {missing[:5]}{' ...' if len(missing) > 5 else ''}")


def _clean(value):
    """Attribute values as JSON-friendly scalars (lists joined, None kept)."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return value


def node_frame(graph: nx.Graph, positions: dict) -> pd.DataFrame:
    """One row per node: ``id``, ``label``, ``x``, ``y`` and every node attribute."""
    _check_positions(graph, positions)
    rows = []
    for n, attrs in graph.nodes(data=True):
        row = {k: _clean(v) for k, v in attrs.items()}
        row.update(id=str(n), label=str(attrs.get("label", n)), x=positions[n][0], y=positions[n][1])
        rows.append(row)
    return pd.DataFrame(rows)


def _extent(positions):
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    pad_x = max((max(xs) - min(xs)) * 0.12, 0.1)
    pad_y = max((max(ys) - min(ys)) * 0.12, 0.1)
    return (min(xs) - pad_x, max(xs) + pad_x), (min(ys) - pad_y, max(ys) + pad_y)


def edge_frame(graph: nx.Graph, positions: dict, width: int = 560, height: int = 460,
               offset: float = 0.02) -> pd.DataFrame:
    """One row per edge: ``source``, ``target``, start ``x, y``, end ``x2, y2``, arrow point ``ax, ay``,
    arrow ``angle`` (degrees clockwise from up, in screen space for a ``width`` × ``height`` plot) and
    every edge attribute. Reciprocal edges of a directed graph are shifted sideways by ``offset``
    (a share of the plot's larger extent).
    """
    _check_positions(graph, positions)
    (x0, x1), (y0, y1) = _extent(positions)
    sx, sy = width / (x1 - x0), height / (y1 - y0)   # data units -> pixels
    shift = offset * max(x1 - x0, y1 - y0)
    directed = graph.is_directed()
    rows = []
    for u, v, attrs in graph.edges(data=True):
        (xa, ya), (xb, yb) = positions[u], positions[v]
        dx, dy = xb - xa, yb - ya
        length = math.hypot(dx, dy) or 1.0
        if directed and graph.has_edge(v, u) and u != v:
            # shift to the right of the direction of travel, so A→B and B→A separate
            nx_, ny_ = dy / length, -dx / length
            xa, ya, xb, yb = xa + nx_ * shift, ya + ny_ * shift, xb + nx_ * shift, yb + ny_ * shift
        angle = math.degrees(math.atan2(dx * sx, dy * sy)) % 360   # screen y points down, data y up
        row = {k: _clean(val) for k, val in attrs.items()}
        row.update(source=str(u), target=str(v),
                   source_label=str(graph.nodes[u].get("label", u)), target_label=str(graph.nodes[v].get("label", v)),
                   x=round(xa, _DECIMALS), y=round(ya, _DECIMALS), x2=round(xb, _DECIMALS), y2=round(yb, _DECIMALS),
                   ax=round(xa + (xb - xa) * 0.66, _DECIMALS), ay=round(ya + (yb - ya) * 0.66, _DECIMALS),
                   angle=round(angle, 2))
        rows.append(row)
    cols = ["source", "target", "source_label", "target_label", "x", "y", "x2", "y2", "ax", "ay", "angle"]
    return pd.DataFrame(rows, columns=None if rows else cols)


def _field_type(frame: pd.DataFrame, field: str) -> str:
    return "Q" if pd.api.types.is_numeric_dtype(frame[field]) and not pd.api.types.is_bool_dtype(frame[field]) else "N"


def _integer_values(series: pd.Series, most: int = 5) -> list[int]:
    """Whole-number legend entries spanning ``series`` (every integer if few, else evenly spaced ones),
    so an integer attribute never gets a legend like "1, 2, 2" from rounded fractional ticks."""
    lo, hi = int(series.min()), int(series.max())
    if hi - lo + 1 <= most:
        return list(range(lo, hi + 1))
    step = max(1, math.ceil((hi - lo) / (most - 1)))
    values = [lo, *range(math.ceil((lo + 1) / step) * step, hi + 1, step)]     # e.g. 1, 2, 4, 6, 8
    return values if values[-1] == hi else values + [hi]


def _legend(frame: pd.DataFrame | None, field: str | None, orient: str | None) -> alt.Legend:
    """A legend at ``orient`` (``None``: not set); integer fields get explicit whole-number entries."""
    kwargs = {} if orient is None else dict(orient=orient)
    if orient in ("top", "bottom"):
        kwargs["direction"] = "vertical"
    if frame is not None and field is not None and pd.api.types.is_integer_dtype(frame[field]) and len(frame):
        kwargs.update(values=_integer_values(frame[field]), format="d")
    return alt.Legend(**kwargs)


def _require(frame, field, what):
    if field is not None and field not in frame.columns:
        raise ValueError(f"{what} {field!r} is not an attribute of the graph; available: {sorted(frame.columns)}")


def draw_network(graph: nx.Graph, positions: dict, *, node_color: str | None = None, node_size: str | None = None,
                 edge_color: str | None = None, edge_width: str | None = None, labels: bool = True,
                 node_tooltip=None, edge_tooltip=None, year_field: str | None = None, year_title: str = "year ≤ ",
                 color_domain=None, edge_color_domain=None, palette=OKABE_ITO, edge_palette=None,
                 node_size_range=(80, 900), title: str = "", width: int = 560, height: int = 460,
                 legend_orient: str | None = None, titles: dict | None = None) -> alt.LayerChart:
    """An Altair drawing of ``graph`` at ``positions``: edges, arrowheads, nodes and labels as layers.

    Parameters
    ----------
    node_color, node_size : node attribute names (categorical colour; numeric area) or ``None``.
    edge_color, edge_width : edge attribute names (categorical colour; numeric stroke width) or ``None``.
    labels : draw node labels below the nodes.
    node_tooltip, edge_tooltip : attribute names to show on hover; defaults are the label plus the
        encoded attributes (nodes) and source → target plus every edge attribute (edges).
    year_field : optional attribute (on edges, and optionally nodes) holding a year; adds a slider that
        shows only items with ``year_field`` ≤ the slider value. ``year_title`` labels the slider.
    color_domain, edge_color_domain : fixed category orders (stable colours across charts).
    title : chart title.
    legend_orient : where the legends go: ``None`` (the theme's or a ``configure_legend`` choice),
        or e.g. "bottom" (side by side under the plot, each listed vertically, so a ``width`` of up
        to about 600 px fits a 640 px column). Integer attributes (``edge_width``, ``node_size``)
        always get whole-number legend entries only.
    titles : display titles for attribute names in tooltips and legends (e.g. in the reader's
        language, ``{"role": "역할"}``); the others are derived from the attribute name.

    Returns a layered chart with fixed, hidden x/y scales (the layout's coordinates have no units).
    """
    nodes = node_frame(graph, positions)
    edges = edge_frame(graph, positions, width=width, height=height)
    _require(nodes, node_color, "node_color")
    _require(nodes, node_size, "node_size")
    if len(edges):
        _require(edges, edge_color, "edge_color")
        _require(edges, edge_width, "edge_width")
    (x0, x1), (y0, y1) = _extent(positions)
    titles = titles or {}
    x_enc = alt.X("x:Q", scale=alt.Scale(domain=[x0, x1]), axis=None)
    y_enc = alt.Y("y:Q", scale=alt.Scale(domain=[y0, y1]), axis=None)

    slider = None
    if year_field is not None:
        years = pd.concat([edges.get(year_field, pd.Series(dtype=float)), nodes.get(year_field, pd.Series(dtype=float))])
        years = pd.to_numeric(years, errors="coerce").dropna()
        if years.empty:
            raise ValueError(f"year_field {year_field!r} has no values on edges or nodes")
        lo, hi = int(years.min()), int(years.max())
        slider = alt.param(name="year_slider", value=hi,
                           bind=alt.binding_range(min=lo, max=hi, step=1, name=year_title))

    def year_filter(chart, frame):
        if slider is None or year_field not in frame.columns:
            return chart
        return chart.transform_filter(f"!isValid(datum['{year_field}']) || datum['{year_field}'] <= year_slider")

    # ---- edges
    edge_tip = edge_tooltip if edge_tooltip is not None else [
        c for c in edges.columns if c not in ("source", "target", "x", "y", "x2", "y2", "ax", "ay", "angle")]
    edge_tip = ["source_label", "target_label", *[c for c in edge_tip if c not in ("source_label", "target_label")]]
    edge_enc = dict(x=x_enc, y=y_enc, x2="x2:Q", y2="y2:Q",
                    tooltip=[alt.Tooltip(f"{c}:{_field_type(edges, c)}", title=titles.get(c, c.replace("_label", ""))) for c in edge_tip
                             if c in edges.columns])
    if edge_color:
        scale = alt.Scale(domain=list(edge_color_domain), range=list(edge_palette or palette)[:len(edge_color_domain)]) \
            if edge_color_domain else alt.Scale(range=list(edge_palette or palette))
        edge_enc["color"] = alt.Color(f"{edge_color}:N", scale=scale, title=titles.get(edge_color, edge_color.replace("_", " ")),
                                      legend=_legend(None, None, legend_orient))
    if edge_width:
        edge_enc["strokeWidth"] = alt.StrokeWidth(f"{edge_width}:Q", scale=alt.Scale(range=[1.2, 5]),
                                                  title=titles.get(edge_width, edge_width.replace("_", " ")),
                                                  legend=_legend(edges, edge_width, legend_orient))
    edge_layer = alt.Chart(edges).mark_rule(opacity=0.75, strokeWidth=1.8, color="#777")
    edge_layer = year_filter(edge_layer, edges).encode(**edge_enc)
    edge_layers = [edge_layer]
    if graph.is_directed() and len(edges):
        arrow_enc = dict(x=alt.X("ax:Q", scale=alt.Scale(domain=[x0, x1]), axis=None),
                         y=alt.Y("ay:Q", scale=alt.Scale(domain=[y0, y1]), axis=None),
                         angle=alt.Angle("angle:Q", scale=None), tooltip=edge_enc["tooltip"])
        if edge_color:
            arrow_enc["color"] = edge_enc["color"]
        arrows = alt.Chart(edges).mark_point(shape="triangle-up", filled=True, size=110, opacity=0.9, color="#777")
        edge_layers.append(year_filter(arrows, edges).encode(**arrow_enc))
    # edges and arrowheads share one colour scale; the nodes get their own (see resolve_scale below)
    layers = [alt.layer(*edge_layers) if len(edge_layers) > 1 else edge_layers[0]]

    # ---- nodes
    node_tip = node_tooltip if node_tooltip is not None else [c for c in (node_color, node_size, year_field)
                                                                if c and c in nodes.columns]
    node_tip = ["label", *[c for c in node_tip if c != "label"]]
    node_enc = dict(x=x_enc, y=y_enc, tooltip=[alt.Tooltip(f"{c}:{_field_type(nodes, c)}", title=titles.get(c, c.replace("_", " ")))
                                               for c in node_tip])
    if node_color:
        scale = alt.Scale(domain=list(color_domain), range=list(palette)[:len(color_domain)]) if color_domain \
            else alt.Scale(range=list(palette))
        node_enc["color"] = alt.Color(f"{node_color}:N", scale=scale, title=titles.get(node_color, node_color.replace("_", " ")),
                                      legend=_legend(None, None, legend_orient))
    if node_size:
        node_enc["size"] = alt.Size(f"{node_size}:Q", scale=alt.Scale(range=list(node_size_range)),
                                    title=titles.get(node_size, node_size.replace("_", " ")),
                                    legend=_legend(nodes, node_size, legend_orient))
    node_layer = alt.Chart(nodes).mark_circle(opacity=0.95, stroke="white", strokeWidth=1.5, size=300,
                                              color=palette[0])
    layers.append(year_filter(node_layer, nodes).encode(**node_enc))
    if labels:
        text = alt.Chart(nodes).mark_text(dy=16, fontSize=11, color="#222", baseline="top")
        layers.append(year_filter(text, nodes).encode(x=x_enc, y=y_enc, text="label:N"))

    if node_color and edge_color:
        layers = [layers[0], alt.layer(*layers[1:])]
    chart = alt.layer(*layers).properties(width=width, height=height, title=title)
    if node_color and edge_color:
        chart = chart.resolve_scale(color="independent")
    if slider is not None:
        chart = chart.add_params(slider)
    return chart


def label_subset(chart: alt.LayerChart, graph: nx.Graph, positions: dict, keep, *,
                 font_size: int = 12, side: str = "below") -> alt.LayerChart:
    """``chart`` (drawn by :func:`draw_network` with ``labels=False``) with labels for ``keep`` only.

    In a crowded graph (a clique, a dense cluster) labels for every node overprint one another.
    Label the few nodes the reading needs (e.g. the most central ones) and leave the rest to the
    tooltips. ``side`` is "below" (centred under the node) or "right" (beside it, for tight
    clusters). The labels use the same hidden scales as the nodes; the input chart is not changed.
    """
    if side not in ("below", "right"):
        raise ValueError(f"side must be 'below' or 'right', not {side!r}")
    keep = {str(n) for n in keep}
    nodes = node_frame(graph, positions)
    nodes = nodes.loc[nodes["id"].isin(keep), ["id", "label", "x", "y"]]
    (x0, x1), (y0, y1) = _extent(positions)
    place = dict(dy=16, baseline="top") if side == "below" else dict(dx=17, align="left", baseline="middle")
    text = alt.Chart(nodes).mark_text(fontSize=font_size, color="#222", **place).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[x0, x1]), axis=None),
        y=alt.Y("y:Q", scale=alt.Scale(domain=[y0, y1]), axis=None), text="label:N")
    out = chart.copy()
    out.layer = [*chart.layer, text]
    return out

