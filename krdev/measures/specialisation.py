"""Regional specialisation and industrial localisation: location quotients, Krugman and Hoover indices.

All functions work on a *region × industry* matrix of gross value added (GVA) ``x`` whose rows are
regions ``i`` and whose columns are industries ``j``; :func:`gva_matrix` builds it from the long
``sigungu_grdp_industry`` table. Write ``x_i`` for a region's total, ``X_j`` for an industry's total
over all regions and ``X`` for the grand total. The "nation" is always the sum of the rows of the
matrix that is passed in, so the reference structure is computed from the same table as the
regions (for the 시군구 GRDP tables this excludes net taxes on products, which are not broken down
by industry, and in 2010 it excludes the four 시도 whose 시군구 GRDP was not published).

- Location quotient (Isard 1960, ch. 7): ``LQ_ij = (x_ij / x_i) / (X_j / X)``.
- Krugman (1991) dissimilarity (specialisation) index: ``K_i = Σ_j |x_ij/x_i − r_j|`` where ``r`` is
  the industry structure of the reference (the nation, or the rest of the nation); 0 for a region
  with the reference structure, 2 for one with no industry in common with it.
- Hoover (1936) coefficients: the coefficient of specialisation ``H_i = ½ Σ_j |x_ij/x_i − X_j/X|``
  (half of Krugman's index against the nation) and the coefficient of localisation of an industry
  ``L_j = ½ Σ_i |x_ij/X_j − x_i/X|``; both lie in [0, 1).
- Locational Gini of an industry (Krugman 1991, appendix D): Gini of the industry's regional
  shares against the regions' shares of all activity, regions ordered by LQ.

The cluster rule (:func:`cluster_candidates`) is the usual screening rule of cluster mapping
(Porter 1990, 2000): a region is a candidate for industry ``j`` if it is relatively specialised
(LQ at or above a threshold) *and* holds a non-trivial part of the industry (share of the national
industry total and absolute GVA at or above thresholds). It finds statistical concentrations only;
whether firms there form a cluster (linked firms, shared suppliers, institutions) is not in the data.

Missing cells (an industry not published for a region, mostly mining and utilities) count as zero;
the few small negative GVA values the source publishes are kept as published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from krdev import regions
from krdev.measures.shares import group_share

#: Industries counted as knowledge-intensive services in the book (see the ``industries`` resource).
KNOWLEDGE_INTENSIVE = ("J", "K", "M_N")

#: Short English names of the 16 industry groups of the 시군구 GRDP tables, for chart labels and
#: legends (the full KSIC names in ``industries.name_en`` are too long to print without cutting).
INDUSTRY_SHORT = {
    "A": "agriculture & fishing", "B": "mining", "C": "manufacturing", "D_E": "utilities & waste",
    "F": "construction", "G": "wholesale & retail", "H": "transport & storage", "I": "hotels & restaurants",
    "J": "information & communication", "K": "finance & insurance", "L": "real estate & renting",
    "M_N": "business services", "O": "public administration", "P": "education", "Q": "health & social work",
    "R_S": "arts & other services",
}

#: Side of its map triangle on which a named site's label is printed (default right); 시흥시 is
#: printed on the left so that it does not overlap its neighbour 안산시.
SITE_LABEL_SIDE = {"시흥시": "left"}

#: 시군구 codes that changed between 2010 and 2020, mapped to the 2020 unit that contains them.
#: Used to put earlier years on 2020 units before comparing (the GVA of merged units is summed).
#: Yeongi-gun (34320) became the core of Sejong (29010) in 2012; Sejong also took small parts of
#: Gongju and Cheongwon, which cannot be split off here, so Sejong's 2010 figure is approximate.
CODE_CHANGES_TO_2020 = {
    "23030": "23090",  # Incheon Nam-gu -> Michuhol-gu (renamed 2018)
    "31320": "31280",  # Yeoju-gun -> Yeoju-si (2013)
    "33010": "33040",  # Cheongju-si   } merged into the new Cheongju-si (2014)
    "33310": "33040",  # Cheongwon-gun }
    "34390": "34080",  # Dangjin-gun -> Dangjin-si (2012)
    "34320": "29010",  # Yeongi-gun -> Sejong (2012; approximate, see above)
}

#: This book's lookup from the 시군구 names in ``named_sites.sigungu_name_ko`` to 시군구 codes
#: (5-digit SGIS codes of the boundary year). 청주시 changed code when Cheongju and Cheongwon merged
#: in 2014; the 2010 code is the old city (the complex lies in the old city area).
SITE_SIGUNGU = {
    "울산 남구": {2010: "26020", 2015: "26020", 2020: "26020"},
    "여수시": {2010: "36020", 2015: "36020", 2020: "36020"},
    "안산시": {2010: "31090", 2015: "31090", 2020: "31090"},
    "시흥시": {2010: "31150", 2015: "31150", 2020: "31150"},
    "청주시": {2010: "33010", 2015: "33040", 2020: "33040"},
    "대전 유성구": {2010: "25040", 2015: "25040", 2020: "25040"},
    "세종특별자치시": {2010: "34320", 2015: "29010", 2020: "29010"},  # 2010: Yeongi-gun, Sejong's core
}

#: Host 시군구 (2020 codes) of the Korean cases in the ``innovation_districts`` resource, from the
#: ``city`` column (this book's lookup). Pangyo and Gwanggyo lie in non-autonomous 구 (Bundang-gu,
#: Yeongtong-gu) that the GRDP tables fold into their city, so the host is the whole city.
DISTRICT_HOSTS = {
    "G-Valley": ("11170", "11180"),       # Guro-gu, Geumcheon-gu
    "Seongsu": ("11040",),                # Seongdong-gu
    "Hongneung": ("11060", "11080"),      # Dongdaemun-gu, Seongbuk-gu
    "Magok": ("11160",),                  # Gangseo-gu
    "Digital Media City": ("11140",),     # Mapo-gu
    "Pangyo": ("31020",),                 # Seongnam-si (Bundang-gu)
    "Gwanggyo": ("31010",),               # Suwon-si (Yeongtong-gu)
    "Daedeok": ("25040",),                # Daejeon Yuseong-gu
    "Songdo": ("23040",),                 # Incheon Yeonsu-gu
}


# ------------------------------------------------------------------------------ the matrix


def gva_matrix(frame: pd.DataFrame, region: str = "sigungu_code", industry: str = "industry_code",
               value: str = "gva_million_krw") -> pd.DataFrame:
    """Region × industry matrix of ``value`` from a long table; absent cells are 0.

    ``frame`` should hold one year. Raises ``ValueError`` if it holds duplicate region-industry pairs
    (e.g. several years at once).
    """
    if frame.duplicated([region, industry]).any():
        raise ValueError("frame has duplicate region-industry pairs; select one year first")
    matrix = frame.pivot(index=region, columns=industry, values=value).fillna(0.0).astype(float)
    matrix.columns.name = industry
    return matrix.sort_index()


def group_columns(matrix: pd.DataFrame, groups: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Sum industry columns into groups, e.g. ``{"knowledge_intensive_services": ["J", "K", "M_N"]}``.

    Industries not listed in any group are dropped; the result has one column per group.
    """
    out = {}
    for name, members in groups.items():
        members = [m for m in members if m in matrix.columns]
        if not members:
            raise KeyError(f"group {name!r}: none of its industries is in the matrix")
        out[name] = matrix[members].sum(axis=1)
    return pd.DataFrame(out, index=matrix.index)


