"""Tests of krdev.measures.migration with hand-computed OD tables and a cross-check on real data."""

import pandas as pd
import pytest

from krdev import data, regions
from krdev.measures.migration import (group_flows, net_to_group_by_origin, od_wide, region_net,
                                      reversal_periods, sign_runs, top_pairs)

CAP = ["11", "23", "31"]


def od_table():
    """Two years, regions 11, 31 (group) and 21, 22 (outside). Diagonal rows included."""
    rows = [
        # year, origin, destination, movers
        (2000, "11", "11", 100),  # within Seoul: ignored
        (2000, "11", "31", 50),   # within group: ignored
        (2000, "31", "11", 20),   # within group: ignored
        (2000, "21", "11", 30),   # in
        (2000, "22", "31", 10),   # in
        (2000, "11", "21", 5),    # out
        (2000, "31", "22", 8),    # out
        (2000, "21", "22", 7),    # outside-outside: ignored
        (2001, "21", "31", 4),    # in
        (2001, "31", "21", 9),    # out
        (2001, "11", "22", 6),    # out
    ]
    return pd.DataFrame(rows, columns=["year", "origin_sido_code", "destination_sido_code", "movers"])


def test_group_flows_by_hand():
    g = group_flows(od_table(), ["11", "31"])
    assert g.loc[2000].to_dict() == {"inflow": 40, "outflow": 13, "net": 27}
    assert g.loc[2001].to_dict() == {"inflow": 4, "outflow": 15, "net": -11}


def test_group_flows_missing_column():
    with pytest.raises(KeyError):
        group_flows(od_table().drop(columns="movers"), ["11"])


def test_region_net_by_hand():
    r = region_net(od_table()).set_index(["year", "region"])
    # Seoul 2000: in 20 (from 31) + 30 (from 21) = 50; out 50 (to 31) + 5 = 55
    assert r.loc[(2000, "11")].tolist() == [50, 55, -5]
    assert r.net.groupby("year").sum().tolist() == [0, 0]   # net migration sums to zero nationally


def test_group_net_equals_sum_of_member_nets():
    od = od_table()
    r = region_net(od)
    members = r[r.region.isin(["11", "31"])].groupby("year").net.sum()
    assert members.tolist() == group_flows(od, ["11", "31"]).net.tolist()


def test_sign_runs_and_reversals():
    net = pd.Series([5, -1, -2, 3, -4, 0, 6], index=range(2010, 2017))
    runs = sign_runs(net, -1)
    assert runs.values.tolist() == [[2011, 2012, 2, -3], [2014, 2014, 1, -4]]
    assert sign_runs(net, 1)[["start", "end"]].values.tolist() == [[2010, 2010], [2013, 2013], [2016, 2016]]
    assert reversal_periods(net).values.tolist() == runs.values.tolist()   # total is positive
    # for a series that loses on balance, the reversals are its positive runs
    assert reversal_periods(-net)[["start", "end"]].values.tolist() == [[2011, 2012], [2014, 2014]]
    # a missing year breaks a run
    gap = pd.Series([-1, -1, -1], index=[2000, 2001, 2003])
    assert sign_runs(gap)[["start", "end"]].values.tolist() == [[2000, 2001], [2003, 2003]]
    with pytest.raises(ValueError):
        sign_runs(net, 0)


def test_net_to_group_by_origin_by_hand():
    out = net_to_group_by_origin(od_table(), ["11", "31"]).set_index("region")
    # 21: to group 30 + 4 = 34, from group 5 + 9 = 14; 22: to 10, from 8 + 6 = 14
    assert out.loc["21"].tolist() == [34, 14, 20]
    assert out.loc["22"].tolist() == [10, 14, -4]
    assert list(out.index) == ["21", "22"]
    only_2001 = net_to_group_by_origin(od_table(), ["11", "31"], years=[2001]).set_index("region")
    assert only_2001.loc["21", "net"] == -5


def test_top_pairs_by_hand():
    tp = top_pairs(od_table(), 3)
    assert tp.values.tolist() == [["11", "31", 50], ["21", "11", 30], ["31", "11", 20]]


def test_od_wide():
    w = od_wide(od_table(), scale=1, digits=0)
    row = w[(w.year == 2000) & (w.origin == "11")].iloc[0]
    assert row["31"] == 50 and row["21"] == 5 and pd.isna(row["11"])   # diagonal dropped


# ------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def movers():
    return data.load("movers")


def test_real_net_to_capital_two_ways(movers):
    """Inflow − outflow of the capital region equals the sum of its members' net migration."""
    direct = group_flows(movers, CAP).net
    via_members = region_net(movers).query("region in @CAP").groupby("year").net.sum()
    pd.testing.assert_series_equal(direct, via_members.reindex(direct.index), check_names=False)


def test_real_net_sums_to_zero_nationally(movers):
    assert (region_net(movers).groupby("year").net.sum() == 0).all()


def test_real_capital_gains_overall_with_2010s_reversal(movers):
    net = group_flows(movers, CAP).net
    assert net.sum() > 0
    assert net.loc[1970] > 0
    rev = reversal_periods(net)
    assert len(rev) >= 1 and rev.start.min() >= 2010


def test_real_top_senders_are_outside_capital(movers):
    senders = net_to_group_by_origin(movers, CAP, years=range(1970, 2021))
    assert not senders.region.isin(CAP).any()
    assert senders.net.iloc[0] > 0


