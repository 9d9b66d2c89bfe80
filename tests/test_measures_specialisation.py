"""Location quotients, Krugman and Hoover indices and the cluster rule against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from krdev.measures import specialisation as S


def _m(rows, index=("a", "b"), columns=("X", "Y")):
    return pd.DataFrame(rows, index=list(index), columns=list(columns), dtype=float)


# ------------------------------------------------------------------ location quotients


def test_lq_two_by_two_by_hand():
    # a: X=30, Y=10 (total 40); b: X=20, Y=50 (total 70); nation X=50, Y=60, total 110
    m = _m([[30, 10], [20, 50]])
    lq = S.location_quotient(m)
    assert lq.loc["a", "X"] == pytest.approx((30 / 40) / (50 / 110))  # 1.65
    assert lq.loc["a", "Y"] == pytest.approx((10 / 40) / (60 / 110))
    assert lq.loc["b", "X"] == pytest.approx((20 / 70) / (50 / 110))
    assert lq.loc["a", "X"] == pytest.approx(1.65)


def test_lq_is_one_for_a_region_with_the_national_structure():
    # c has the structure 50:60 of the nation formed by a+b+c
    m = _m([[30, 10], [20, 50], [5, 6]], index=("a", "b", "c"))
    lq = S.location_quotient(m)
    assert lq.loc["c"].to_numpy() == pytest.approx([1.0, 1.0])


def test_lq_weighted_mean_is_one():
    # Σ_i (x_i/X_j... ) property: Σ_j LQ_ij * s_j = 1 for every region (shares sum to one)
    rng = np.random.default_rng(1)
    m = pd.DataFrame(rng.uniform(1, 100, (6, 4)))
    lq = S.location_quotient(m)
    national = m.sum(axis=0) / m.to_numpy().sum()
    assert (lq * national).sum(axis=1).to_numpy() == pytest.approx(np.ones(6))


def test_group_lq_uses_totals_over_all_industries():
    m = _m([[30, 10, 10], [20, 50, 30]], columns=("X", "Y", "Z"))
    lq = S.lq_of_groups(m, {"XY": ["X", "Y"]})
    # a: (40/50) / (110/150)
    assert lq.loc["a", "XY"] == pytest.approx((40 / 50) / (110 / 150))


# ------------------------------------------------------------------ Krugman and Hoover


def test_krugman_identical_is_zero_and_disjoint_is_two():
    same = _m([[10, 30], [1, 3]])
    assert S.krugman_index(same).to_numpy() == pytest.approx([0.0, 0.0])
    disjoint = _m([[10, 0], [0, 7]])
    assert S.krugman_index(disjoint, "rest").to_numpy() == pytest.approx([2.0, 2.0])


def test_krugman_three_by_three_by_hand():
    m = pd.DataFrame([[6, 2, 2], [1, 8, 1], [3, 0, 7]], index=["a", "b", "c"], columns=["X", "Y", "Z"], dtype=float)
    # nation: X=10, Y=10, Z=10 -> 1/3 each; a: .6 .2 .2 -> |.2667|+|.1333|+|.1333| = 0.5333
    k = S.krugman_index(m)
    assert k["a"] == pytest.approx((0.6 - 1 / 3) + 2 * (1 / 3 - 0.2))
    assert k["a"] == pytest.approx(8 / 15)
    # vs rest: rest of a = b+c: X=4, Y=8, Z=8 (20) -> .2 .4 .4; |.6-.2|+|.2-.4|+|.2-.4| = 0.8
    assert S.krugman_index(m, "rest")["a"] == pytest.approx(0.8)
    assert S.hoover_specialisation(m)["a"] == pytest.approx(4 / 15)


def test_krugman_bad_reference():
    with pytest.raises(ValueError):
        S.krugman_index(_m([[1, 2], [3, 4]]), "world")


def test_hoover_localisation_by_hand():
    m = pd.DataFrame([[6, 2, 2], [1, 8, 1], [3, 0, 7]], index=["a", "b", "c"], columns=["X", "Y", "Z"], dtype=float)
    # region shares of all activity: 1/3 each; industry X shares: .6 .1 .3
    # L_X = ½(|.6-1/3|+|.1-1/3|+|.3-1/3|) = ½(.2667+.2333+.0333) = 0.2667
    assert S.hoover_localisation(m)["X"] == pytest.approx(4 / 15)
    # Y: .2 .8 0 -> ½(.1333+.4667+.3333) = 0.4667
    assert S.hoover_localisation(m)["Y"] == pytest.approx(7 / 15)


def test_locational_gini_bounds_and_even_case():
    even = _m([[10, 20], [30, 60]])
    assert S.locational_gini(even).to_numpy() == pytest.approx([0.0, 0.0])
    # industry Y all in the small region b (size 1 of 11): Lorenz (0,0)->(10/11,0)->(1,1) -> G = 10/11
    conc = _m([[10, 0], [0, 1]])
    assert S.locational_gini(conc)["Y"] == pytest.approx(10 / 11)


@pytest.mark.parametrize("seed", range(5))
def test_property_ranges(seed):
    rng = np.random.default_rng(seed)
    m = pd.DataFrame(rng.uniform(0, 10, (8, 5)) * (rng.uniform(size=(8, 5)) > 0.3) + 1e-9)
    k = S.krugman_index(m)
    assert ((k >= 0) & (k <= 2)).all()
    assert S.hoover_specialisation(m).to_numpy() == pytest.approx(k.to_numpy() / 2)
    hl = S.hoover_localisation(m)
    assert ((hl >= 0) & (hl < 1)).all()
    # scaling a whole region does not change its structure -> its Krugman index vs nation changes only via the base
    scaled = m.copy() * 3.0
    assert S.krugman_index(scaled).to_numpy() == pytest.approx(k.to_numpy())
    assert S.location_quotient(scaled).to_numpy() == pytest.approx(S.location_quotient(m).to_numpy())


# ------------------------------------------------------------------ tables and the cluster rule


def _long():
    rows = []
    data = {"11010": {"C": 30, "J": 10}, "11020": {"C": 20, "J": 50}, "26020": {"C": 5}}
    for code, inds in data.items():
        for ind, v in inds.items():
            rows.append({"year": 2020, "sido_code": code[:2], "sigungu_code": code, "industry_code": ind, "gva_million_krw": v})
    return pd.DataFrame(rows)


def test_gva_matrix_fills_absent_with_zero_and_rejects_duplicates():
    frame = _long()
    m = S.gva_matrix(frame)
    assert m.loc["26020", "J"] == 0
    with pytest.raises(ValueError):
        S.gva_matrix(pd.concat([frame, frame]))


def test_lq_table_and_cluster_rule():
    t = S.lq_table(_long())
    # national: C=55, J=60, total 115; 26020: only C -> LQ = 1/(55/115)
    row = t[(t.sigungu_code == "26020") & (t.industry == "C")].iloc[0]
    assert row.lq == pytest.approx(115 / 55)
    assert row.national_share == pytest.approx(5 / 55)
    cand = S.cluster_candidates(t, "C", lq_threshold=1.25, min_share=0.01)
    assert list(cand.sigungu_code) == ["11010", "26020"]  # 11010 LQ (30/40)/(55/115)=1.57; sorted by GVA
    cand = S.cluster_candidates(t, "C", lq_threshold=1.25, min_share=0.2)
    assert list(cand.sigungu_code) == ["11010"]
    cand = S.cluster_candidates(t, "C", lq_threshold=1.25, min_share=0.01, min_gva_million_krw=10)
    assert list(cand.sigungu_code) == ["11010"]
    with pytest.raises(KeyError):
        S.cluster_candidates(t, "Q")


def test_harmonise_units_sums_merged_codes():
    frame = pd.DataFrame({"year": [2010] * 3, "sigungu_code": ["33010", "33310", "11010"], "industry_code": ["C"] * 3,
                          "gva_million_krw": [1.0, 2.0, 5.0]})
    out = S.harmonise_units(frame)
    assert dict(zip(out.sigungu_code, out.gva_million_krw)) == {"33040": 3.0, "11010": 5.0}


def test_lq_change_uses_common_base():
    a = _long().assign(year=2010)
    a = a[a.sigungu_code != "26020"]  # 2010 lacks one region
    b = _long()
    ch = S.lq_change(pd.concat([a, b]), 2010, 2020)
    assert set(ch.sigungu_code) == {"11010", "11020"}  # 26020 not in both years
    # identical data in both years on the common base -> no change
    assert ch.lq_change.to_numpy() == pytest.approx(np.zeros(len(ch)))


def test_site_sigungu_splits_and_rejects_unknown():
    sites = pd.DataFrame({"site_id": ["bs", "x"], "name_en": ["Banwol-Sihwa", "X"], "kind": ["industrial_complex"] * 2,
                          "sigungu_name_ko": ["안산시/시흥시", None]})
    out = S.site_sigungu(sites, 2020)
    assert list(out.sigungu_code) == ["31090", "31150"]
    with pytest.raises(KeyError):
        S.site_sigungu(sites.assign(sigungu_name_ko=["부산 강서구", None]), 2020)
    assert S.site_sigungu(pd.DataFrame({"site_id": ["c"], "name_en": ["C"], "kind": ["k"],
                                        "sigungu_name_ko": ["청주시"]}), 2010).sigungu_code[0] == "33010"


def test_classification_basis():
    assert S.classification_basis("not_classified", "anything") == "not classified"
    assert S.classification_basis("anchor_plus", "Type assigned by compiler from ...") == "assigned for this book"
    assert S.classification_basis("anchor_plus", "Anchor-plus label as reported by X") == "attested (secondary report)"
    assert S.classification_basis("reimagined_urban", None) == "basis not stated"


def test_knowledge_services_profile_on_real_data():
    from krdev import data
    g, p = data.load("sigungu_grdp_industry"), data.load("sigungu_profile")
    t = S.knowledge_services_profile(g, p, ["11"], [2020])
    assert len(t) == 25
    assert t.share_of_area_kis.sum() == pytest.approx(1.0)
    assert ((t.kis_share > 0) & (t.kis_share < 1)).all()
    # Gangnam-gu is more specialised in knowledge-intensive services than the country
    assert t.set_index("sigungu_code").loc["11230", "lq_KIS"] > 1


def test_centre_shares_sum_to_one_and_reject_overlap():
    t = pd.DataFrame({"year": [2020] * 4, "sigungu_code": ["a", "b", "c", "d"], "kis_gva": [1.0, 2.0, 3.0, 4.0]})
    out = S.centre_shares(t, {"x": ["a", "b"], "y": ["c"]})
    shares = dict(zip(out.centre, out.share))
    assert shares == pytest.approx({"x": 0.3, "y": 0.3, "rest of the area": 0.4})
    with pytest.raises(ValueError):
        S.centre_shares(t, {"x": ["a", "b"], "y": ["b"]})


@pytest.mark.parametrize("text,kind", [
    ("public (City-led) / PPP", "partnership"), ("public (JTC Corporation)", "public"),
    ("nonprofit (Research Triangle Foundation)", "nonprofit / foundation"),
    ("university-municipal partnership", "partnership"), ("private-led (Vulcan Inc.) with public partnership", "partnership"),
    ("university/private", "private / university"), ("PPP (InnovatePGH)", "partnership")])
def test_governance_kind(text, kind):
    assert S.governance_kind(text) == kind


def test_sigungu_labels_in_korean_use_the_crosswalk_names_and_the_former_units_of_2010():
    from krdev import data, regions

    profile = data.load("sigungu_profile")
    ko = S.sigungu_labels(profile, 2020, regions.names("ko"), "ko")
    assert ko["11010"] == "종로구 (서울특별시)"
    assert ko["26020"] == "남구 (울산광역시)"
    assert "(통합)" not in "".join(ko.values())
    en = S.sigungu_labels(profile, 2020, regions.names("en"))
    assert en["11010"] == "Jongno-gu (Seoul)"
    ko_2010 = S.sigungu_labels(profile, 2010, regions.names("ko"), "ko")
    assert ko_2010["34320"] == "연기군 (충청남도)"  # Sejong's core before 2012, absent from today's codes
    assert all(any("가" <= ch <= "힣" for ch in label.split(" (")[0]) for label in ko_2010.values())
