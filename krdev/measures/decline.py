"""Population decline and regional designations: the extinction-risk index, overlaps of designation lists,
and how well a score separates designated from other areas.

- :func:`extinction_index` — Lee Sang-ho's local-extinction risk index :cite:`lee2016extinction`, women aged
  20–39 divided by persons aged 65 and over, adapted from the Masuda report :cite:`masuda2014`; the risk classes
  of :data:`RISK_CLASSES` are Lee's. It is a ratio of two age groups at one date, not a forecast.
- :func:`overlap` — counts and shares of two sets of areas, with the Jaccard index :cite:`jaccard1912`.
- :func:`confusion` — the two-by-two table of a rule against a designation, with sensitivity and specificity.
- :func:`roc_points` and :func:`auc` — the receiver operating characteristic of a continuous score and the
  area under it, computed as the Mann–Whitney probability that a designated area scores "worse" than a
  non-designated one, ties counting one half :cite:`hanley1982,fawcett2006`.
- :func:`attach_codes`, :func:`sites_in_areas`, :func:`group_population` — joins by name and code and group
  totals used to compare the lists of 2004 and 2021.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Lee (2016) risk classes: (lower bound, English label, Korean label). Upper bounds are the next lower bound.
RISK_CLASSES = [
    (0.0, "very high risk (< 0.2)", "소멸고위험"),
    (0.2, "at risk (0.2–0.5)", "소멸위험 진입"),
    (0.5, "caution (0.5–1.0)", "주의"),
    (1.0, "normal (1.0–1.5)", "보통"),
    (1.5, "low risk (≥ 1.5)", "소멸저위험"),
]
#: The class breaks 0.2, 0.5, 1.0 and 1.5.
BREAKS = tuple(lo for lo, _, _ in RISK_CLASSES[1:])


def extinction_index(women_20_39, age_65_plus) -> pd.Series:
    """Women aged 20–39 divided by persons aged 65 and over (Lee 2016).

    Missing counts give a missing index. A unit with no one aged 65+ has no defined index and raises
    :class:`ValueError` naming its position.

    >>> extinction_index(pd.Series([50, 30]), pd.Series([100, 150])).tolist()
    [0.5, 0.2]
    """
    women = pd.Series(women_20_39, dtype="Float64")
    old = pd.Series(age_65_plus, dtype="Float64")
    if len(women) != len(old):
        raise ValueError(f"women_20_39 has {len(women)} values but age_65_plus has {len(old)}")
    zero = old.fillna(1).eq(0)
    if zero.any():
        raise ValueError(f"age_65_plus is 0 at position(s) {[int(i) for i in np.flatnonzero(zero.to_numpy())]}: the index is undefined")
    if (women.fillna(0) < 0).any() or (old.fillna(1) < 0).any():
        raise ValueError("population counts must not be negative")
    out = (women.to_numpy(dtype=float, na_value=np.nan) / old.to_numpy(dtype=float, na_value=np.nan))
    return pd.Series(out, index=getattr(women_20_39, "index", None), name="extinction_index")


def risk_class(index) -> pd.Series:
    """Lee's (2016) class of each index value (ordered categorical; missing stays missing).

    >>> risk_class(pd.Series([0.1, 0.2, 0.49, 1.5])).astype(str).tolist()
    ['very high risk (< 0.2)', 'at risk (0.2–0.5)', 'at risk (0.2–0.5)', 'low risk (≥ 1.5)']
    """
    values = pd.Series(index, dtype="float64")
    labels = [label for _, label, _ in RISK_CLASSES]
    bins = [-np.inf, *BREAKS, np.inf]
    return pd.Series(pd.cut(values, bins=bins, labels=labels, right=False), index=values.index, name="risk_class")


def with_index(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with ``women_20_39`` and ``age_65_plus``) plus ``index`` and ``risk_class`` columns."""
    out = frame.copy()
    out["index"] = extinction_index(out["women_20_39"], out["age_65_plus"]).to_numpy()
    out["risk_class"] = risk_class(out["index"]).to_numpy()
    return out


def aggregate_index(frame: pd.DataFrame) -> tuple[float, int]:
    """Index of a group of units: the sum of women 20–39 over the sum of 65+, over the units where both are
    observed. Returns (index, number of units left out because a count is missing)."""
    both = frame["women_20_39"].notna() & frame["age_65_plus"].notna()
    women, old = frame.loc[both, "women_20_39"].sum(), frame.loc[both, "age_65_plus"].sum()
    if old == 0:
        raise ValueError("no persons aged 65+ in the group: the index is undefined")
    return float(women) / float(old), int((~both).sum())


