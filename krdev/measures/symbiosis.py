"""Industrial complexes, cluster programmes and industrial symbiosis.

Three groups of functions serve the chapter *Industrial complexes, cluster programmes and industrial
symbiosis* (``notebooks/complexes-symbiosis.ipynb``):

1. **Industrial-complex aggregates** (:func:`complex_indicators`, :func:`complex_types`): the KICOX
   totals, reshaped without interpolation (a year is shown only if a release reports it).
2. **Programme sites and their host 시군구** (:data:`HOST_SITES`, :func:`programme_family`,
   :func:`programme_sites`, :func:`host_specialisation`): the innovation-cluster pilots and the
   eco-industrial-park (EIP) sites, located in the 시군구 that host them, and the location quotient
   of those 시군구 (Isard 1960), computed with :func:`krdev.measures.specialisation.location_quotient`.
3. **Industrial symbiosis as a directed network** (:func:`symbiosis_exchanges`, :func:`build_graph`,
   :func:`cumulative_exchanges`, :func:`centrality_table`): who passes water, energy or by-products
   to whom at Kalundborg, with degree and betweenness centrality (Freeman 1978; Newman 2010),
   computed with NetworkX (Hagberg, Schult & Swart 2008). Chertow (2000) defines industrial symbiosis
   as the physical exchange of materials, energy, water and by-products among separate entities;
   Ehrenfeld & Gertler (1997) and Chertow (2007) stress that the Kalundborg links grew bilateral deal
   by bilateral deal rather than from a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from krdev.measures import specialisation

# ------------------------------------------------------------------------------ 1. complex aggregates

#: KICOX aggregate items, in display order: item -> (English label, unit label).
COMPLEX_ITEMS = {
    "complexes_total": ("Industrial complexes", "count"),
    "designated_area_total": ("Designated area", "km²"),
    "tenant_firms_total": ("Tenant firms", "count"),
    "employment_total": ("Employment", "thousand persons"),
    "production_total": ("Production (nominal)", "trillion KRW"),
    "exports_total": ("Exports", "billion USD"),
}

_TYPE_PATTERN = re.compile(
    r"national\s+(\d+),\s*general\s+(\d+),\s*urban high-tech\s+(\d+),\s*agro-industrial\s+(\d+)", re.I
)
#: Complex types in the order KICOX lists them, with the Korean name.
COMPLEX_TYPES = [("national", "국가산업단지"), ("general", "일반산업단지"),
                 ("urban high-tech", "도시첨단산업단지"), ("agro-industrial", "농공단지")]


def complex_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """The KICOX totals as a long table: one row per (indicator, year) actually reported.

    ``frame`` is the ``official_industrial_complexes`` resource. Employment is rescaled to thousand
    persons. Years that no release reports are *absent*, not interpolated. Returns columns
    ``item, indicator, unit, year, value, source_note, url``.
    """
    rows = frame[frame["item"].isin(COMPLEX_ITEMS)].copy()
    rows["indicator"] = rows["item"].map(lambda i: COMPLEX_ITEMS[i][0])
    rows["unit"] = rows["item"].map(lambda i: COMPLEX_ITEMS[i][1])
    emp = rows["item"] == "employment_total"
    rows.loc[emp, "value"] = rows.loc[emp, "value"] / 1000
    # "same" in source_note means: the release named in the row above for that year.
    notes = frame.set_index(["year", "item"])["source_note"]
    first_note = {y: notes.loc[y].iloc[0] for y in frame["year"].unique()}
    rows["source_note"] = [first_note[y] if n == "same" else n for y, n in zip(rows["year"], rows["source_note"])]
    rows["order"] = rows["item"].map(list(COMPLEX_ITEMS).index)
    rows = rows.sort_values(["order", "year"]).drop(columns="order")
    return rows[["item", "indicator", "unit", "year", "value", "source_note", "url"]].reset_index(drop=True)


def indicator_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """Wide table (indicator × year) of :func:`complex_indicators`; empty cells = not reported."""
    wide = indicators.assign(label=indicators["indicator"] + " (" + indicators["unit"] + ")").pivot(
        index="label", columns="year", values="value")
    order = [f"{lab} ({unit})" for lab, unit in COMPLEX_ITEMS.values()]
    return wide.reindex([o for o in order if o in wide.index])


#: Units whose values are whole numbers in the indicator table (counts; employment in thousands).
INTEGER_UNITS = ("count", "thousand persons")


def indicator_styler(indicators: pd.DataFrame):
    """:func:`indicator_table` formatted for display: counts (and any row of whole numbers) as integers
    with thousands separators, other rows with one decimal, years as column labels and "—" where no
    release reports a figure."""
    table = indicator_table(indicators)
    table.columns = [int(c) for c in table.columns]
    table = table.rename_axis(index="indicator (unit)", columns=None)
    whole = table.apply(lambda row: bool((row.dropna() % 1 == 0).all()), axis=1)
    integer_rows = [label for label in table.index
                    if label.endswith(tuple(f"({u})" for u in INTEGER_UNITS)) or whole[label]]
    other_rows = [label for label in table.index if label not in integer_rows]
    style = table.style.format("{:,.0f}", na_rep="—", subset=pd.IndexSlice[integer_rows, :])
    return style.format("{:,.1f}", na_rep="—", subset=pd.IndexSlice[other_rows, :])


def change(indicators: pd.DataFrame, item: str) -> dict:
    """First and last reported values of ``item`` and the change between them (no interpolation)."""
    rows = indicators[indicators["item"] == item].sort_values("year")
    if len(rows) < 2:
        raise ValueError(f"{item!r} is reported for fewer than two years")
    first, last = rows.iloc[0], rows.iloc[-1]
    return {"first_year": int(first.year), "last_year": int(last.year), "first": float(first.value),
            "last": float(last.value), "pct_change": float(last.value / first.value - 1)}


def complex_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Complexes by type (national / general / urban high-tech / agro-industrial) where a release gives them.

    The breakdown is printed in the ``source_note`` of the ``complexes_total`` rows; the function parses
    it and checks that the four types add up to the reported total (``ValueError`` otherwise).
    """
    out = []
    for _, row in frame[frame["item"] == "complexes_total"].iterrows():
        m = _TYPE_PATTERN.search(str(row["source_note"]))
        if not m:
            continue
        counts = [int(g) for g in m.groups()]
        if sum(counts) != int(row["value"]):
            raise ValueError(f"types add up to {sum(counts)}, not the reported {int(row['value'])} ({row['year']})")
        for (name_en, name_ko), n in zip(COMPLEX_TYPES, counts):
            out.append({"year": int(row["year"]), "type": name_en, "type_ko": name_ko, "complexes": n,
                        "share": n / int(row["value"])})
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------ 2. programme sites


