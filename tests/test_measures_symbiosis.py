"""Tests for krdev.measures.symbiosis: hand-checked graphs, counts and lookups."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from krdev import data
from krdev.measures import symbiosis as sym


def _ex(rows):
    return pd.DataFrame(rows, columns=["source", "target", "resource", "resource_type", "start_year"]).astype(
        {"start_year": "Int64"})


TOY = _ex([
    ("A", "B", "steam", "energy", 1970),
    ("B", "C", "fly ash", "material", 1980),
    ("B", "C", "gypsum", "material", 1990),   # parallel exchange: merged into one edge
    ("C", "D", "cooling water", "water", 1985),
    ("E", "F", "sludge", "material", None),   # undated
])


def test_canonical_partner_merges_spellings():
    assert sym.canonical_partner("Oil refinery (Tidewater -> Esso 1963 -> Statoil 1987)") == sym.REFINERY
    assert sym.canonical_partner("Statoil refinery") == sym.REFINERY
    assert "Equinor" in sym.REFINERY
    assert sym.canonical_partner("Lake Tisso (via refinery pipeline)") == "Lake Tissø"
    assert sym.canonical_partner("Novo Nordisk (later also Novozymes)") == "Novo Nordisk"
    assert sym.canonical_partner("Local pig farms") == "Farms"
    assert sym.canonical_partner("Somewhere else") == "Somewhere else"


@pytest.mark.parametrize("text, kind", [
    ("waste heat / warm cooling water", "energy"), ("process steam", "energy"), ("excess refinery (fuel) gas", "energy"),
    ("used cooling water (and surface water)", "water"), ("biologically treated refinery effluent", "water"),
    ("FGD gypsum", "material"), ("yeast slurry (pig feed)", "material"),
])
def test_resource_type(text, kind):
    assert sym.resource_type(text) == kind


def test_build_graph_merges_parallel_exchanges_and_counts():
    g = sym.build_graph(TOY)
    assert set(g.nodes) == {"A", "B", "C", "D", "E", "F"}
    assert g.number_of_edges() == 4
    assert g["B"]["C"]["exchanges"] == 2
    assert g["B"]["C"]["start_year"] == 1980
    assert g["B"]["C"]["resources"] == "fly ash; gypsum"
    assert g.nodes["B"]["supplies"] == 2 and g.nodes["B"]["receives"] == 1
    assert g.nodes["C"]["first_year"] == 1980


def test_build_graph_window_drops_undated_and_out_of_window():
    g = sym.build_graph(TOY, 1975, 1985)
    assert sorted(g.edges) == [("B", "C"), ("C", "D")]
    assert g["B"]["C"]["exchanges"] == 1      # the 1990 gypsum exchange is outside the window
    assert "E" not in g


def test_centrality_of_directed_path():
    # A -> B -> C -> D: B lies on A->C and A->D (2 pairs), C on A->D and B->D (2 pairs).
    g = sym.build_graph(TOY, 1960, 2000)
    table = sym.centrality_table(g).set_index("node")
    assert table.loc["B", "betweenness_raw"] == pytest.approx(2.0)
    assert table.loc["C", "betweenness_raw"] == pytest.approx(2.0)
    assert table.loc["A", "betweenness_raw"] == 0
    # normalised by (n-1)(n-2) = 6 for a directed graph of 4 nodes
    assert table.loc["B", "betweenness"] == pytest.approx(2 / 6)
    assert table.loc["B", "in_degree"] == 1 and table.loc["B", "out_degree"] == 1 and table.loc["B", "degree"] == 2
    assert table.loc["B", "supplies"] == 2      # exchanges, not partners
    assert table.index[0] in ("B", "C")


def test_centrality_matches_networkx_on_star():
    g = nx.DiGraph([("hub", x) for x in "abc"] + [("s", "hub")])
    table = sym.centrality_table(g).set_index("node")
    assert table.loc["hub", "betweenness_raw"] == pytest.approx(3.0)   # s->a, s->b, s->c
    assert table.loc["hub", "out_degree"] == 3


def test_cumulative_exchanges_is_a_step_function():
    cum = sym.cumulative_exchanges(TOY, 1970, 1990, by="resource_type")
    assert set(cum["year"]) == set(range(1970, 1991))
    material = cum[cum["resource_type"] == "material"].set_index("year")
    assert material.loc[1979, "cumulative"] == 0
    assert material.loc[1980, "cumulative"] == 1 and material.loc[1980, "new"] == 1
    assert material.loc[1990, "cumulative"] == 2
    total_1990 = cum[cum["year"] == 1990]["cumulative"].sum()
    assert total_1990 == 4        # the undated exchange is never counted
    late = sym.cumulative_exchanges(TOY, 1981, 1990)
    assert late[late["year"] == 1990]["cumulative"].sum() == 2   # 1985 water + 1990 gypsum


def test_kalundborg_resource():
    ex = sym.symbiosis_exchanges(data.load("kalundborg_symbiosis"))
    g = sym.build_graph(ex, 1950, 2024)
    assert ex["start_year"].isna().sum() == 1
    # 18 dated rows, by hand: 14 to 1993 form 12 distinct pairs, the 1995 drain water joins the refinery -> power station
    # pair (cooling water 1987, technical water 1991), the 1995 waste water and the 2000 ATS and 2018 biogas
    # links add three pairs: 15 edges
    assert g.number_of_edges() == 15
    assert g.edges[sym.REFINERY, "Asnæs power station"]["exchanges"] == 3
    assert g.has_edge("Novo Nordisk", "Municipal wastewater plant") and g.has_edge("Novo Nordisk", "Biogas plant")
    table = sym.centrality_table(g).set_index("node")
    assert table["betweenness"].idxmax() == "Asnæs power station"
    assert table.loc["Asnæs power station", "out_degree"] == 6
    assert table.loc["Lake Tissø", "in_degree"] == 0
    shells = sym.kalundborg_shells(g)
    assert sorted(n for s in shells for n in s) == sorted(g.nodes)


def test_growth_window_ends_with_the_chronology():
    assert sym.growth_window(1960, 2024) == (1960, sym.CHRONOLOGY_END)
    assert sym.growth_window(1960, 1985) == (1960, 1985)
    with pytest.raises(ValueError, match="start_year = 2005"):
        sym.growth_window(2005, 2024)


def test_complex_types_add_up_and_reject_bad_totals():
    frame = data.load("official_industrial_complexes")
    types = sym.complex_types(frame)
    assert types.groupby("year")["complexes"].sum().to_dict() == {2013: 1033, 2024: 1330}
    bad = frame.copy()
    bad.loc[(bad["item"] == "complexes_total") & (bad["year"] == 2013), "value"] = 1000.0
    with pytest.raises(ValueError):
        sym.complex_types(bad)


def test_complex_indicators_do_not_interpolate():
    ind = sym.complex_indicators(data.load("official_industrial_complexes"))
    assert sorted(ind[ind["item"] == "employment_total"]["year"]) == [2017, 2022]
    assert ind.loc[ind["item"] == "employment_total", "value"].max() == pytest.approx(2292.0)
    assert not ind["source_note"].eq("same").any()
    c = sym.change(ind, "tenant_firms_total")
    assert (c["first_year"], c["last_year"]) == (2013, 2022)
    assert c["pct_change"] == pytest.approx(119281 / 80547 - 1)


def test_host_codes_exist_in_both_census_years():
    profile = data.load("sigungu_profile")
    for year in (2015, 2020):
        codes = set(profile[profile["year"] == year]["sigungu_code"])
        for site in sym.HOST_SITES:
            for code in site.sigungu_codes:
                assert code in codes, (site.key, code, year)
                assert code[:2] == site.sido_code


def test_programme_sites_and_host_lq():
    programmes = data.load("korea_cluster_programs")
    sites = sym.programme_sites(programmes)
    pilots = sites[sites["stage"] == "innovation cluster, pilot"]
    assert len(pilots) == 7
    assert len(sites[sites["stage"] == "EIP, phase 1 pilot"]) == 5
    assert len(sites[sites["stage"] == "EIP, phase 2 hub"]) == 8
    grdp = data.load("sigungu_grdp_industry")
    host = sym.host_specialisation(grdp, data.load("sigungu_profile"), sites, "C").set_index("sigungu_code")
    # hand computation for Gumi 2020: (x_ij/x_i)/(X_j/X)
    g = grdp[grdp["year"] == 2020]
    x_i = g[g["sigungu_code"] == "37050"]["gva_million_krw"].sum()
    x_ij = g[(g["sigungu_code"] == "37050") & (g["industry_code"] == "C")]["gva_million_krw"].sum()
    X_j = g[g["industry_code"] == "C"]["gva_million_krw"].sum()
    X = g["gva_million_krw"].sum()
    assert host.loc["37050", "lq_2020"] == pytest.approx((x_ij / x_i) / (X_j / X))
    assert host.loc["31090", "programmes"] == "both"
    assert host.loc["36020", "programmes"] == "EIP only"
    assert host.loc["37050", "programmes"] == "innovation cluster only"


def test_programme_family():
    fam = sym.programme_family(pd.Series(["EIP pilot, phase 1", "Innovation city", "R&D special zone", "xyz"]))
    assert fam.str.split(" ").str[0].tolist() == ["Eco-industrial", "Innovation", "R&D", "Other"]
