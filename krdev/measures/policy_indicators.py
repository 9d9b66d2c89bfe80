"""The balanced-development paper's indicators and policy calendar, set against official series.

Helpers for the chapter *The balanced-development policy re-examined*. They assemble tables from
the data package: the indicators printed in the 2006 article :cite:`seed_balanced_2006` (resource
``seed_figures``), the official snapshots (``official_*``) and the policy dates (the 2006 article,
``korea_cluster_programs``, ``official_innovation_cities``, ``regions``), so that every number
and date in the chapter comes from a cited row. Nothing here estimates an effect. The comparison
is descriptive: the data contain no counterfactual (see :cite:`abadie2010` for what a
counterfactual design needs).
"""

from __future__ import annotations

import pandas as pd

SEED = "002_b993f1ac603a9a72.txt"

#: Indicators of the 2006 article reproduced in the chapter: figure-id prefix -> (label, unit label).
SEED_INDICATORS = {
    "nca_grdp_share_": ("Non-capital share of GRDP", "%"),
    "nca_export_share_": ("Non-capital share of exports", "%"),
    "nca_fiscal_capacity_gap_": ("Fiscal-capacity gap, non-capital vs capital", "index"),
    "bd_special_account_growth_2005": ("Special-account growth, 2005", "%"),
    "bd_total_expenditure_growth_2005": ("Total-expenditure growth, 2005", "%"),
    "bd_special_account_size_": ("Special-account size", "trillion KRW"),
    "farm_nonfarm_income_share_": ("Non-farm share of farm-household income", "%"),
    "farm_parttime_household_share_": ("Part-time farm households, share of all farm households", "%"),
}


def seed_indicators(seed: pd.DataFrame) -> pd.DataFrame:
    """Rows of the outcome indicators of :cite:`seed_balanced_2006` (section 4.나), with a readable ``indicator`` label.

    Columns: ``figure_id``, ``indicator``, ``year``, ``value``, ``unit``, ``location``, ``note``.
    """
    rows = seed[seed.seed_file == SEED].copy()
    keep = []
    for prefix, (label, _unit) in SEED_INDICATORS.items():
        part = rows[rows.figure_id.str.startswith(prefix)].copy()
        part["indicator"] = label
        keep.append(part)
    out = pd.concat(keep, ignore_index=True)
    out["year"] = out.year.astype("Int64")
    return out[["figure_id", "indicator", "year", "value", "unit", "location", "note"]].sort_values(
        ["indicator", "year"]).reset_index(drop=True)


def seed_value(seed: pd.DataFrame, figure_id: str) -> float:
    """The value printed in :cite:`seed_balanced_2006` for ``figure_id`` (KeyError if absent)."""
    hit = seed.loc[seed.figure_id == figure_id, "value"]
    if hit.empty:
        raise KeyError(f"figure {figure_id!r} not found in seed_figures")
    return float(hit.iloc[0])


def split_values(text: str, sep: str = "/") -> list[float]:
    """``"53.9/53.6/52.2"`` -> ``[53.9, 53.6, 52.2]`` (official snapshot rows that pack several years)."""
    return [float(v) for v in str(text).split(sep)]


def fiscal_self_reliance(official: pd.DataFrame) -> pd.DataFrame:
    """Average fiscal self-reliance of local governments by year from the packed official row.

    Columns ``year``, ``value`` (percent, budget basis). Source: MOSPA as reported (secondary).
    """
    row = official[official.indicator == "fiscal_independence_avg_local_govts"].iloc[0]
    years = [int(y) for y in str(row.year).split("/")]
    return pd.DataFrame({"year": years, "value": split_values(row.value)})


def official_number(official: pd.DataFrame, indicator: str, region: str, year: str) -> float:
    """One numeric value from ``official_rnd_exports`` (KeyError if absent)."""
    hit = official[(official.indicator == indicator) & (official.region == region) & (official.year.astype(str) == str(year))]
    if hit.empty:
        raise KeyError(f"no official row {indicator}/{region}/{year}")
    return float(hit.value.iloc[0])


def official_2022_capital_share(grdp_2022: pd.DataFrame) -> float:
    """Capital-region share of nominal GRDP 2022 from the KOSTAT release (2015 base), as a fraction.

    Seoul + Incheon + Gyeonggi over the published national total (the ``TOTAL`` row); secondary
    citation (press reports of the release).
    """
    values = grdp_2022.set_index("sido").grdp_2022_nominal_trillion_krw
    return float((values["Seoul"] + values["Incheon"] + values["Gyeonggi"]) / values["TOTAL"])


def capital_share(frame: pd.DataFrame, value: str, capital_region, code: str = "kostat_code") -> float:
    """Capital-region share (0–1) of ``value`` summed over the 시도 rows of a one-year table.

    For tables that publish the 17 시도 without a national row (e.g. nominal GRDP 2024): the
    denominator is the sum of the 시도, which for nominal values equals the national total.
    """
    rows = frame[frame[code].astype(str) != "00"]
    member = rows[code].astype(str).isin([str(c) for c in capital_region])
    return float(rows.loc[member, value].sum() / rows[value].sum())