@dataclass(frozen=True)
class HostSite:
    """A programme complex and the 시군구 (SGIS 2015/2020 codes) that host it."""

    key: str
    name_en: str
    name_ko: str
    sido_code: str            # KOSTAT 시도 code
    sigungu_codes: tuple      # 5-digit SGIS codes, checked against ``sigungu_profile`` in the tests
    keyword: str              # matched (case-insensitively) in the ``site`` text of korea_cluster_programs
    note: str = ""


#: Site → host 시군구 lookup, compiled for this book. Complexes often straddle 시군구 borders; every
#: host 시군구 is listed. Codes are those of the 2015 and 2020 census years (identical for these units).
HOST_SITES = (
    HostSite("changwon", "Changwon national complex", "창원국가산업단지", "38", ("38110",), "Changwon"),
    HostSite("gumi", "Gumi national complex", "구미국가산업단지", "37", ("37050",), "Gumi"),
    HostSite("ulsan", "Ulsan-Mipo and Onsan national complexes", "울산·미포, 온산국가산업단지", "26",
             ("26020", "26030", "26040", "26310"), "Ulsan",
             "Ulsan-Mipo lies in Nam-gu, Dong-gu and Buk-gu; Onsan in Ulju-gun (Ulsan city safety page, KICOX Dec 2020 figures)."),
    HostSite("banwol_sihwa", "Banwol-Sihwa national complexes", "반월·시화국가산업단지", "31", ("31090", "31150"), "Banwol",
             "Banwol in Ansan-si, Sihwa in Siheung-si (and Ansan)."),
    HostSite("gwangju", "Gwangju Cheomdan science-industrial complex", "광주첨단과학산업단지", "24", ("24040", "24050"),
             "Gwangju", "Straddles Buk-gu (Oryong-dong, Daechon-dong) and Gwangsan-gu."),
    HostSite("wonju", "Wonju medical-device complex", "원주 의료기기 산업단지", "32", ("32020",), "Wonju"),
    HostSite("gunsan", "Gunsan / Gunjang national complexes", "군산·군장국가산업단지", "35", ("35020",), "Gunsan",
             "Gunjang also reaches Seocheon-gun (Chungcheongnam-do), not counted here."),
    HostSite("namdong", "Namdong complex", "남동산업단지", "23", ("23050",), "Namdong"),
    HostSite("myeongji_noksan", "Myeongji-Noksan complexes", "명지·녹산산업단지", "21", ("21120",), "Myeongji"),
    HostSite("seongseo", "Seongseo complex", "성서산업단지", "22", ("22070",), "Seongseo"),
    HostSite("daebul", "Daebul national complex", "대불국가산업단지", "36", ("36410",), "Daebul"),
    HostSite("ochang", "Ochang science complex", "오창과학산업단지", "33", ("33040",), "Ochang",
             "Ochang belonged to Cheongwon-gun until the 2014 merger into Cheongju-si."),
    HostSite("pohang", "Pohang steel national complex", "포항철강국가산업단지", "37", ("37010",), "Pohang"),
    HostSite("yeosu", "Yeosu national complex", "여수국가산업단지", "36", ("36020",), "Yeosu"),
    HostSite("cheongju", "Cheongju complex", "청주일반산업단지", "33", ("33040",), "Cheongju"),
)

