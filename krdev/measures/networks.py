"""Two-mode (bipartite) networks of local governments and the international networks they join.

A membership table (one row per government × network) is a two-mode network: governments are
tied to networks, never directly to each other. Breiger (1974) showed that such a "duality of
persons and groups" yields two one-mode networks by projection: two governments are tied if they
share at least one network, and the tie's weight is the number of networks they share
(:cite:`breiger1974`). Centrality follows Freeman (1978) for degree and betweenness
(:cite:`freeman1978`) and Newman (2010, ch. 7) for eigenvector centrality (:cite:`newman2010`);
the graphs are NetworkX graphs (:cite:`hagberg2008`).

Node ids are strings: ``"g:<code>"`` for a government (its KOSTAT code, with a city that KOSTAT
splits into non-autonomous 구 — written ``3101*`` in the data — mapped to its city code ``31010``),
``"n:<short name>"`` for a network.
"""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd

GOV, NET = "government", "network"


def short_network_name(name: str) -> str:
    """A short label for a network: its acronym where the name starts with one.

    >>> short_network_name("NEAR (Association of North East Asia Regional Governments)")
    'NEAR'
    >>> short_network_name("UCLG / UCLG ASPAC")
    'UCLG'
    >>> short_network_name("CityNet (Regional Network of Local Authorities for the Management of Human Settlements)")
    'CityNet'
    """
    head = name.split(" (")[0].split(" - ")[0].split(" / ")[0].strip()
    first = head.split()[0]
    if re.fullmatch(r"[A-Z0-9]{2,}", first):
        return first
    if head.startswith("Korea-Japan Strait"):
        return "Korea-Japan Strait governors"
    return head


def government_code(code: str) -> str:
    """Normalise a KOSTAT 2018 code: ``"3101*"`` (a city split into 구) becomes the city code ``"31010"``.

    >>> government_code("3101*"), government_code("37100"), government_code("11")
    ('31010', '37100', '11')
    """
    code = str(code)
    return code[:-1] + "0" if code.endswith("*") else code


