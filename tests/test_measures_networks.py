"""Tests for krdev.measures.networks on small hand-checked membership tables."""

import math

import networkx as nx
import pandas as pd
import pytest

from krdev.errors import ParameterError
from krdev.measures import networks as N


def memberships(rows):
    return pd.DataFrame(rows, columns=["network", "local_gov_ko", "level", "kostat2018_code", "join_year"]).astype(
        {"join_year": "Int64"})


# A path in the projection: B –N1– A –N2– C –N3– D
PATH = memberships([
    ("N1 (first)", "A", "sido", "11", 1990), ("N2 (second)", "A", "sido", "11", 1995),
    ("N1 (first)", "B", "sido", "21", 1991), ("N2 (second)", "C", "sigungu", "3101*", None),
    ("N3 (third)", "C", "sigungu", "3101*", 2000), ("N3 (third)", "D", "sigungu", "37100", 2001),
])


def test_codes_and_names():
    assert N.government_code("3101*") == "31010"
    assert N.government_code("37100") == "37100"
    assert N.short_network_name("ICLEI - Local Governments for Sustainability") == "ICLEI"
    assert N.short_network_name("C40 Cities Climate Leadership Group") == "C40"
    assert N.short_network_name("Metropolis (World Association of the Major Metropolises)") == "Metropolis"


def test_bipartite_graph_structure():
    g = N.bipartite_graph(N.membership_edges(PATH))
    assert nx.is_bipartite(g)
    assert len(N.nodes_of(g, N.GOV)) == 4 and len(N.nodes_of(g, N.NET)) == 3
    assert g.nodes["g:31010"]["degree"] == 2            # C: N2 and N3
    assert g.edges["g:31010", "n:N2"]["join_year"] is None


def test_projection_weights_count_shared_networks():
    rows = PATH.copy()
    extra = memberships([("N4 (fourth)", "A", "sido", "11", 2000), ("N4 (fourth)", "C", "sigungu", "3101*", 2000)])
    g = N.bipartite_graph(N.membership_edges(pd.concat([rows, extra], ignore_index=True)))
    p = N.projection(g, N.GOV)
    assert p["g:11"]["g:31010"]["weight"] == 2            # A and C share N2 and N4
    assert p["g:11"]["g:21"]["weight"] == 1
    assert not p.has_edge("g:21", "g:37100")
    nets = N.projection(g, N.NET)
    assert nets["n:N2"]["n:N4"]["weight"] == 2            # both have members A and C


def test_centrality_on_path_by_hand():
    table = N.centrality_table(N.bipartite_graph(N.membership_edges(PATH))).set_index("code")
    # normalised betweenness on a 4-node path: inner nodes lie on 2 of the 3 pairs not involving them
    assert table.loc["11", "betweenness"] == pytest.approx(2 / 3)
    assert table.loc["31010", "betweenness"] == pytest.approx(2 / 3)
    assert table.loc["21", "betweenness"] == 0
    # leading eigenvector of the path P4 is proportional to sin(k*pi/5): ends / middle = golden ratio - 1
    ratio = math.sin(math.pi / 5) / math.sin(2 * math.pi / 5)
    assert table.loc["11", "eigenvector"] == pytest.approx(1.0)
    assert table.loc["21", "eigenvector"] == pytest.approx(ratio, rel=1e-6)
    assert table.loc["11", "memberships"] == 2 and table.loc["11", "partners"] == 2


def test_eigenvector_per_component_matches_networkx_on_each_component():
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    g.add_node("lonely")
    ours = N.eigenvector_centrality(g, weight=None)
    ref = nx.eigenvector_centrality_numpy(g.subgraph(["a", "b", "c", "d"]))
    top = max(ref.values())
    for n in "abcd":
        assert ours[n] == pytest.approx(ref[n] / top, rel=1e-6)
    assert ours["x"] == pytest.approx(1.0) and ours["y"] == pytest.approx(1.0)
    assert ours["lonely"] == 0


def test_filters_keep_undated_rows_and_flag_them():
    e = N.membership_edges(PATH, start_year=1991, end_year=2000)
    assert set(e.local_gov_ko) == {"A", "B", "C"}          # D joined 2001, A's 1990 row dropped
    assert (~e.dated).sum() == 1                           # C in N2, no year, kept
    assert len(N.membership_edges(PATH, level="sigungu")) == 3
    assert set(N.membership_edges(PATH, network="third").local_gov_ko) == {"C", "D"}


def test_cumulative_memberships_by_hand():
    e = N.membership_edges(PATH)
    c = N.cumulative_memberships(e, 1990, 2001).set_index(["network_short", "year"])
    assert c.loc[("N1", 1990), "cumulative"] == 1
    assert c.loc[("N1", 1991), "cumulative"] == 2
    assert c.loc[("N2", 2001), "cumulative"] == 1          # the undated N2 membership is not counted
    assert c.loc[("N3", 2001), "joined"] == 1 and c.loc[("N3", 2001), "cumulative"] == 2
    late = N.cumulative_memberships(e, 1999, 2000).set_index(["network_short", "year"])
    assert late.loc[("N1", 1999), "cumulative"] == 2      # joins before the window are carried in


def test_check_network_raises_parameter_error():
    N.check_network(PATH, "all")
    N.check_network(PATH, "second")
    with pytest.raises(ParameterError, match="matches no network"):
        N.check_network(PATH, "nonexistent")


def test_stage_examples_and_near_growth():
    stages = pd.DataFrame({"stage": [1], "name_ko": ["가"], "name_en": ["One"],
                           "korean_examples": ["x (엑스) [domestic]; y [international]; z"]})
    out = N.stage_examples(stages)
    assert out.scope.tolist()[:2] == ["domestic", "international"] and pd.isna(out.scope.iloc[2])
    assert out.example.tolist() == ["x (엑스)", "y", "z"]
    seed = pd.DataFrame({"figure_id": ["net_near_founding_members", "net_near_members_2006"], "year": [1996, 2006],
                         "value": [29.0, 65.0]})
    near = memberships([("NEAR (x)", "A", "sido", "11", 1996), ("NEAR (x)", "B", "sido", "21", 1998)])
    g = N.near_growth(seed, N.membership_edges(near))
    korean = g[g.series.str.startswith("Korean")].set_index("year")["members"]
    assert korean.tolist() == [1, 1, 2]
    assert g[g.series.str.startswith("all")]["members"].tolist() == [29, 65]
