"""Related and unrelated variety (Frenken, Van Oort & Verburg 2007) against hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from krdev.measures import variety as V

GROUPS = {"a1": "A", "a2": "A", "b1": "B"}


def test_three_activities_two_groups_by_hand():
    # values 1, 3 (group A) and 4 (group B): shares 1/8, 3/8, 1/2.
    # TV = 1/8·log2 8 + 3/8·log2(8/3) + 1/2·log2 2 = 0.375 + 0.530639 + 0.5 = 1.405639 bits
    # UV = entropy of (1/2, 1/2) = 1 bit
    # RV = 1/2 · entropy of (1/4, 3/4) + 1/2 · 0 = 1/2 · 0.811278 = 0.405639 bits
    v = V.variety({"a1": 1, "a2": 3, "b1": 4}, GROUPS)
    assert v.total == pytest.approx(0.375 + 0.375 * math.log2(8 / 3) + 0.5)
    assert v.total == pytest.approx(1.405639, abs=1e-6)
    assert v.unrelated == pytest.approx(1.0)
    assert v.related == pytest.approx(0.5 * (0.25 * 2 + 0.75 * math.log2(4 / 3)))
    assert v.related == pytest.approx(0.405639, abs=1e-6)


def test_identity_total_is_unrelated_plus_related():
    rng = np.random.default_rng(7)
    groups = {f"x{i}": f"g{i % 4}" for i in range(20)}
    for _ in range(25):
        values = dict(zip(groups, rng.uniform(0, 100, 20)))
        v = V.variety(values, groups)
        assert v.total == pytest.approx(v.unrelated + v.related, abs=1e-12)


def test_one_group_is_all_related_and_singletons_all_unrelated():
    values = {"a": 2.0, "b": 2.0, "c": 4.0}                     # shares 1/4, 1/4, 1/2: entropy 1.5 bits
    one = V.variety(values, {"a": "G", "b": "G", "c": "G"})
    assert (one.total, one.unrelated, one.related) == pytest.approx((1.5, 0.0, 1.5))
    alone = V.variety(values, {"a": "a", "b": "b", "c": "c"})
    assert (alone.total, alone.unrelated, alone.related) == pytest.approx((1.5, 1.5, 0.0))


def test_equal_shares_give_log2_n_and_zero_shares_count_nothing():
    v = V.variety({"a": 5, "b": 5, "c": 5, "d": 5}, {"a": "G", "b": "G", "c": "H", "d": "H"})
    assert v.total == pytest.approx(2.0)                       # log2 4
    assert v.unrelated == pytest.approx(1.0) and v.related == pytest.approx(1.0)
    with_zero = V.variety({"a": 5, "b": 5, "c": 5, "d": 5, "e": 0}, {"a": "G", "b": "G", "c": "H", "d": "H", "e": "H"})
    assert with_zero == v


def test_scale_invariant_and_matches_a_reference_entropy():
    # reference: Shannon entropy in bits computed independently with numpy on normalised shares
    values = {"a1": 12.0, "a2": 30.0, "b1": 58.0}
    p = np.array([12, 30, 58]) / 100
    reference = float(-(p * np.log2(p)).sum())
    assert V.variety(values, GROUPS).total == pytest.approx(reference)
    assert V.variety({k: 1000 * x for k, x in values.items()}, GROUPS) == V.variety(values, GROUPS)


def test_table_by_region_and_year():
    frame = pd.DataFrame({
        "year": [2000] * 3 + [2001] * 3, "region": ["r"] * 6, "activity": ["a1", "a2", "b1"] * 2,
        "value": [1, 3, 4, 1, 1, 0],
    })
    table = V.variety_table(frame, GROUPS)
    assert list(table.year) == [2000, 2001]
    assert table.loc[0, "unrelated"] == pytest.approx(1.0)
    assert table.loc[1, "total"] == pytest.approx(1.0) and table.loc[1, "unrelated"] == pytest.approx(0.0)
    assert table.loc[1, "related_share"] == pytest.approx(1.0)


def test_negative_value_added_can_be_counted_as_zero():
    with_negative = V.variety({"a1": 1, "a2": -2, "b1": 1}, GROUPS, negative="zero")
    assert with_negative == V.variety({"a1": 1, "a2": 0, "b1": 1}, GROUPS)
    table = V.variety_table(pd.DataFrame({"year": [1, 1, 1], "region": ["r"] * 3, "activity": ["a1", "a2", "b1"],
                                          "value": [1, -2, 1]}), GROUPS, negative="zero")
    assert table.loc[0, "negative_counted_as_zero"] == "a2"
    assert table.loc[0, "total"] == pytest.approx(1.0)


def test_bad_input_names_the_culprit():
    with pytest.raises(ValueError, match=r"'c9'.*region=x"):
        V.variety({"a1": 1, "c9": 2}, GROUPS, where="region=x")
    with pytest.raises(ValueError, match=r"'a2'.*negative"):
        V.variety({"a1": 1, "a2": -2, "b1": 3}, GROUPS)
    with pytest.raises(ValueError, match="all activities are zero"):
        V.variety({"a1": 0, "b1": 0}, GROUPS)
    with pytest.raises(ValueError, match="column 'value'"):
        V.variety_table(pd.DataFrame({"year": [1], "region": ["r"], "activity": ["a1"]}), GROUPS)


def test_leaf_groups_of_an_indented_tree():
    # 0 total; 2 A (leaf); 2 M; 3 M.C (with two level-4 children); 3 M.B (leaf); 2 S; 3 S.x (leaf)
    tree = pd.DataFrame({"activity_order": [1, 2, 3, 4, 5, 6, 7, 8, 9],
                         "activity_level": [0, 2, 2, 3, 4, 4, 3, 2, 3]})
    assert V.leaf_groups(tree) == {2: 2, 5: 4, 6: 4, 7: 7, 9: 9}


def test_activity_variety_on_a_kosis_like_table():
    # one region, one year: GRDP (0), GVA (1), A (2, leaf), M (2) with M.C (3) split into two level-4 rows,
    # and M.B (3, leaf). Leaves: A=4, C1=1, C2=1, B=2 (total 8): groups A, C, B with shares 1/2, 1/4, 1/4.
    rows = [(1, 0, "GRDP", 9), (2, 1, "GVA", 8), (3, 2, "A", 4), (4, 2, "M", 4), (5, 3, "C", 2),
            (6, 4, "C1", 1), (7, 4, "C2", 1), (8, 3, "B", 2)]
    frame = pd.DataFrame([{"year": 2020, "kostat_code": "11", "activity_order": o, "activity_level": lv,
                           "activity_en": n, "nominal_million_krw": v} for o, lv, n, v in rows])
    v = V.activity_variety(frame).iloc[0]
    # UV = entropy(1/2, 1/4, 1/4) = 1.5 bits; RV = 1/4 * entropy(1/2, 1/2) = 0.25 bits; TV = 1.75 bits
    assert v.unrelated == pytest.approx(1.5)
    assert v.related == pytest.approx(0.25)
    assert v.total == pytest.approx(1.75)
    other = frame.assign(kostat_code="21")
    incomplete = pd.concat([frame, other[other.activity_order != 7]])     # region 21 lacks one leaf
    with pytest.raises(ValueError, match="kostat_code=21, year=2020 has 3 of the 4"):
        V.activity_variety(incomplete)


def test_activity_variety_of_the_package_table():
    from krdev import data

    g = data.load("kosis_grdp_activity_2020base")
    table = V.activity_variety(g[g.year.isin([2000, 2020])])
    groups = table.attrs["groups"]
    assert len(groups) == 25 and len(set(groups.values())) == 16   # 25 published leaves in 16 groups
    assert (table.total - table.unrelated - table.related).abs().max() < 1e-9
    assert table.total.le(math.log2(25) + 1e-9).all()