def crossings(indexed: pd.DataFrame, threshold: float, base_year: int, year: int, key: str = "sigungu_code") -> pd.DataFrame:
    """Units at or above ``threshold`` in ``base_year`` and below it in ``year`` (they *entered* the range below
    the threshold), and the reverse (``left``). Units with a missing index in either year are left out.

    Columns: ``key``, ``index_base``, ``index_year``, ``direction`` ("entered" or "left").
    """
    base = indexed[indexed.year == base_year].set_index(key)["index"]
    last = indexed[indexed.year == year].set_index(key)["index"]
    both = pd.concat([base.rename("index_base"), last.rename("index_year")], axis=1, join="inner").dropna()
    entered = both[(both.index_base >= threshold) & (both.index_year < threshold)].assign(direction="entered")
    left = both[(both.index_base < threshold) & (both.index_year >= threshold)].assign(direction="left")
    return pd.concat([entered, left]).rename_axis(key).reset_index()


def overlap(a, b) -> dict:
    """Overlap of two sets of area codes: sizes, intersection, differences, the share of each set that lies in
    the other, and the Jaccard index |A∩B| / |A∪B| (Jaccard 1912).

    >>> o = overlap({"1", "2", "3"}, {"2", "3", "4", "5"})
    >>> o["both"], o["share_of_a"], o["jaccard"]
    (2, 0.6666666666666666, 0.4)
    """
    a, b = set(a), set(b)
    if not a or not b:
        raise ValueError("overlap needs two non-empty sets")
    both = len(a & b)
    return {"n_a": len(a), "n_b": len(b), "both": both, "only_a": len(a - b), "only_b": len(b - a),
            "share_of_a": both / len(a), "share_of_b": both / len(b), "jaccard": both / len(a | b)}


def confusion(actual, predicted) -> dict:
    """Two-by-two table of a yes/no rule (``predicted``) against a designation (``actual``).

    Returns ``tp``, ``fp``, ``fn``, ``tn``, ``sensitivity`` (share of designated areas the rule flags),
    ``specificity`` (share of the others it does not flag), ``precision`` and ``accuracy``.
    Missing values are refused: drop the units first and say how many.
    """
    actual, predicted = pd.Series(actual), pd.Series(predicted)
    if len(actual) != len(predicted):
        raise ValueError(f"actual has {len(actual)} values but predicted has {len(predicted)}")
    if actual.isna().any() or predicted.isna().any():
        raise ValueError("confusion(): missing values; drop the units with a missing score first")
    act, pred = actual.astype(bool).to_numpy(), predicted.astype(bool).to_numpy()
    tp, fp = int((act & pred).sum()), int((~act & pred).sum())
    fn, tn = int((act & ~pred).sum()), int((~act & ~pred).sum())

    def ratio(x, y):
        return x / y if y else float("nan")
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "sensitivity": ratio(tp, tp + fn), "specificity": ratio(tn, tn + fp),
            "precision": ratio(tp, tp + fp), "accuracy": ratio(tp + tn, tp + fp + fn + tn)}


def _oriented(score, actual, lower_is_positive: bool):
    score, actual = pd.Series(score, dtype="float64"), pd.Series(actual)
    if len(score) != len(actual):
        raise ValueError(f"score has {len(score)} values but actual has {len(actual)}")
    if score.isna().any() or actual.isna().any():
        raise ValueError("missing values in score or actual; drop those units first")
    act = actual.astype(bool).to_numpy()
    if act.all() or not act.any():
        raise ValueError("the designation must contain both designated and other units")
    s = score.to_numpy()
    return (-s if lower_is_positive else s), act


def roc_points(score, actual, lower_is_positive: bool = False) -> pd.DataFrame:
    """The ROC curve of ``score``: for each distinct threshold t, the rule "flag a unit if its score is at
    least t" (or at most t when ``lower_is_positive``), with its true-positive and false-positive rates.

    Columns ``threshold``, ``tpr``, ``fpr``; the first row is (no unit flagged) = (0, 0), the last (1, 1).
    """
    s, act = _oriented(score, actual, lower_is_positive)
    order = np.sort(np.unique(s))[::-1]
    n_pos, n_neg = act.sum(), (~act).sum()
    rows = [(np.inf, 0.0, 0.0)]
    for t in order:
        flagged = s >= t
        rows.append((t, (flagged & act).sum() / n_pos, (flagged & ~act).sum() / n_neg))
    out = pd.DataFrame(rows, columns=["threshold", "tpr", "fpr"])
    if lower_is_positive:
        out["threshold"] = -out["threshold"]
    return out