def innovation_city_population(innovation: pd.DataFrame) -> dict:
    """Residents of the ten innovation cities against the planned population (MOLIT, as reported).

    Returns ``population``, ``planned``, ``share`` (population / planned, recomputed here) and
    ``date`` (the reference month of the population count).
    """
    rows = innovation.set_index("item")
    population = float(rows.loc["innovation_city_population", "value"])
    planned = float(rows.loc["innovation_city_population_planned", "value"])
    return {"population": population, "planned": planned, "share": population / planned,
            "date": rows.loc["innovation_city_population", "reference_date"]}


def _decimal(yyyymm: float) -> float:
    yyyymm = int(yyyymm)
    return yyyymm // 100 + (yyyymm % 100 - 1) / 12


def policy_events(seed: pd.DataFrame, programmes: pd.DataFrame, innovation: pd.DataFrame,
                  crosswalk: pd.DataFrame) -> pd.DataFrame:
    """The policy calendar: one row per event with ``x`` (decimal year), ``date``, ``event``, ``source``.

    Dates come from the event rows of :cite:`seed_balanced_2006` (``yyyymm`` values), the programme table, the MOLIT
    relocation figures and the crosswalk (Sejong's establishment year). The date of the Special Act
    (Act No. 7061, 16 January 2004) is from the statute :cite:`special_act_2004`. Events in the same
    year are kept separate; :func:`number_events` groups them for labelling. The texts are in the
    edition's language (:func:`krdev.i18n.gettext`).
    """
    from krdev.i18n import gettext as _

    def sv(fid):
        return seed_value(seed, fid)

    rows = [
        (2003 + 0 / 12, "2003", _("Stage 1 of the policy: building institutions (the first of the four stages in the 2006 article)"),
         _("2006 article, section 4.가")),
        (2004 + 0 / 12, "2004-01", _("Special Act on Balanced National Development enacted (Act No. 7061)"),
         _("the statute")),
        (_decimal(sv("bd_relocation_subsidy_start_date")), "2004-05",
         _("Subsidy for capital-region firms moving out begins"), _("2006 article, section 4.나")),
        (_decimal(sv("bd_public_institution_plan_date")), "2005-06",
         _("Relocation plan announced: {n} public institutions assigned to {sido} 시도",
           n=f"{sv('bd_public_institutions_planned_2005'):.0f}", sido=f"{sv('bd_public_institutions_receiving_sido_2005'):.0f}"),
         _("2006 article, section 2.나")),
        (_decimal(sv("bd_enterprise_city_pilot_date")), "2005-07/08",
         _("{n} enterprise-city pilots selected", n=f"{sv('bd_enterprise_city_pilots_2005'):.0f}"),
         _("2006 article, section 2.나; programme table")),
        (_decimal(sv("bd_innovation_city_site_selection_date")), "2005-12", _("Innovation-city sites selected in every receiving 시도"),
         _("2006 article, section 2.나")),
    ]
    ground = programmes[programmes.note.fillna("").str.contains("ground-breaking", case=False)]
    if len(ground):
        rows.append((2007 + 8 / 12, "2007-09", _("First innovation-city ground-breakings (Seogwipo, Gimcheon)"),
                     _("programme table")))
    five_two = programmes[programmes.programme.str.contains("5\\+2", regex=True)]
    if len(five_two):
        rows.append((float(five_two.start_year.iloc[0]) + 3 / 12, f"{int(five_two.start_year.iloc[0])}-04",
                     _("Cluster programme reorganised by '5+2' economic regions"), _("programme table")))
    sejong = crosswalk[crosswalk.kostat_code == "29"]
    if len(sejong):
        year = int(sejong.established_year.iloc[0])
        rows.append((year + 6 / 12, f"{year}-07", _("Sejong Special Self-Governing City established"), _("region crosswalk (history)")))
    total = innovation[innovation.item == "relocated_public_institutions_total"]
    if len(total):
        ref = total.reference_date.iloc[0]
        y, m = (int(v) for v in ref.split("-"))
        rows.append((y + (m - 1) / 12, ref, _("Relocation completed: {n} institutions moved", n=total.value.iloc[0]),
                     _("MOLIT, as reported in the press")))
    out = pd.DataFrame(rows, columns=["x", "date", "event", "source"]).sort_values("x").reset_index(drop=True)
    return out


def number_events(events: pd.DataFrame, lanes: int = 3) -> pd.DataFrame:
    """Add ``n`` (1, 2, …) and ``lane`` (0 … lanes−1, cycling) so labels of close events do not overlap."""
    out = events.copy()
    out["n"] = [str(i + 1) for i in range(len(out))]
    out["lane"] = [i % lanes for i in range(len(out))]
    return out


def rnd_noncapital_share(official: pd.DataFrame) -> tuple[int, float]:
    """(year, non-capital share of government R&D) from the packed official row ``"<total> tn total; non-capital <x> tn = ..."``.

    The share is recomputed from the two amounts rather than read from the printed percentage.
    """
    import re

    row = official[official.indicator == "gov_rnd_total_and_noncapital_share"].iloc[0]
    numbers = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", str(row.value))]
    total, noncapital = numbers[0], numbers[1]
    return int(row.year), noncapital / total
