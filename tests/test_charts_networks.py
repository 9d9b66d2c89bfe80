"""Tests for krdev.charts.networks: layouts, node/edge tables and the Altair spec."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from krdev.charts import networks as nw


def _datasets(spec):
    return {name: rows for name, rows in spec.get("datasets", {}).items()}


def _rows_with(spec, key):
    """Dataset rows that have ``key`` (edges have x2; nodes have label but no x2)."""
    for rows in _datasets(spec).values():
        if rows and key in rows[0]:
            return rows
    return []


def test_layout_is_deterministic_and_rounded():
    g = nx.karate_club_graph()
    a, b = nw.layout(g, "spring", seed=3), nw.layout(g, "spring", seed=3)
    assert a == b
    assert all(round(x, 4) == x for x, _ in a.values())
    with pytest.raises(ValueError):
        nw.layout(g, "nonsense")


def test_edge_frame_geometry_and_arrow_angle():
    g = nx.DiGraph([("a", "b"), ("a", "c")])
    pos = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.0, 1.0)}
    edges = nw.edge_frame(g, pos, width=400, height=400).set_index("target")
    assert edges.loc["b", "angle"] == pytest.approx(90)     # pointing right
    assert edges.loc["c", "angle"] == pytest.approx(0)      # pointing up
    assert edges.loc["b", "ax"] == pytest.approx(0.66)


def test_reciprocal_edges_are_offset():
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    pos = {"a": (0.0, 0.0), "b": (1.0, 0.0)}
    e = nw.edge_frame(g, pos).set_index("source")
    assert e.loc["a", "y"] != e.loc["b", "y"]                 # two parallel rules
    assert e.loc["a", "y"] == pytest.approx(-e.loc["b", "y"])


def test_spec_has_one_row_per_node_and_edge():
    g = nx.DiGraph()
    g.add_edge("x", "y", kind="water", year=1970)
    g.add_edge("y", "z", kind="energy", year=1980)
    g.add_edge("x", "z", kind="energy", year=1990)
    for n in g:
        g.nodes[n]["group"] = "core" if n == "y" else "other"
    chart = nw.draw_network(g, nw.layout(g, "circular"), node_color="group", edge_color="kind",
                            year_field="year", title="toy")
    spec = chart.to_dict(validate=True)
    assert len(_rows_with(spec, "x2")) == 3
    nodes = [r for r in _rows_with(spec, "label")]
    assert len(nodes) == 3 and {r["label"] for r in nodes} == {"x", "y", "z"}
    text = json.dumps(spec)
    params = {p["name"]: p for p in spec["params"]}
    assert params["year_slider"]["bind"]["max"] == 1990 and params["year_slider"]["bind"]["min"] == 1970
    assert params["year_slider"]["value"] == 1990
    assert "triangle-up" in text                               # arrowheads for a directed graph


def test_undirected_graph_has_no_arrows_and_path_counts():
    g = nx.path_graph(5)
    spec = nw.draw_network(g, nw.layout(g, "circular"), title="path").to_dict(validate=True)
    assert len(_rows_with(spec, "x2")) == 4
    assert "triangle-up" not in json.dumps(spec)


def test_bad_attribute_and_missing_position_raise():
    g = nx.Graph([(1, 2)])
    with pytest.raises(ValueError, match="node_color"):
        nw.draw_network(g, {1: (0, 0), 2: (1, 1)}, node_color="nope")
    with pytest.raises(ValueError, match="no position"):
        nw.draw_network(g, {1: (0, 0)})


def test_world_land_layer_holds_korea_and_not_the_open_pacific():
    """The tie map's land layer: Seoul (126.98° E, 37.57° N) is on land, a point in the central
    Pacific (150° W, 0°) is not, and the layer is read from the shared static file, not inlined."""
    from shapely.geometry import Point

    from krdev import data
    from krdev.charts import membership

    land = data.load("world_land").geometry
    assert land.contains(Point(126.98, 37.57)).any() and not land.contains(Point(-150, 0)).any()
    import pandas as pd

    origins = pd.DataFrame({"sido_name": ["Seoul"], "lon": [126.98], "lat": [37.57], "ties": [1]})
    partners = pd.DataFrame({"partner": ["Tokyo"], "country": ["JP"], "lon": [139.69], "lat": [35.69], "ties": [1],
                             "method": ["city name"]})
    spec = membership.tie_map([], origins, partners, title="t").to_dict()
    urls = [layer.get("data", {}).get("url") for layer in spec["layer"]]
    assert "../_static/data/land-110m.json" in urls