def test_classify_pairs_and_describe_runs():
    from krdev.measures.migration import PAIR_KINDS, classify_pairs, describe_runs
    k = classify_pairs(pd.Series(["11", "21", "11", "21"]), pd.Series(["31", "11", "22", "22"]), ["11", "31"])
    assert k.tolist() == [PAIR_KINDS[0], PAIR_KINDS[1], PAIR_KINDS[2], PAIR_KINDS[3]]
    assert describe_runs(sign_runs(pd.Series([1, -1, 2, -1, -1], index=range(2000, 2005)))) == "2001 and 2003–2004"
    assert describe_runs(sign_runs(pd.Series([1, 2], index=[1, 2]))) == "none"


def test_net_sentences_follow_the_sign():
    from krdev.measures.migration import net_sentences
    idx = pd.Index([2000, 2001, 2002], name="year")
    gain = net_sentences(pd.DataFrame({"net": [2_000_000, -5000, 1000]}, index=idx), "G")
    assert gain["total"].startswith("Over 2000–2002 G gained 2.00 million")
    assert "reversed in 2001" in gain["reversals"] and "G lost 5 thousand" in gain["reversals"]
    loss = net_sentences(pd.DataFrame({"net": [-3000, -1000, -2000]}, index=idx), "G")
    assert "lost 6 thousand" in loss["total"]
    assert loss["peak"].startswith("Net migration was negative in every year") and "2001" in loss["peak"]
    assert loss["reversals"] == "The net flow never changed direction in 2000–2002."
    assert loss["last"] == "In 2002 G lost 2 thousand people on balance."


def test_net_sentences_in_korean_count_in_man(monkeypatch):
    """The Korean edition's sentences: counts in 만 (2,000,000 − 5,000 + 1,000 = 1,996,000 → "200만"),
    the loss of 5,000 in the reversal year as "5,000", and no English left."""
    from krdev.measures.migration import net_sentences
    monkeypatch.setenv("KRDEV_LANG", "ko")
    idx = pd.Index([2000, 2001, 2002], name="year")
    out = net_sentences(pd.DataFrame({"net": [2_000_000, -5000, 1000]}, index=idx), "수도권")
    assert out["total"] == "2000–2002년에 수도권은 나머지 지역과의 순이동으로 200만 명이 늘었다."
    assert "2001년" in out["reversals"] and "5,000 명을 잃었다" in out["reversals"]
    assert not any("million" in v or "thousand" in v for v in out.values())


# ---------------------------------------------------------------- entries, turning points, the net table


def test_entry_years_by_hand():
    from krdev.measures.migration import entry_years

    od = pd.DataFrame({"year": [1980, 1980, 1982, 1983, 1990],
                       "origin_sido_code": ["11", "21", "24", "24", "26"]})
    out = entry_years(od, {"11": 1946, "21": 1963, "24": 1986, "26": 1990})
    assert out.values.tolist() == [["24", 1982, 1986, True], ["26", 1990, 1990, False]]


def test_real_movers_back_cast_gwangju_daejeon_and_ulsan():
    """The fact-check's finding, independently of the chapter: KOSIS back-casts Gwangju and Daejeon to
    1982 and Ulsan to 1996, before their creation (1986, 1989, 1997)."""
    from krdev.measures.migration import entry_years

    cw = regions.crosswalk()
    out = entry_years(data.load("movers"), dict(zip(cw.kostat_code, cw.established_year))).set_index("region")
    assert sorted(out[out.back_cast].index) == ["24", "25", "26"]
    assert out.loc[["24", "25", "26"], "first_year"].tolist() == [1982, 1982, 1996]
    assert out.loc[["22", "23", "29"], "first_year"].tolist() == [1981, 1981, 2012]


def test_turning_points_by_hand():
    from krdev.measures.migration import turning_points

    s = pd.Series([3, 2, 1, 2, 3, 4, 5, 4, 3, 2], index=range(1990, 2000))
    assert turning_points(s, 2).values.tolist() == [[1992, 1, "trough"], [1996, 5, "peak"]]
    assert turning_points(s, 3).values.tolist() == [[1996, 5, "peak"]]  # 1992 is within 3 years of the start
    flat = pd.Series([1, 1, 1, 1, 1], index=range(5))
    assert turning_points(flat, 1).empty  # ties are not turning points


def test_real_net_migration_rebounds_after_the_1998_low():
    """The 1990s decline was not monotone: the capital region's net gain hit a low in 1998 and rebounded
    to a high in 2002 (the fact-check's correction of "shrank in the 1990s")."""
    from krdev.measures.migration import turning_points

    net = group_flows(data.load("movers"), CAP).net
    turns = turning_points(net).set_index("year")
    assert turns.loc[1998, "kind"] == "trough" and turns.loc[2002, "kind"] == "peak"
    assert net.loc[2002] > 10 * net.loc[1998] and net.loc[2002] > net.loc[1993:2001].max()


def test_net_migration_table_agrees_with_the_movers_table():
    """Two KOSIS tables, one check: net migration by 시도 in 2024 equals inflow minus outflow of the
    origin × destination table for every 시도, and each year of the net table sums to zero."""
    od = data.load("movers")
    net = data.load("kosis_net_migration_2025")
    by_region = region_net(od[od.year == 2024]).set_index("region").net
    table = net[net.year == 2024].set_index("kostat_code").net_migration
    assert len(table) == 17 and (table.sort_index() == by_region.reindex(table.index).sort_index()).all()
    assert (net.groupby("year").net_migration.sum() == 0).all()
