"""The extinction-risk index, overlaps, the confusion table and the ROC/AUC, on hand-computed cases;
the AUC also against SciPy's Mann–Whitney U (a reference implementation); and the policy lists against the
totals printed in the official notices."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import mannwhitneyu

from krdev.measures import decline as dm


# ---------------------------------------------------------------- the index and its classes


def test_index_is_women_20_39_over_65_plus():
    out = dm.extinction_index(pd.Series([120, 45, 0]), pd.Series([100, 150, 80]))
    assert out.tolist() == pytest.approx([1.2, 0.3, 0.0])


def test_index_missing_counts_give_missing_index():
    out = dm.extinction_index(pd.Series([10, None], dtype="Int64"), pd.Series([None, 20], dtype="Int64"))
    assert out.isna().all()


def test_index_refuses_zero_elderly_and_names_position():
    with pytest.raises(ValueError, match=r"position\(s\) \[1\]"):
        dm.extinction_index(pd.Series([10, 10]), pd.Series([5, 0]))


def test_index_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="3 values"):
        dm.extinction_index(pd.Series([1, 2, 3]), pd.Series([1, 2]))


@pytest.mark.parametrize("value,label", [
    (0.0, "very high risk (< 0.2)"), (0.1999, "very high risk (< 0.2)"), (0.2, "at risk (0.2–0.5)"),
    (0.4999, "at risk (0.2–0.5)"), (0.5, "caution (0.5–1.0)"), (0.99, "caution (0.5–1.0)"),
    (1.0, "normal (1.0–1.5)"), (1.5, "low risk (≥ 1.5)"), (3.0, "low risk (≥ 1.5)"),
])
def test_lee_2016_classes_lower_bound_inclusive(value, label):
    assert str(dm.risk_class(pd.Series([value])).iloc[0]) == label


def test_missing_index_has_no_class():
    assert dm.risk_class(pd.Series([math.nan])).isna().all()


def test_aggregate_index_is_ratio_of_sums_and_counts_left_out():
    frame = pd.DataFrame({"women_20_39": pd.array([30, 20, None], dtype="Int64"),
                          "age_65_plus": pd.array([100, 100, 50], dtype="Int64")})
    value, missing = dm.aggregate_index(frame)
    assert value == pytest.approx(50 / 200)   # not the mean of 0.3 and 0.2 ... which here is also 0.25
    assert missing == 1
    frame2 = pd.DataFrame({"women_20_39": [10, 90], "age_65_plus": [100, 100]})
    assert dm.aggregate_index(frame2)[0] == pytest.approx(0.5)
    frame3 = pd.DataFrame({"women_20_39": [10, 90], "age_65_plus": [50, 300]})
    assert dm.aggregate_index(frame3)[0] == pytest.approx(100 / 350)   # mean of ratios would be 0.25


def test_crossings_entered_and_left():
    frame = pd.DataFrame({
        "year": [2015] * 4 + [2025] * 4,
        "sigungu_code": ["A", "B", "C", "D"] * 2,
        "index": [0.6, 0.4, 0.7, math.nan, 0.4, 0.6, 0.55, 0.3],
    })
    out = dm.crossings(frame, 0.5, 2015, 2025).set_index("sigungu_code")
    assert out.direction.to_dict() == {"A": "entered", "B": "left"}
    assert out.loc["A", "index_year"] == pytest.approx(0.4)


# ---------------------------------------------------------------- overlap and classification


def test_overlap_counts_shares_and_jaccard():
    o = dm.overlap({1, 2, 3, 4, 5}, {4, 5, 6})
    assert (o["n_a"], o["n_b"], o["both"], o["only_a"], o["only_b"]) == (5, 3, 2, 3, 1)
    assert o["share_of_a"] == pytest.approx(0.4)
    assert o["share_of_b"] == pytest.approx(2 / 3)
    assert o["jaccard"] == pytest.approx(2 / 6)


def test_overlap_refuses_empty_set():
    with pytest.raises(ValueError):
        dm.overlap(set(), {1})


def test_confusion_table_by_hand():
    actual = [True, True, True, False, False, False, False]
    predicted = [True, True, False, True, False, False, False]
    c = dm.confusion(actual, predicted)
    assert (c["tp"], c["fn"], c["fp"], c["tn"]) == (2, 1, 1, 3)
    assert c["sensitivity"] == pytest.approx(2 / 3)
    assert c["specificity"] == pytest.approx(3 / 4)
    assert c["precision"] == pytest.approx(2 / 3)
    assert c["accuracy"] == pytest.approx(5 / 7)


def test_confusion_refuses_missing():
    with pytest.raises(ValueError, match="missing"):
        dm.confusion(pd.Series([True, None]), pd.Series([True, False]))


def test_auc_by_hand_and_with_ties():
    assert dm.auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == pytest.approx(0.75)
    # one positive at 0.4 against negatives 0.4 (tie: 1/2) and 0.1 (win: 1) -> 1.5 / 2
    assert dm.auc([0.4, 0.4, 0.1], [True, False, False]) == pytest.approx(0.75)
    # lower scores mark the designated units: perfect separation
    assert dm.auc([0.1, 0.2, 0.8, 0.9], [True, True, False, False], lower_is_positive=True) == pytest.approx(1.0)


def test_auc_equals_mann_whitney_u_reference():
    rng = np.random.default_rng(7)
    score = np.round(rng.normal(size=60), 1)   # rounding creates ties
    actual = rng.random(60) < 0.4
    u = mannwhitneyu(score[actual], score[~actual]).statistic
    assert dm.auc(score, actual) == pytest.approx(u / (actual.sum() * (~actual).sum()))


def test_roc_points_by_hand_and_area_equals_auc():
    roc = dm.roc_points([0.1, 0.4, 0.35, 0.8], [False, False, True, True])
    assert roc[["tpr", "fpr"]].values.tolist() == [[0, 0], [0.5, 0], [0.5, 0.5], [1, 0.5], [1, 1]]
    assert np.trapezoid(roc.tpr, roc.fpr) == pytest.approx(0.75)
    low = dm.roc_points([0.1, 0.4, 0.35, 0.8], [True, True, False, False], lower_is_positive=True)
    assert low.threshold.iloc[1] == pytest.approx(0.1)
    assert np.trapezoid(low.tpr, low.fpr) == pytest.approx(dm.auc([0.1, 0.4, 0.35, 0.8], [True, True, False, False], True))


def test_roc_refuses_one_class():
    with pytest.raises(ValueError, match="both"):
        dm.auc([1, 2], [True, True])


# ---------------------------------------------------------------- joins


UNITS = pd.DataFrame({"sido_kostat_code": ["32", "38", "22", "21", "21"],
                      "sigungu_ko": ["고성군", "고성군", "군위군", "동구", "남구"],
                      "sigungu_code": ["51820", "48820", "27720", "26170", "26290"]})


def test_attach_codes_by_sido_and_name_then_unique_name():
    frame = pd.DataFrame({"sido_kostat_code": ["32", "38", "37"], "sigungu_ko": ["고성군", "고성군", "군위군"]})
    assert dm.attach_codes(frame, UNITS).tolist() == ["51820", "48820", "27720"]


def test_attach_codes_refuses_ambiguous_or_unknown_names():
    frame = pd.DataFrame({"sido_kostat_code": ["99", "32"], "sigungu_ko": ["고성군", "없는군"]})
    with pytest.raises(ValueError, match="2 row"):
        dm.attach_codes(frame, UNITS)


def test_sites_in_areas_any_of_several():
    sites = pd.DataFrame({"sido_kostat_code": ["21", "21", "22"], "sigungu_ko": ["남구, 동구", "남구", "동구"]})
    areas = pd.DataFrame({"sido_kostat_code": ["21"], "sigungu_ko": ["동구"]})
    assert dm.sites_in_areas(sites, areas).tolist() == [True, False, False]


def test_group_population_index():
    pop = pd.DataFrame({"year": [2015, 2015, 2025, 2025], "sigungu_code": ["A", "B", "A", "B"], "total": [100, 300, 80, 300]})
    out = dm.group_population(pop, {"a": {"A"}, "ab": {"A", "B"}}, base_year=2015).set_index(["group", "year"])
    assert out.loc[("a", 2025), "index"] == pytest.approx(80.0)
    assert out.loc[("ab", 2025), "index"] == pytest.approx(95.0)
    assert out.loc[("ab", 2025), "units"] == 2


def test_decimal_year():
    assert dm.decimal_year("2005") == 2005.5
    assert dm.decimal_year("2005-06") == pytest.approx(2005 + 5.5 / 12)
    assert dm.decimal_year("2021-01-01") == 2021.0


# ---------------------------------------------------------------- the lists against the official totals


def test_designation_lists_match_official_counts():
    from krdev import data

    areas = data.load("population_decline_areas")
    assert areas.designation.value_counts().to_dict() == {"decline": 89, "interest": 18}
    nv = data.load("new_vitality_regions")
    first = nv[nv["round"] == 2004]
    # the official breakdown of 23 August 2004: 70 시·군, 6 시 and 64 군, by 시도
    assert len(first) == 70
    assert first.sigungu_ko.str.endswith("시").sum() == 6
    assert first.groupby("sido_kostat_code").size().to_dict() == {
        "23": 2, "32": 12, "33": 5, "34": 3, "35": 9, "36": 17, "37": 13, "38": 9}
    zones = data.load("opportunity_zones")
    assert int(zones.area_m2.sum()) == 41_675_740   # the header of notice 제2026-10호


def test_age_table_sums_to_national_registered_population():
    from krdev import data

    pop = data.load("sigungu_population_age")
    totals = pop.groupby("year").total.sum()
    # national registered population, KOSIS DT_1B040A3 (year end)
    assert int(totals[2015]) == 51_529_338
    assert int(totals[2025]) == 51_117_378


def test_census_group_population_maps_codes_per_year_and_drops_incomplete_units():
    cw = pd.DataFrame({"current_code": ["M1", "M2", "M3"], "kostat_2010": ["K1", "K2", None],
                       "kostat_2020": ["K1", "K9", "K3"]})   # M2 changed its KOSTAT code; M3 did not exist in 2010
    census = pd.DataFrame({"year": [2010, 2010, 2020, 2020, 2020], "sigungu_code": ["K1", "K2", "K1", "K9", "K3"],
                           "population": [100, 50, 90, 40, 500]})
    out = dm.census_group_population(census, cw, {"g": {"M1", "M2", "M3"}}, years=(2010, 2020)).set_index("year")
    assert out.loc[2010, "population"] == 150
    assert out.loc[2020, "population"] == 130          # M3 (500) left out in every year
    assert out.loc[2020, "index"] == pytest.approx(100 * 130 / 150)
    assert out.loc[2020, "left_out"] == 1


def test_census_group_population_names_missing_units():
    cw = pd.DataFrame({"current_code": ["M1"], "kostat_2010": ["K1"], "kostat_2020": ["K1"]})
    census = pd.DataFrame({"year": [2010], "sigungu_code": ["K1"], "population": [10]})
    with pytest.raises(ValueError, match="census 2020 has no row"):
        dm.census_group_population(census, cw, {"g": {"M1"}}, years=(2010, 2020))