def industry_groups(industries: pd.DataFrame) -> dict[str, list[str]]:
    """Group name → industry codes, from the ``industries`` resource's ``group`` column."""
    return {g: list(part.industry_code) for g, part in industries.groupby("group", sort=False)}


# ------------------------------------------------------------------------------ measures


def location_quotient(matrix: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Location quotients ``LQ_ij = (x_ij/x_i)/(X_j/X)`` (Isard 1960).

    The regional and national totals ``x_i`` and ``X`` are over *all* columns of ``matrix``; pass
    ``columns`` to return the LQs of some columns only (e.g. a group added with :func:`group_columns`
    must not be in the matrix when totals are taken, so add it afterwards via ``with_groups``).
    LQ = 1: the region has the national share of the industry; LQ > 1: relatively specialised.
    """
    lq = _lq(matrix, matrix)
    return lq[list(columns)] if columns is not None else lq


def _lq(values: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """``(values_ij / x_i) / (V_j / X)`` with regional and national totals taken over ``matrix``."""
    national_share = values.sum(axis=0) / matrix.to_numpy().sum()
    return values.div(matrix.sum(axis=1), axis=0).div(national_share, axis=1)


def lq_of_groups(matrix: pd.DataFrame, groups: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Location quotients of industry groups, totals taken over all industries of ``matrix``."""
    return _lq(group_columns(matrix, groups), matrix)


def krugman_index(matrix: pd.DataFrame, reference: str = "national") -> pd.Series:
    """Krugman (1991) dissimilarity index ``K_i = Σ_j |s_ij − r_j|`` of each region's structure.

    ``s_ij = x_ij/x_i``; ``r`` is the national structure ``X_j/X`` (``reference="national"``) or that
    of the rest of the nation excluding region ``i`` (``reference="rest"``, the form Krugman used to
    compare pairs of regions). Ranges from 0 (identical structure) to 2 (no industry in common).
    """
    shares = matrix.div(matrix.sum(axis=1), axis=0)
    if reference == "national":
        ref = matrix.sum(axis=0) / matrix.to_numpy().sum()
        out = shares.sub(ref, axis=1).abs().sum(axis=1)
    elif reference == "rest":
        rest = matrix.sum(axis=0).to_numpy()[None, :] - matrix.to_numpy()
        rest = rest / rest.sum(axis=1, keepdims=True)
        out = pd.Series(np.abs(shares.to_numpy() - rest).sum(axis=1), index=matrix.index)
    else:
        raise ValueError(f"reference must be 'national' or 'rest', got {reference!r}")
    return out.rename("krugman_index")


def hoover_specialisation(matrix: pd.DataFrame) -> pd.Series:
    """Hoover (1936) coefficient of specialisation ``½ Σ_j |x_ij/x_i − X_j/X|`` of each region.

    The share of the region's output that would have to change industry for the region to have the
    national structure; equals half the Krugman index against the nation. Range [0, 1).
    """
    return (krugman_index(matrix, "national") / 2).rename("hoover_specialisation")


def hoover_localisation(matrix: pd.DataFrame) -> pd.Series:
    """Hoover (1936) coefficient of localisation ``½ Σ_i |x_ij/X_j − x_i/X|`` of each industry.

    The share of the industry that would have to move for it to be spread like all activity;
    0 = spread like the economy, near 1 = concentrated in regions with little other activity.
    """
    industry_shares = matrix.div(matrix.sum(axis=0), axis=1)
    region_shares = matrix.sum(axis=1) / matrix.to_numpy().sum()
    return (industry_shares.sub(region_shares, axis=0).abs().sum(axis=0) / 2).rename("hoover_localisation")


def locational_gini(matrix: pd.DataFrame) -> pd.Series:
    """Locational Gini of each industry (Krugman 1991, appendix D).

    Regions are ordered by the industry's LQ; the Lorenz curve plots the cumulative share of the
    industry against the cumulative share of total activity; the Gini is one minus twice the area
    under it (trapezoids). 0 = spread like all activity; approaching 1 = highly localised.
    """
    total = matrix.sum(axis=1)
    out = {}
    for col in matrix.columns:
        x = matrix[col].to_numpy(dtype=float)
        t = total.to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            lq = np.where(t > 0, x / t, 0.0)
        order = np.argsort(lq, kind="stable")
        cx = np.concatenate([[0.0], np.cumsum(x[order]) / x.sum()])
        ct = np.concatenate([[0.0], np.cumsum(t[order]) / t.sum()])
        area = np.sum((ct[1:] - ct[:-1]) * (cx[1:] + cx[:-1]) / 2)
        out[col] = 1 - 2 * area
    return pd.Series(out, name="locational_gini")


# ------------------------------------------------------------------------------ tidy tables


def lq_table(frame: pd.DataFrame, groups: Mapping[str, Iterable[str]] | None = None,
             region: str = "sigungu_code") -> pd.DataFrame:
    """Long table of one year: region, industry (or group), GVA, LQ and share of the national total.

    Columns: ``region``, ``industry``, ``gva_million_krw``, ``lq``, ``national_share`` (x_ij/X_j) and
    ``region_share`` (x_ij/x_i). With ``groups`` the rows are the groups instead of single industries.
    """
    matrix = gva_matrix(frame, region=region)
    if groups:
        values = group_columns(matrix, groups)
        lq = lq_of_groups(matrix, groups)
    else:
        values, lq = matrix, location_quotient(matrix)
    region_total = matrix.sum(axis=1)
    out = values.stack().rename("gva_million_krw").to_frame()
    out["lq"] = lq.stack()
    out["national_share"] = values.div(values.sum(axis=0), axis=1).stack()
    out["region_share"] = values.div(region_total, axis=0).stack()
    out.index.names = [region, "industry"]
    return out.reset_index()


def cluster_candidates(table: pd.DataFrame, industry: str, lq_threshold: float = 1.25, min_share: float = 0.01,
                       min_gva_million_krw: float = 0.0) -> pd.DataFrame:
    """Regions that pass the cluster screening rule for ``industry``, largest GVA first.

    Rule: ``lq >= lq_threshold`` and ``national_share >= min_share`` and
    ``gva_million_krw >= min_gva_million_krw``, on a table from :func:`lq_table`. Relative
    specialisation alone would flag tiny places with one plant; the size conditions keep regions that
    matter for the industry (the combination used in cluster mapping, e.g. Porter 2000).
    """
    part = table[table.industry == industry]
    if part.empty:
        raise KeyError(f"industry {industry!r} is not in the table")
    keep = (part.lq >= lq_threshold) & (part.national_share >= min_share) & (part.gva_million_krw >= min_gva_million_krw)
    return part[keep].sort_values("gva_million_krw", ascending=False).reset_index(drop=True)


def harmonise_units(frame: pd.DataFrame, mapping: Mapping[str, str] = CODE_CHANGES_TO_2020,
                    region: str = "sigungu_code", value: str = "gva_million_krw") -> pd.DataFrame:
    """Re-code regions with ``mapping`` and sum ``value`` within the new units (other keys kept)."""
    out = frame.copy()
    out[region] = out[region].astype(str).replace(dict(mapping))
    keys = [c for c in out.columns if c != value]
    return out.groupby(keys, as_index=False, observed=True)[value].sum()


def lq_change(frame: pd.DataFrame, start: int, end: int, groups: Mapping[str, Iterable[str]] | None = None,
              region: str = "sigungu_code", sido: str = "sido_code") -> pd.DataFrame:
    """Change of LQs between two years on common units and a common reference.

    Both years are put on the ``end`` year's units (:func:`harmonise_units`) and restricted to the
    regions present in both years; the national base of *both* years is the sum over those regions
    only, so a change is not produced by a different set of regions in the base (for 2010 the base
    lacks the four 시도 whose 시군구 GRDP was not published). Returns one row per region and industry
    with ``lq_start``, ``lq_end``, ``lq_change`` and the years.
    """
    a = harmonise_units(frame[frame.year == start].drop(columns=[sido], errors="ignore"), region=region)
    b = harmonise_units(frame[frame.year == end].drop(columns=[sido], errors="ignore"), region=region)
    common = sorted(set(a[region]) & set(b[region]))
    ta = lq_table(a[a[region].isin(common)], groups, region)
    tb = lq_table(b[b[region].isin(common)], groups, region)
    out = ta[[region, "industry", "lq"]].merge(tb[[region, "industry", "lq"]], on=[region, "industry"],
                                                suffixes=("_start", "_end"))
    out["lq_change"] = out.lq_end - out.lq_start
    out["start_year"], out["end_year"] = start, end
    return out


def lq_change_best_available(frame: pd.DataFrame, first: int, middle: int, end: int,
                             groups: Mapping[str, Iterable[str]] | None = None,
                             region: str = "sigungu_code") -> pd.DataFrame:
    """:func:`lq_change` from ``first`` where a region has data then, else from ``middle``.

    Each period is computed on its own common base (see :func:`lq_change`); the ``period`` column
    says which one a row uses, so that the two are never silently mixed.
    """
    long = lq_change(frame, first, end, groups, region)
    short = lq_change(frame, middle, end, groups, region)
    short = short[~short[region].isin(long[region])]
    out = pd.concat([long, short], ignore_index=True)
    out["period"] = out.start_year.astype(str) + "–" + out.end_year.astype(str)
    return out


def specialisation_table(frame: pd.DataFrame, region: str = "sigungu_code") -> pd.DataFrame:
    """Krugman index (vs the nation and vs the rest) and Hoover specialisation of each region, one year."""
    matrix = gva_matrix(frame, region=region)
    out = pd.concat([krugman_index(matrix, "national"), krugman_index(matrix, "rest").rename("krugman_vs_rest"),
                     hoover_specialisation(matrix)], axis=1)
    out["gva_million_krw"] = matrix.sum(axis=1)
    out["largest_industry"] = matrix.idxmax(axis=1)
    out["largest_industry_share"] = matrix.max(axis=1) / matrix.sum(axis=1)
    return out.reset_index()


def localisation_table(frame: pd.DataFrame, region: str = "sigungu_code") -> pd.DataFrame:
    """Hoover localisation coefficient and locational Gini of each industry, one year."""
    matrix = gva_matrix(frame, region=region)
    out = pd.concat([hoover_localisation(matrix), locational_gini(matrix)], axis=1)
    out["gva_million_krw"] = matrix.sum(axis=0)
    out.index.name = "industry"
    return out.reset_index()


# ------------------------------------------------------------------------------ knowledge-intensive services


def knowledge_services_profile(grdp_industry: pd.DataFrame, profile: pd.DataFrame, sido_codes: Iterable[str],
                               years: Iterable[int], kis: Iterable[str] = KNOWLEDGE_INTENSIVE) -> pd.DataFrame:
    """Knowledge-intensive services (KIS) in the 시군구 of ``sido_codes``, by year.

    For each 시군구 and year: total GVA (sum of industries), KIS GVA, KIS share of the 시군구's GVA,
    LQ of KIS and of each KIS industry **against the national base of that year** (all 시군구 in the
    table), the 시군구's share of the selected area's KIS GVA, establishments and population (from
    ``sigungu_profile``; establishments are all industries, the profile has no industry split).
    """
    kis = list(kis)
    sido_codes = [str(s) for s in sido_codes]
    rows = []
    for year in years:
        part = grdp_industry[grdp_industry.year == year]
        matrix = gva_matrix(part)
        lq = location_quotient(matrix, [c for c in kis if c in matrix.columns])
        lq["KIS"] = lq_of_groups(matrix, {"KIS": kis})["KIS"]
        out = pd.DataFrame({"total_gva": matrix.sum(axis=1), "kis_gva": matrix[kis].sum(axis=1)})
        out = out.join(lq.add_prefix("lq_"))
        out["year"] = year
        rows.append(out.reset_index())
    out = pd.concat(rows, ignore_index=True)
    out["sido_code"] = out.sigungu_code.str[:2]
    out = out[out.sido_code.isin(sido_codes)].copy()
    out["kis_share"] = out.kis_gva / out.total_gva
    out["share_of_area_kis"] = out.kis_gva / out.groupby("year").kis_gva.transform("sum")
    meta = profile[["year", "sigungu_code", "sigungu_name_en", "population", "establishments"]]
    return out.merge(meta, on=["year", "sigungu_code"], how="left")


# ------------------------------------------------------------------------------ named sites and cases


def site_sigungu(named_sites: pd.DataFrame, year: int) -> pd.DataFrame:
    """Korean named sites with a 시군구 (``sigungu_name_ko``) mapped to 시군구 codes of ``year``.

    A site in two 시군구 (``안산시/시흥시``) gives one row per 시군구. Names not in
    :data:`SITE_SIGUNGU` raise ``KeyError`` so that a new site cannot be dropped silently.
    """
    part = named_sites[named_sites.sigungu_name_ko.notna()]
    rows = []
    for _, site in part.iterrows():
        for name in str(site.sigungu_name_ko).split("/"):
            name = name.strip()
            if name not in SITE_SIGUNGU:
                raise KeyError(f"site {site.site_id!r}: 시군구 {name!r} is not in SITE_SIGUNGU")
            rows.append({"site_id": site.site_id, "name_en": site.name_en, "kind": site.kind,
                         "sigungu_name_ko": name, "sigungu_code": SITE_SIGUNGU[name][year]})
    return pd.DataFrame(rows)


def district_hosts(cases: pd.DataFrame) -> pd.DataFrame:
    """Korean cases of ``innovation_districts`` with their host 시군구 codes (:data:`DISTRICT_HOSTS`)."""
    rows = []
    for name in cases[cases.country == "South Korea"].name:
        keys = [k for k in DISTRICT_HOSTS if k.lower() in name.lower()]
        for code in (DISTRICT_HOSTS[keys[0]] if keys else ()):
            rows.append({"name": name, "sigungu_code": code})
    return pd.DataFrame(rows, columns=["name", "sigungu_code"])


_ATTESTED = re.compile(r"(as reported by|type reported by|label as reported)", re.I)
_COMPILER = re.compile(r"(assigned by compiler|is the compiler's|label is the compiler's|compiler's)", re.I)


def classification_basis(katz_wagner_type: str, note: str | None) -> str:
    """Whether a case's Katz & Wagner (2014) type is attested, assigned for this book, or absent.

    Read from the resource's ``note`` column: "attested (secondary report)" where the note says a
    source reports the type; "assigned for this book" where it says the type was assigned here (the
    notes' own wording is "assigned by compiler"); and
    "not classified" for ``not_classified``. A typed case whose note says neither is "basis not stated".
    """
    if katz_wagner_type == "not_classified":
        return "not classified"
    note = "" if note is None or (isinstance(note, float) and np.isnan(note)) or note is pd.NA else str(note)
    if _ATTESTED.search(note):
        return "attested (secondary report)"
    if _COMPILER.search(note):
        return "assigned for this book"
    return "basis not stated"


def site_points(named_sites: pd.DataFrame, boundaries, year: int, language: str = "en") -> pd.DataFrame:
    """One point per 시군구 hosting named sites: centroid, Korean 시군구 name and the sites' names.

    Uses :func:`site_sigungu` (this book's lookup) and :func:`krdev.regions.centroids` of ``boundaries``
    (the 시군구 boundaries of ``year``). Columns: ``sigungu_code``, ``label`` (Korean 시군구 name),
    ``sites`` (names in ``language``, "en" or "ko", joined by "; "), ``n_sites``, ``side`` (of the label,
    :data:`SITE_LABEL_SIDE`), ``lon``, ``lat``.
    """
    sites = site_sigungu(named_sites, year)
    if language == "ko":
        sites["name_en"] = sites.site_id.map(dict(zip(named_sites.site_id, named_sites.name_ko))).fillna(sites.name_en)
    grouped = sites.groupby(["sigungu_code", "sigungu_name_ko"], as_index=False).agg(
        sites=("name_en", "; ".join), n_sites=("site_id", "size"))
    grouped = grouped.rename(columns={"sigungu_name_ko": "label"})
    grouped["side"] = grouped.label.map(SITE_LABEL_SIDE).fillna("right")
    return grouped.merge(regions.centroids(boundaries), on="sigungu_code", how="left")


#: Korean names of 2010 KOSTAT 시군구 units that no current MOIS code covers alone (the 시군구 crosswalk
#: maps only codes in force today): the old 청주시 and 청원군 (merged in 2014) and 연기군 (Sejong's core, 2012).
FORMER_SIGUNGU_KO = {"33010": "청주시", "33310": "청원군", "34320": "연기군"}


def sigungu_names_ko(year: int) -> dict[str, str]:
    """KOSTAT 시군구 code of ``year``'s boundaries → Korean name, from the 시군구 crosswalk (the autonomous
    units in force at the end of ``year``; non-autonomous 구 fold into their city) and
    :data:`FORMER_SIGUNGU_KO`."""
    cw = regions.sigungu_crosswalk(year)
    cw = cw[cw.parent_mois_code.isna() & cw[f"kostat_{year}"].notna()]
    names = cw.name_ko.str.replace("(통합)", "", regex=False)  # the crosswalk marks merged cities: 창원시(통합)
    return {**FORMER_SIGUNGU_KO, **dict(zip(cw[f"kostat_{year}"].astype(str), names))}


def sigungu_labels(profile: pd.DataFrame, year: int, sido_names: Mapping[str, str], language: str = "en") -> dict[str, str]:
    """시군구 code → "Name (시도 name)" for ``year``, e.g. ``"26020"`` → ``"Nam-gu (Ulsan)"``; with
    ``language="ko"`` the Korean 시군구 name (:func:`sigungu_names_ko`, the English one where none is known),
    e.g. "남구 (울산광역시)" when ``sido_names`` are Korean."""
    part = profile[profile.year == year]
    names = part.sigungu_name_en
    if language == "ko":
        ko = sigungu_names_ko(year)
        names = [ko.get(c, n) for c, n in zip(part.sigungu_code, part.sigungu_name_en)]
    return {c: f"{n} ({sido_names.get(s, s)})" for c, n, s in zip(part.sigungu_code, names, part.sido_code)}


#: Seoul's three traditional business centres (KOSTAT 2020 codes), used to test the claim of :cite:`nahm2023` that
#: activity is moving away from the old CBD. Grouping by whole 구 is this book's choice.
SEOUL_CENTRES = {
    "old CBD (Jongno-gu, Jung-gu)": ("11010", "11020"),
    "Gangnam (Gangnam-gu, Seocho-gu)": ("11230", "11220"),
    "Yeouido (Yeongdeungpo-gu)": ("11190",),
}


def centre_shares(table: pd.DataFrame, centres: Mapping[str, Iterable[str]], value: str = "kis_gva",
                  rest: str = "rest of the area") -> pd.DataFrame:
    """Long table (year, centre, share) of each group of 시군구's share of the area's ``value``.

    ``table`` is one area (e.g. Seoul) from :func:`knowledge_services_profile`; 시군구 in no group
    form ``rest``. Groups must not overlap (``ValueError``).
    """
    seen: set[str] = set()
    for members in centres.values():
        overlap = seen & set(members)
        if overlap:
            raise ValueError(f"groups overlap in {sorted(overlap)}")
        seen |= set(members)
    rows = []
    for name, members in centres.items():
        rows.append(group_share(table, value, table.sigungu_code.isin(list(members))).rename(name))
    others = sorted(set(table.sigungu_code) - seen)
    rows.append(group_share(table, value, table.sigungu_code.isin(list(others))).rename(rest))
    out = pd.concat(rows, axis=1).reset_index().melt(id_vars="year", var_name="centre", value_name="share")
    return out


def governance_kind(text: str) -> str:
    """This book's coarse coding of the ``governance`` text of ``innovation_districts``.

    "partnership" if the text starts with PPP or mentions a partnership or a PPP under public lead;
    "public" if it starts with "public"; "nonprofit / foundation" if it starts with "nonprofit" or
    "foundation"; "private / university" if it starts with "private" or "university"; else "other".
    """
    t = str(text).strip().lower()
    if t.startswith("ppp") or "partnership" in t or (t.startswith("public") and "ppp" in t):
        return "partnership"
    if t.startswith("public"):
        return "public"
    if t.startswith(("nonprofit", "foundation")):
        return "nonprofit / foundation"
    if t.startswith(("private", "university")):
        return "private / university"
    return "other"


# ------------------------------------------------------------------------------ 시도 × 33 activities, 1985–2023

#: ``activity_order`` of manufacturing (제조업) in the KOSIS GRDP-by-activity tables.
MANUFACTURING_ORDER = 7


def activity_leaves(table: pd.DataFrame, order: str = "activity_order", level: str = "activity_level",
                    value_added_order: int = 3) -> list[int]:
    """The most detailed activities under gross value added in a KOSIS GRDP-by-activity table.

    Rows are ordered by ``order`` with a depth ``level`` (0 GRDP, 1 taxes / gross value added, 2 sections,
    3–4 sub-sections); a row is a leaf when the next row is not deeper. Only rows after the gross value
    added row (``value_added_order``) count, so net taxes on products are left out. With the 33 KOSIS rows
    this gives 25 activities (seven manufacturing groups, the two business-service rows, three cultural and
    other services…) whose values add up to gross value added.
    """
    rows = table[[order, level]].drop_duplicates().sort_values(order)
    orders, levels = rows[order].astype(int).tolist(), rows[level].astype(int).tolist()
    leaves = []
    for i, (o, lv) in enumerate(zip(orders, levels)):
        if o <= value_added_order:
            continue
        if i + 1 == len(levels) or levels[i + 1] <= lv:
            leaves.append(o)
    return leaves


def sido_activity_long(table: pd.DataFrame, value: str = "nominal_million_krw") -> pd.DataFrame:
    """Long table (``year``, ``sido_code``, ``industry_code``, ``gva_million_krw``) of the leaf activities.

    From the ``kosis_grdp_activity_2020base`` resource: the 시도 rows (the national row ``00`` is left
    out; the national structure is the sum of the 시도, which equals it for nominal values), leaf
    activities from :func:`activity_leaves`, ``industry_code`` the activity order as text. Nominal values
    are used: chained volumes are not additive across activities.
    """
    leaves = activity_leaves(table)
    f = table[(table.kostat_code.astype(str) != "00") & table.activity_order.isin(leaves)]
    return pd.DataFrame({"year": f.year.astype(int).to_numpy(), "sido_code": f.kostat_code.astype(str).to_numpy(),
                         "industry_code": f.activity_order.astype(int).astype(str).to_numpy(),
                         "gva_million_krw": f[value].astype(float).to_numpy()})


def sido_structure(long: pd.DataFrame, manufacturing: Iterable[str]) -> pd.DataFrame:
    """One row per (year, 시도): manufacturing's share of the 시도's GVA, its LQ (:cite:`isard1960`), the 시도's
    share of national manufacturing GVA, and the Krugman specialisation index (:cite:`krugman1991`) over
    the leaf activities, each year against that year's national structure (the sum of the 시도 reported).
    """
    groups = {"manufacturing": list(manufacturing)}
    rows = []
    for year, f in long.groupby("year"):
        lq = lq_table(f, groups=groups, region="sido_code").set_index("sido_code")
        k = specialisation_table(f, region="sido_code").set_index("sido_code")
        rows.append(pd.DataFrame({"year": int(year), "manufacturing_share": lq.region_share, "manufacturing_lq": lq.lq,
                                  "share_of_national_manufacturing": lq.national_share,
                                  "krugman_index": k.krugman_index.reindex(lq.index)}).rename_axis("sido_code").reset_index())
    return pd.concat(rows, ignore_index=True)


def fold_territories(long: pd.DataFrame, mapping: Mapping[str, str], region: str = "sido_code") -> pd.DataFrame:
    """Sum the GVA of units created later into the 시도 that held their territory (``mapping`` child → parent).

    With the mapping of :data:`krdev.measures.convergence.PARENT` (Gwangju → Jeollanam-do, Daejeon and Sejong →
    Chungcheongnam-do, Ulsan → Gyeongsangnam-do) every year has the 13 territories of 1985, so a change
    between 1985 and a later year is not a change of boundaries.
    """
    f = long.copy()
    f[region] = f[region].astype(str).map(lambda c: mapping.get(c, c))
    return f.groupby(["year", region, "industry_code"], as_index=False).gva_million_krw.sum()