#: Short display names of the complexes (tables and prose).
SHORT_NAMES = {"changwon": "Changwon", "gumi": "Gumi", "ulsan": "Ulsan-Mipo & Onsan", "banwol_sihwa": "Banwol-Sihwa",
               "gwangju": "Gwangju Cheomdan", "wonju": "Wonju", "gunsan": "Gunsan-Gunjang", "namdong": "Namdong",
               "myeongji_noksan": "Myeongji-Noksan", "seongseo": "Seongseo", "daebul": "Daebul", "ochang": "Ochang",
               "pohang": "Pohang", "yeosu": "Yeosu", "cheongju": "Cheongju"}

#: Programme families of ``korea_cluster_programs``: (family, regular expression on ``programme``).
PROGRAMME_FAMILIES = (
    ("Innovation cluster (산업단지 혁신클러스터)", r"innovation cluster|cluster programme"),
    ("Eco-industrial park (생태산업단지)", r"\bEIP\b|eco-industrial"),
    ("Innovation city (혁신도시)", r"innovation cit"),
    ("Enterprise city (기업도시)", r"enterprise city"),
    ("R&D special zone (연구개발특구)", r"R&D special zone"),
)


def programme_family(programme: pd.Series) -> pd.Series:
    """Family of each programme name (first matching pattern of :data:`PROGRAMME_FAMILIES`)."""
    def one(text):
        for family, pattern in PROGRAMME_FAMILIES:
            if re.search(pattern, str(text), re.I):
                return family
        return "Other"
    return programme.map(one)


