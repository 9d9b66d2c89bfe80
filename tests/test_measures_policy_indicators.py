"""Tests of krdev.measures.policy_indicators on the real data package and on small frames."""

import pandas as pd
import pytest

from krdev import data
from krdev.measures import policy_indicators as pi


def test_seed_indicators_reproduce_printed_values():
    seed = data.load("seed_figures")
    table = pi.seed_indicators(seed)
    grdp = table[table.indicator == "Non-capital share of GRDP"].set_index("year").value
    assert grdp.to_dict() == {2002: 51.3, 2003: 51.9, 2004: 52.7}
    exports = table[table.indicator == "Non-capital share of exports"]
    assert list(exports.year) == [2001, 2003, 2004, 2005]
    assert pi.seed_value(seed, "nca_fiscal_capacity_gap_2005") == pytest.approx(0.45)
    with pytest.raises(KeyError):
        pi.seed_value(seed, "no_such_figure")


def test_split_and_fiscal_series():
    assert pi.split_values("53.9/53.6") == [53.9, 53.6]
    official = pd.DataFrame({"indicator": ["fiscal_independence_avg_local_govts"], "region": ["national"],
                             "year": ["2008/2009"], "value": ["53.9/53.6"]})
    f = pi.fiscal_self_reliance(official)
    assert f.year.tolist() == [2008, 2009] and f.value.tolist() == [53.9, 53.6]


def test_official_2022_share_by_hand():
    g = pd.DataFrame({"sido": ["Seoul", "Incheon", "Gyeonggi", "Busan", "TOTAL"],
                      "grdp_2022_nominal_trillion_krw": [5.0, 1.0, 4.0, 10.0, 20.0]})
    assert pi.official_2022_capital_share(g) == pytest.approx(0.5)
    real = pi.official_2022_capital_share(data.load("official_grdp_2022"))
    assert real == pytest.approx(1137 / 2166)


def test_rnd_share_recomputed():
    year, share = pi.rnd_noncapital_share(data.load("official_rnd_exports"))
    assert year == 2022 and share == pytest.approx(33.6517 / 112.646)


def test_policy_events_sorted_and_dated():
    ev = pi.policy_events(data.load("seed_figures"), data.load("korea_cluster_programs"),
                          data.load("official_innovation_cities"), data.load("regions"))
    assert ev.x.is_monotonic_increasing
    assert ev.x.min() == 2003 and 2019 < ev.x.max() < 2020
    assert any("176" in e for e in ev.event)                 # the 2005 relocation plan, from the seed
    assert any("Sejong" in e for e in ev.event)
    n = pi.number_events(ev, lanes=2)
    assert n.n.tolist()[:3] == ["1", "2", "3"] and set(n.lane) == {0, 1}
    assert pi._decimal(200506) == pytest.approx(2005 + 5 / 12)


def test_every_number_printed_in_section_4_na_is_in_the_table():
    """The article's section 4.나 prints the GRDP, export and fiscal figures, the special account and two farm
    figures (non-farm income 53.9% → 61.3%, part-time farm households 32.7% → 40.5%, 2002 and 2005)."""
    table = pi.seed_indicators(data.load("seed_figures"))
    farm = table[table.figure_id.str.startswith("farm_")].set_index("figure_id").value.to_dict()
    assert farm == {"farm_nonfarm_income_share_2002": 53.9, "farm_nonfarm_income_share_2005": 61.3,
                    "farm_parttime_household_share_2002": 32.7, "farm_parttime_household_share_2005": 40.5}
    assert len(table) == 17 and table.location.str.startswith("4.(평가) 나.").all()


def test_capital_share_of_a_one_year_table_by_hand():
    g = pd.DataFrame({"kostat_code": ["11", "23", "31", "21", "39"], "v": [4.0, 1.0, 3.0, 1.5, 0.5]})
    assert pi.capital_share(g, "v", ["11", "23", "31"]) == pytest.approx(8 / 10)
    assert pi.capital_share(g, "v", ["11"]) == pytest.approx(0.4)


def test_innovation_city_share_is_computed_not_copied():
    city = pi.innovation_city_population(data.load("official_innovation_cities"))
    assert city["population"] == 229401 and city["planned"] == 267000
    assert round(city["share"] * 100, 1) == 85.9  # the press report printed 85.6


def test_the_2005_relocation_event_is_a_plan():
    ev = pi.policy_events(data.load("seed_figures"), data.load("korea_cluster_programs"),
                          data.load("official_innovation_cities"), data.load("regions"))
    plan = ev[ev.event.str.contains("176")]
    assert len(plan) == 1 and "plan" in plan.event.iloc[0].lower() and plan.date.iloc[0] == "2005-06"
    assert not ev.source.str.contains("seed|bd_|_", regex=True).any()  # sources named for readers


def test_jeju_2022_is_filled_and_the_release_adds_up():
    g = data.load("official_grdp_2022").set_index("sido").grdp_2022_nominal_trillion_krw
    assert g["Jeju"] == 21
    assert abs(g.drop("TOTAL").sum() - g["TOTAL"]) <= 17 * 0.5  # 17 values rounded to whole trillions