def auc(score, actual, lower_is_positive: bool = False) -> float:
    """Area under the ROC curve as the probability that a randomly chosen designated unit scores higher (lower
    when ``lower_is_positive``) than a randomly chosen other unit, ties counting one half — the Mann–Whitney
    form (Hanley & McNeil 1982). 0.5 is no separation, 1 perfect separation.

    >>> auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True])
    0.75
    """
    s, act = _oriented(score, actual, lower_is_positive)
    pos, neg = s[act][:, None], s[~act][None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def attach_codes(frame: pd.DataFrame, units: pd.DataFrame, *, sido: str = "sido_kostat_code", name: str = "sigungu_ko",
                 code: str = "sigungu_code") -> pd.Series:
    """The 시군구 code of each row of ``frame``, matched on (시도 code, Korean name) in ``units``; a row whose 시도
    has changed since (Gunwi, Gyeongbuk until 2023, Daegu since) is matched on its name alone if that name is
    unique in the country. Unmatched or ambiguous names raise :class:`ValueError` listing the rows."""
    ref = units[[sido, name, code]].drop_duplicates()
    by_pair = {(str(s), n): c for s, n, c in zip(ref[sido], ref[name], ref[code])}
    counts = ref[name].value_counts()
    by_name = {n: c for n, c in zip(ref[name], ref[code]) if counts[n] == 1}
    out, bad = [], []
    for i, (s, n) in enumerate(zip(frame[sido], frame[name])):
        c = by_pair.get((str(s), n), by_name.get(n))
        if c is None:
            bad.append(f"row {i + 1}: {s} {n}")
        out.append(c)
    if bad:
        raise ValueError(f"no unique 시군구 code for {len(bad)} row(s): " + "; ".join(bad))
    return pd.Series(out, index=frame.index, name=code)


def sites_in_areas(sites: pd.DataFrame, areas: pd.DataFrame, *, sido: str = "sido_kostat_code",
                   name: str = "sigungu_ko", sep: str = ", ") -> pd.Series:
    """Does each site lie in one of ``areas``? A site whose cell names several 시군구 (joined with ``sep``)
    counts as inside if any of them is one of the areas. Matching is on (시도 code, Korean name)."""
    pairs = set(zip(areas[sido].astype(str), areas[name]))
    return pd.Series([any((str(s), n.strip()) in pairs for n in str(cell).split(sep))
                      for s, cell in zip(sites[sido], sites[name])], index=sites.index, name="in_areas")


def group_population(population: pd.DataFrame, groups: dict, *, base_year: int, value: str = "total",
                     key: str = "sigungu_code") -> pd.DataFrame:
    """Total of ``value`` per group and year, and its index (``base_year`` = 100).

    ``groups`` maps a group label to a set of codes. Columns: ``group``, ``year``, ``population``, ``index``,
    ``units``.
    """
    rows = []
    for label, codes in groups.items():
        part = population[population[key].isin(set(codes))]
        totals = part.groupby("year")[value].sum()
        if base_year not in totals.index:
            raise ValueError(f"base_year {base_year} is not in the population table")
        for y, v in totals.items():
            rows.append({"group": label, "year": int(y), "population": int(v), "index": 100 * v / totals[base_year],
                         "units": int(part[key].nunique())})
    return pd.DataFrame(rows)


def decimal_year(date: str) -> float:
    """``"2021-10-19"`` -> 2021.79…, ``"2005-06"`` -> 2005.42 (middle of the month), ``"2005"`` -> 2005.5."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    stamp = pd.Timestamp(str(date))
    return stamp.year + (stamp.day_of_year - 1) / (366 if stamp.is_leap_year else 365)


def census_group_population(census: pd.DataFrame, crosswalk: pd.DataFrame, groups: dict, *,
                            years=(2010, 2015, 2020), value: str = "population") -> pd.DataFrame:
    """Census totals of groups of areas defined by current MOIS codes, on the KOSTAT units of each census.

    ``census`` has ``year``, ``sigungu_code`` (KOSTAT code of that year) and ``value``; ``crosswalk`` has
    ``current_code`` and ``kostat_{year}`` for every year. An area without a unit in one of ``years`` (e.g.
    Sejong before 2012) is left out of every year, so that each group covers the same territory throughout.
    Columns: ``group``, ``year``, ``population``, ``index`` (first year = 100), ``units``, ``left_out``.
    """
    cw = crosswalk.drop_duplicates("current_code").set_index("current_code")
    rows = []
    for label, codes in groups.items():
        codes = [c for c in codes if c in cw.index]
        complete = [c for c in codes if all(pd.notna(cw.at[c, f"kostat_{y}"]) for y in years)]
        totals = {}
        for y in years:
            units = {cw.at[c, f"kostat_{y}"] for c in complete}
            part = census[(census.year == y) & census.sigungu_code.isin(units)]
            if part.sigungu_code.nunique() != len(units):
                missing = sorted(units - set(part.sigungu_code))
                raise ValueError(f"census {y} has no row for KOSTAT unit(s) {missing} (group {label!r})")
            totals[y] = float(part[value].sum())
        for y in years:
            rows.append({"group": label, "year": y, "population": int(totals[y]),
                         "index": 100 * totals[y] / totals[years[0]], "units": len(complete),
                         "left_out": len(codes) - len(complete)})
    return pd.DataFrame(rows)