def programme_timeline(programmes: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Programme rounds by family and start year, with the number of site rows, within the window."""
    df = programmes.assign(family=programme_family(programmes["programme"]))
    df = df[df["start_year"].between(start_year, end_year)]
    out = (df.groupby(["family", "start_year", "programme"], as_index=False)
             .agg(rows=("site", "size"), sites=("site", lambda s: "; ".join(s))))
    out["start_year"] = out["start_year"].astype(int)
    return out.sort_values(["start_year", "family"]).reset_index(drop=True)


def _site_for(text: str):
    for site in HOST_SITES:
        if site.keyword.lower() in str(text).lower():
            return site
    return None


def programme_sites(programmes: pd.DataFrame) -> pd.DataFrame:
    """One row per (programme round, complex) for the innovation-cluster pilots/expansion and the EIP sites.

    Aggregate rows (all 7 pilots, the 193-complex reorganisation) are skipped; the EIP phase-2 row, which
    lists its eight hubs in one cell, is split into its hubs. Each complex is joined to :data:`HOST_SITES`.
    """
    df = programmes.assign(family=programme_family(programmes["programme"]))
    df = df[df["family"].str.startswith(("Innovation cluster", "Eco-industrial"))]
    rows = []
    for _, r in df.iterrows():
        text = str(r["site"])
        if text.startswith("all ") or re.match(r"\d+ hub complexes", text):
            continue
        parts = text.split(":", 1)[1].split(",") if re.match(r"\d+ hubs:", text) else [text]
        for part in parts:
            site = _site_for(part)
            if site is None:
                raise ValueError(f"no host 시군구 recorded for programme site {part.strip()!r}")
            if r["family"].startswith("Innovation"):
                stage = "innovation cluster, pilot" if "pilot" in r["programme"].lower() else "innovation cluster, 2nd round"
            else:
                stage = "EIP, phase 2 hub" if "phase 2" in r["programme"] else "EIP, phase 1 pilot"
            rows.append({"site_key": site.key, "complex": site.name_en, "short": SHORT_NAMES[site.key],
                         "complex_ko": site.name_ko,
                         "sido_code": site.sido_code, "stage": stage, "start_year": int(r["start_year"]),
                         "detail": r["count_or_size"]})
    return pd.DataFrame(rows)


def sites_by_sido(sites: pd.DataFrame, sido_names: dict) -> pd.DataFrame:
    """Table: for each 시도, the complexes (short names) in each programme stage, pilots first."""
    stages = ["innovation cluster, pilot", "innovation cluster, 2nd round", "EIP, phase 1 pilot", "EIP, phase 2 hub"]
    s = sites.assign(sido=sites["sido_code"].map(sido_names))
    t = s.groupby(["sido", "stage"])["short"].apply(lambda x: ", ".join(sorted(set(x)))).unstack("stage")
    t = t.reindex(columns=[c for c in stages if c in t.columns]).fillna("")
    t["complexes"] = s.groupby("sido")["site_key"].nunique()
    return t.sort_values(["complexes", "sido"], ascending=[False, True]).rename_axis(columns=None)


def host_specialisation(grdp_industry: pd.DataFrame, profile: pd.DataFrame, sites: pd.DataFrame,
                        industry: str = "C", years=(2015, 2020)) -> pd.DataFrame:
    """Location quotient of ``industry`` in every 시군구 hosting a programme complex, for ``years``.

    LQ_ij = (x_ij/x_i)/(X_j/X) (Isard 1960) via :mod:`krdev.measures.specialisation`; the reference
    economy is all 시군구 of the year (national total). One row per host 시군구 with
    ``lq_<year>`` columns, the complexes it hosts and their programme stages; ``share_<year>`` is the
    industry's share of the 시군구's gross value added.
    """
    keys = set(sites["site_key"])
    host = [(c, s) for s in HOST_SITES if s.key in keys for c in s.sigungu_codes]
    hosts = pd.DataFrame(host, columns=["sigungu_code", "site"])
    hosts["complex"] = hosts["site"].map(lambda s: s.name_en)
    stages = sites.groupby("site_key")["stage"].apply(lambda s: sorted(set(s)))
    hosts["stages"] = hosts["site"].map(lambda s: stages[s.key])
    out = hosts.groupby("sigungu_code").agg(
        complexes=("complex", lambda s: "; ".join(sorted(set(s)))),
        stages=("stages", lambda s: sorted({x for lst in s for x in lst}))).reset_index()
    out["programmes"] = out["stages"].map(
        lambda st: "both" if any(x.startswith("EIP") for x in st) and any(x.startswith("innovation") for x in st)
        else ("EIP only" if any(x.startswith("EIP") for x in st) else "innovation cluster only"))
    out["stages"] = out["stages"].map("; ".join)
    for year in years:
        g = grdp_industry[grdp_industry["year"] == year]
        if g.empty:
            raise ValueError(f"no 시군구 GRDP by industry for {year}")
        lq = lq_all(grdp_industry, year, industry)
        share = (g[g["industry_code"] == industry].set_index("sigungu_code")["gva_million_krw"]
                 / g.groupby("sigungu_code")["gva_million_krw"].sum())
        out[f"lq_{year}"] = out["sigungu_code"].map(lq)
        out[f"share_{year}"] = out["sigungu_code"].map(share)
    names = profile.drop_duplicates("sigungu_code", keep="last").set_index("sigungu_code")
    out["sigungu"] = out["sigungu_code"].map(names["sigungu_name_en"])
    out["sido_code"] = out["sigungu_code"].map(names["sido_code"])
    missing = out[out["sigungu"].isna()]["sigungu_code"].tolist()
    if missing:
        raise ValueError(f"host 시군구 codes not in sigungu_profile: {missing}")
    return out


# ------------------------------------------------------------------------------ 3. symbiosis network

#: Kalundborg partner names as recorded (several spellings, ownership changes) -> one node name.
#: The refinery passed from Tidewater to Esso (1963) and Statoil (1987), which was renamed Equinor in 2018;
#: Novozymes was split from Novo Nordisk in 2000; the three farm receivers are merged into one agricultural node.
REFINERY = "Refinery (Statoil, now Equinor)"
PARTNER_ALIASES = {
    r"^Lake Tiss": "Lake Tissø",
    r"refinery \(Tidewater|^Statoil refinery": REFINERY,
    r"^Asnaes": "Asnæs power station",
    r"^Novo Nordisk": "Novo Nordisk",
    r"^Gyproc": "Gyproc plasterboard",
    r"^Cement industry": "Cement & roads",
    r"^Fish farm": "Fish farm",
    r"district heating": "District heating",
    r"farms|^Agriculture": "Farms",
    r"^Kemira": "Kemira (Fredericia)",
    r"wastewater treatment": "Municipal wastewater plant",
    r"Soilrem|Bioteknisk": "Soilrem",
    r"^Biogas plant": "Biogas plant",
}

#: Last year of the systematic chronology of the exchanges: Saikku's (2006) diagram of the symbiosis "in 2000"
#: (reproduced in El-Haggar 2007, fig. 3.3), which extends the National Academy Press chronology (Grann 1997).
#: Later exchanges are recorded only where a source dates them, so counts after this year are incomplete and
#: a cumulative chart must end here rather than show a flat line (see :func:`growth_window`).
CHRONOLOGY_END = 2000

#: Resource type by keyword, checked in order: energy first (so "waste heat / warm cooling water" is
#: energy), then water, else a material by-product.
RESOURCE_RULES = (("energy", ("heat", "steam", "gas")), ("water", ("water", "effluent")))
RESOURCE_TYPES = ("water", "energy", "material")


def canonical_partner(name: str) -> str:
    """The node name for a partner as recorded; unknown names are returned unchanged."""
    for pattern, canonical in PARTNER_ALIASES.items():
        if re.search(pattern, str(name), re.I):
            return canonical
    return str(name)


def resource_type(resource: str) -> str:
    """Water, energy or material (by-product) for a resource description (Chertow 2000's three flows)."""
    text = str(resource).lower()
    for kind, words in RESOURCE_RULES:
        if any(w in text for w in words):
            return kind
    return "material"


def symbiosis_exchanges(frame: pd.DataFrame) -> pd.DataFrame:
    """The exchanges with canonical partner names and a resource type; ``start_year`` may be missing."""
    out = pd.DataFrame({
        "source": frame["from_partner"].map(canonical_partner),
        "target": frame["to_partner"].map(canonical_partner),
        "resource": frame["resource"].astype(str),
        "resource_type": frame["resource"].map(resource_type),
        "start_year": frame["start_year"].astype("Int64"),
    })
    return out.sort_values(["start_year", "source", "target"], na_position="last").reset_index(drop=True)


def build_graph(exchanges: pd.DataFrame, start_year: int | None = None, end_year: int | None = None) -> nx.DiGraph:
    """Directed graph of exchanges that started within [start_year, end_year].

    Without a window every exchange is kept, including undated ones; with a window, undated exchanges are
    left out. Parallel exchanges between the same supplier and receiver are merged into one edge with
    attributes ``exchanges`` (count), ``resources`` ("; "-joined), ``resource_type`` (the type of the
    earliest exchange, or "mixed") and ``start_year`` (earliest). Nodes get ``first_year`` (their first
    exchange), ``supplies`` and ``receives`` (exchange counts).
    """
    df = exchanges
    if start_year is not None or end_year is not None:
        lo = start_year if start_year is not None else -10**6
        hi = end_year if end_year is not None else 10**6
        df = df[df["start_year"].notna() & df["start_year"].between(lo, hi)]
    g = nx.DiGraph()
    for (u, v), grp in df.groupby(["source", "target"], sort=True):
        grp = grp.sort_values("start_year", na_position="last")
        types = sorted(set(grp["resource_type"]))
        years = grp["start_year"].dropna()
        g.add_edge(u, v, exchanges=len(grp), resources="; ".join(grp["resource"]),
                   resource_type=types[0] if len(types) == 1 else "mixed",
                   start_year=int(years.min()) if len(years) else None)
    for n in g.nodes:
        rows = df[(df["source"] == n) | (df["target"] == n)]["start_year"].dropna()
        g.nodes[n]["first_year"] = int(rows.min()) if len(rows) else None
        g.nodes[n]["supplies"] = int((df["source"] == n).sum())
        g.nodes[n]["receives"] = int((df["target"] == n).sum())
    return g


def cumulative_exchanges(exchanges: pd.DataFrame, start_year: int, end_year: int,
                         by: str = "resource_type") -> pd.DataFrame:
    """Number of exchanges begun by each year (a step function), by ``by``, for every year in the window.

    ``cumulative`` in year t counts exchanges with start_year in [start_year, t]; ``new`` those starting in
    t. Exchanges are counted as they began: the data hold no end dates, so this is the growth of links
    ever established, not of links still running. Undated exchanges are left out.
    """
    df = exchanges[exchanges["start_year"].notna() & exchanges["start_year"].between(start_year, end_year)]
    groups = sorted(exchanges[by].unique()) if by else ["all"]
    years = range(start_year, end_year + 1)
    rows = []
    for grp in groups:
        sub = df[df[by] == grp] if by else df
        counts = sub["start_year"].value_counts()
        total = 0
        for y in years:
            new = int(counts.get(y, 0))
            total += new
            rows.append({"year": y, by or "group": grp, "new": new, "cumulative": total})
    return pd.DataFrame(rows)


def growth_window(start_year: int, end_year: int, last_year: int = CHRONOLOGY_END) -> tuple[int, int]:
    """The window of the cumulative-growth chart: the requested window, cut at the end of the systematic
    chronology (:data:`CHRONOLOGY_END`) so that the incomplete record after it does not show as a flat line.
    Raises ``ValueError`` (naming the parameter) if the window starts after the chronology ends."""
    if start_year > last_year:
        raise ValueError(f"start_year = {start_year} is after {last_year}, the last year of the systematic "
                         "chronology of the exchanges; choose a start year up to it")
    return start_year, min(end_year, last_year)


def centrality_table(graph: nx.DiGraph) -> pd.DataFrame:
    """Degree, in/out-degree and betweenness of every node, sorted by betweenness then degree.

    Degrees count distinct partners (merged edges), ``supplies``/``receives`` count exchanges. Betweenness
    is Freeman's (1978) directed shortest-path betweenness, normalised by (n-1)(n-2) as in NetworkX
    (Hagberg et al. 2008); ``betweenness_raw`` is the unnormalised sum of pair-dependencies.
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["node", "in_degree", "out_degree", "degree", "supplies", "receives",
                                     "betweenness", "betweenness_raw", "first_year"])
    bet = nx.betweenness_centrality(graph, normalized=True)
    raw = nx.betweenness_centrality(graph, normalized=False)
    rows = [{"node": n, "in_degree": graph.in_degree(n), "out_degree": graph.out_degree(n),
             "degree": graph.degree(n), "supplies": graph.nodes[n].get("supplies", graph.out_degree(n)),
             "receives": graph.nodes[n].get("receives", graph.in_degree(n)),
             "betweenness": bet[n], "betweenness_raw": raw[n], "first_year": graph.nodes[n].get("first_year")}
            for n in graph.nodes]
    return (pd.DataFrame(rows).sort_values(["betweenness", "degree", "node"], ascending=[False, False, True])
            .reset_index(drop=True))


def node_roles(graph: nx.DiGraph) -> dict:
    """Role of each node: "supplier only" (out-edges only), "receiver only" (in-edges only) or
    "hub (supplies and receives)"."""
    roles = {}
    for n in graph.nodes:
        i, o = graph.in_degree(n), graph.out_degree(n)
        roles[n] = "hub (supplies and receives)" if i and o else ("supplier only" if o else "receiver only")
    return roles


#: A readable shell layout for the Kalundborg graph: partners that both supply and receive (and the lake)
#: on the inner ring, receivers on the outer ring, ordered so that few edges cross. Used only for drawing.
KALUNDBORG_SHELLS = (
    ("Novo Nordisk", REFINERY, "Lake Tissø", "Asnæs power station"),
    ("Kemira (Fredericia)", "Gyproc plasterboard", "Fish farm", "Cement & roads", "District heating", "Farms",
     "Biogas plant", "Municipal wastewater plant", "Soilrem"),
)


def kalundborg_shells(graph: nx.Graph) -> list:
    """``nlist`` for :func:`krdev.charts.networks.layout` (method "shell"): :data:`KALUNDBORG_SHELLS`
    restricted to the graph's nodes; nodes not listed there go to the outer ring."""
    listed = {n for shell in KALUNDBORG_SHELLS for n in shell}
    inner = [n for n in KALUNDBORG_SHELLS[0] if n in graph]
    outer = [n for n in KALUNDBORG_SHELLS[1] if n in graph] + sorted(n for n in graph if n not in listed)
    return [shell for shell in (inner, outer) if shell]


def annotate(graph: nx.DiGraph) -> nx.DiGraph:
    """Copy of ``graph`` with node attributes for drawing: ``role`` (:func:`node_roles`), ``degree``,
    ``in_degree``, ``out_degree``, ``betweenness`` (normalised, 3 decimals) and ``start_year`` (= the
    node's first exchange, so a year slider reveals a partner when its first link starts)."""
    g = graph.copy()
    table = centrality_table(g).set_index("node")
    roles = node_roles(g)
    for n in g.nodes:
        g.nodes[n].update(role=roles[n], degree=int(table.loc[n, "degree"]),
                          in_degree=int(table.loc[n, "in_degree"]), out_degree=int(table.loc[n, "out_degree"]),
                          betweenness=round(float(table.loc[n, "betweenness"]), 3),
                          start_year=g.nodes[n].get("first_year"))
    return g


def lq_all(grdp_industry: pd.DataFrame, year: int, industry: str) -> pd.Series:
    """LQ of ``industry`` in every 시군구 in ``year`` (the reference distribution for the host 시군구)."""
    g = grdp_industry[grdp_industry["year"] == year]
    return specialisation.location_quotient(specialisation.gva_matrix(g), columns=[industry])[industry]