def membership_edges(memberships: pd.DataFrame, *, network: str = "all", level: str = "all",
                     start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The membership rows selected by network, level and join year, with node ids and labels.

    ``network`` is "all" or a case-insensitive substring of the network's full name; ``level`` is
    "all", "sido" or "sigungu". The year window applies to rows *with* a join year (joined on or
    before ``end_year`` and, if given, on or after ``start_year``); rows without a join year are
    kept and flagged ``dated=False`` so that callers can report them instead of dropping them.
    """
    frame = memberships.copy()
    if network != "all":
        frame = frame[frame["network"].str.contains(network, case=False, regex=False)]
    if level != "all":
        frame = frame[frame["level"] == level]
    frame = frame.assign(
        network_short=frame["network"].map(short_network_name),
        code=frame["kostat2018_code"].map(government_code),
        dated=frame["join_year"].notna(),
    )
    if start_year is not None:
        frame = frame[~frame["dated"] | (frame["join_year"] >= start_year)]
    if end_year is not None:
        frame = frame[~frame["dated"] | (frame["join_year"] <= end_year)]
    frame["gov_node"] = "g:" + frame["code"].astype(str)
    frame["net_node"] = "n:" + frame["network_short"].astype(str)
    return frame.reset_index(drop=True)


def check_network(memberships: pd.DataFrame, network: str) -> None:
    """Raise :class:`~krdev.errors.ParameterError` if ``network`` matches no network name."""
    from krdev.errors import ParameterError

    if network == "all":
        return
    names = sorted(memberships["network"].unique())
    if not any(network.casefold() in n.casefold() for n in names):
        short = sorted({short_network_name(n) for n in names})
        raise ParameterError(f"parameter 'network' = {network!r} matches no network; use 'all' or part of a name: {short}")


def bipartite_graph(edges: pd.DataFrame, names: dict | None = None) -> nx.Graph:
    """The two-mode graph of :func:`membership_edges` rows (governments ``bipartite=0``, networks ``=1``).

    ``names`` maps government codes to display labels (e.g. English names); the Korean name is
    kept as ``name_ko``. Every node gets ``degree`` (memberships of a government, Korean members of
    a network). Nodes are added in sorted order so that seeded layouts are reproducible.
    """
    names = names or {}
    graph = nx.Graph()
    govs = edges.drop_duplicates("gov_node").set_index("gov_node")
    for node in sorted(govs.index):
        row = govs.loc[node]
        code = str(row["code"])
        graph.add_node(node, bipartite=0, kind=GOV, label=names.get(code, str(row["local_gov_ko"])),
                       name_ko=str(row["local_gov_ko"]), level=str(row["level"]), code=code)
    for node in sorted(edges["net_node"].unique()):
        graph.add_node(node, bipartite=1, kind=NET, label=node[2:], name_ko="", level="network", code="")
    for row in edges.sort_values(["gov_node", "net_node"]).itertuples():
        year = None if pd.isna(row.join_year) else int(row.join_year)
        graph.add_edge(row.gov_node, row.net_node, join_year=year)
    nx.set_node_attributes(graph, dict(graph.degree()), "degree")
    return graph


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """Sorted nodes of one kind (``"government"`` or ``"network"``)."""
    return sorted(n for n, d in graph.nodes(data=True) if d["kind"] == kind)


def projection(graph: nx.Graph, kind: str = GOV) -> nx.Graph:
    """Weighted one-mode projection onto ``kind`` (Breiger 1974).

    Two nodes are tied if they share at least one neighbour in the other mode; the edge attribute
    ``weight`` counts the shared neighbours (shared networks, or shared member governments).
    Node attributes are copied from the two-mode graph.
    """
    keep = nodes_of(graph, kind)
    projected = nx.bipartite.weighted_projected_graph(graph, keep)
    out = nx.Graph()
    out.add_nodes_from((n, graph.nodes[n]) for n in keep)
    out.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in projected.edges(data=True)))
    return out


def eigenvector_centrality(graph: nx.Graph, weight: str | None = "weight") -> dict:
    """Eigenvector centrality computed component by component (Newman 2010, sec. 7.2).

    On a disconnected graph the leading eigenvector is concentrated on one component and gives
    zero to all others, which says nothing about the others' internal structure. Here each
    component of two or more nodes gets its own leading eigenvector, scaled so that its largest
    value is 1; isolated nodes get 0. Values are therefore comparable *within* a component only.
    """
    result = {}
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if sub.number_of_nodes() < 2:
            result.update({n: 0.0 for n in sub})
            continue
        nodes = sorted(sub.nodes)
        adjacency = nx.to_numpy_array(sub, nodelist=nodes, weight=weight)
        eigenvalues, eigenvectors = np.linalg.eigh(adjacency)   # symmetric: real, ascending
        leading = np.abs(eigenvectors[:, int(np.argmax(eigenvalues))])
        top = leading.max() or 1.0
        result.update({n: float(v / top) for n, v in zip(nodes, leading)})
    return result


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    """One row per government: memberships, and centralities in the government projection.

    Columns: ``memberships`` (degree in the two-mode graph), ``partners`` (degree in the
    projection: governments sharing at least one network), ``shared_ties`` (weighted degree =
    sum of shared networks over partners), ``betweenness`` (Freeman 1978, normalised, on the
    unweighted projection), ``eigenvector`` (per component, see :func:`eigenvector_centrality`)
    and ``component`` (an integer id, 0 = the largest component).
    """
    govs = nodes_of(graph, GOV)
    proj = projection(graph, GOV)
    betweenness = nx.betweenness_centrality(proj, normalized=True)
    eigen = eigenvector_centrality(proj)
    components = sorted(nx.connected_components(proj), key=lambda c: (-len(c), min(c)))
    comp_id = {n: i for i, comp in enumerate(components) for n in comp}
    rows = []
    for node in govs:
        data = graph.nodes[node]
        rows.append({
            "node": node, "code": data["code"], "government": data["label"], "name_ko": data["name_ko"],
            "level": data["level"],
            "memberships": graph.degree(node),
            "networks": ", ".join(sorted(graph.nodes[m]["label"] for m in graph.neighbors(node))),
            "partners": proj.degree(node), "shared_ties": proj.degree(node, weight="weight"),
            "betweenness": betweenness[node], "eigenvector": eigen[node], "component": comp_id[node],
        })
    return pd.DataFrame(rows).sort_values(["memberships", "shared_ties", "code"], ascending=[False, False, True],
                                           ignore_index=True)


def network_table(graph: nx.Graph) -> pd.DataFrame:
    """One row per network: Korean members in the graph and networks sharing members with it."""
    proj = projection(graph, NET)
    rows = [{"network": graph.nodes[n]["label"], "korean_members": graph.degree(n),
             "overlapping_networks": proj.degree(n), "shared_members": proj.degree(n, weight="weight")}
            for n in nodes_of(graph, NET)]
    return pd.DataFrame(rows).sort_values(["korean_members", "network"], ascending=[False, True], ignore_index=True)


def cumulative_memberships(edges: pd.DataFrame, start_year: int, end_year: int,
                           by: str = "network_short") -> pd.DataFrame:
    """Cumulative number of dated memberships by year and ``by`` group, in long form.

    Only rows with a join year enter the series (a membership of unknown date cannot be placed in
    time); count them with ``(~edges.dated).sum()`` and report them. The result has one row per
    year in ``start_year..end_year`` and group, with ``joined`` (that year) and ``cumulative``.
    """
    dated = edges[edges["dated"]]
    groups = sorted(dated[by].unique())
    years = range(start_year, end_year + 1)
    counts = dated.groupby([by, "join_year"]).size()
    rows = []
    for group in groups:
        before = int(dated[(dated[by] == group) & (dated["join_year"] < start_year)].shape[0])
        running = before
        for year in years:
            joined = int(counts.get((group, year), 0))
            running += joined
            rows.append({by: group, "year": year, "joined": joined, "cumulative": running})
    return pd.DataFrame(rows, columns=[by, "year", "joined", "cumulative"])




def near_growth(seed_figures: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """NEAR's size as printed by Noh (c. 2010) and its Korean members by join year, in long form.

    Seed rows: ``net_near_founding_members`` (1996) and ``net_near_members_2006`` (all member
    regions, four to six countries). Membership rows: cumulative Korean 시도 members of NEAR in each
    year from the first to the last join year. Columns: ``year``, ``series``, ``members``, ``source``.
    """
    seed = seed_figures.set_index("figure_id")
    rows = [{"year": int(seed.loc[f, "year"]), "series": "all member regions (Noh)", "members": int(seed.loc[f, "value"]),
             "source": f} for f in ("net_near_founding_members", "net_near_members_2006")]
    near = edges[(edges["network_short"] == "NEAR") & edges["dated"]]
    if len(near):
        years = range(int(near["join_year"].min()), int(near["join_year"].max()) + 1)
        for year in years:
            rows.append({"year": year, "series": "Korean members (membership data)",
                         "members": int((near["join_year"] <= year).sum()), "source": "network_memberships"})
    return pd.DataFrame(rows)


def stage_examples(stages: pd.DataFrame) -> pd.DataFrame:
    """The seed's networking-stage table in long form: one row per named example.

    ``korean_examples`` holds examples separated by "; ", each optionally tagged "[domestic]" or
    "[international]" (the compiler's reading of the flattened table). An untagged example gets
    ``scope`` = ``None``: the seed's table does not show its column, and a caller should say so in a
    note rather than print a placeholder. Columns: ``stage``, ``stage_name``, ``example``, ``scope``.
    """
    rows = []
    for st in stages.sort_values("stage").itertuples():
        for item in str(st.korean_examples).split("; "):
            match = re.search(r"\s*\[(domestic|international)\]\s*$", item)
            scope = match.group(1) if match else None
            rows.append({"stage": int(st.stage), "stage_name": f"{st.name_en} ({st.name_ko})",
                         "example": item[: match.start()] if match else item, "scope": scope})
    return pd.DataFrame(rows)
