"""The 시도 × activity structure (krdev.measures.specialisation) against the published table and hand-computed cases."""

import pandas as pd
import pytest

from krdev import data
from krdev.measures import specialisation as spec
from krdev.measures.convergence import PARENT


def test_leaf_activities_add_up_to_published_gross_value_added():
    t = data.load("kosis_grdp_activity_2020base")
    leaves = spec.activity_leaves(t)
    assert len(leaves) == 25 and spec.MANUFACTURING_ORDER not in leaves and 3 not in leaves
    assert set(range(8, 15)) <= set(leaves)                       # the seven manufacturing groups
    nominal = t.pivot_table(index=["year", "kostat_code"], columns="activity_order", values="nominal_million_krw")
    gap = (nominal[leaves].sum(axis=1) - nominal[3]).abs().max()  # row 3: gross value added (published)
    assert gap <= 1


def test_structure_by_hand():
    long = pd.DataFrame({"year": [2000] * 4, "sido_code": ["11", "11", "21", "21"],
                         "industry_code": ["8", "18", "8", "18"], "gva_million_krw": [10.0, 90.0, 60.0, 40.0]})
    s = spec.sido_structure(long, ["8"]).set_index("sido_code")
    # manufacturing: 10/100 in Seoul, 60/100 in Busan, 70/200 nationally
    assert s.loc["11", "manufacturing_share"] == pytest.approx(0.10)
    assert s.loc["21", "manufacturing_lq"] == pytest.approx(0.6 / 0.35)
    assert s.loc["11", "share_of_national_manufacturing"] == pytest.approx(10 / 70)
    # Krugman index: sum |s_ij - s_j| = |0.1 - 0.35| + |0.9 - 0.65| = 0.5
    assert s.loc["11", "krugman_index"] == pytest.approx(0.5)


def test_folding_keeps_1985_territories():
    long = spec.sido_activity_long(data.load("kosis_grdp_activity_2020base"))
    fixed = spec.fold_territories(long, PARENT)
    assert fixed.groupby("year").sido_code.nunique().eq(13).all()
    assert fixed.groupby("year").gva_million_krw.sum().equals(long.groupby("year").gva_million_krw.sum())
