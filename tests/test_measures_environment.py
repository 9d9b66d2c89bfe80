"""Emission series, release shares, intensity and host counts against hand-computed cases."""

from __future__ import annotations

import pandas as pd
import pytest

from krdev import data
from krdev.measures import environment as E

CAPSS = pd.DataFrame({
    "year": [2000, 2000, 2000, 2001, 2001, 2001],
    "sido_kostat_code": ["26", "36", None, "26", "36", None],
    "sido_en": ["Ulsan", "Jeollanam-do", "Sea", "Ulsan", "Jeollanam-do", "Sea"],
    "pollutant": ["SOx"] * 6,
    "tonnes": [60.0, 30.0, 10.0, 45.0, 30.0, 25.0],
})


def test_emission_series_index_and_share_by_hand():
    s = E.emission_series(CAPSS, ["26"], ["SOx"]).set_index("year")
    assert s.loc[2000, "index"] == pytest.approx(100.0)
    assert s.loc[2001, "index"] == pytest.approx(75.0)            # 45 / 60
    assert s.loc[2000, "national_share"] == pytest.approx(0.6)    # 60 / (60 + 30 + 10): Sea counts in the total
    assert s.loc[2001, "national_share"] == pytest.approx(0.45)   # 45 / 100


def test_emission_series_refuses_an_unknown_pollutant():
    with pytest.raises(ValueError, match="'CO2'"):
        E.emission_series(CAPSS, ["26"], ["CO2"])


def test_release_share_of_the_national_row():
    prtr = pd.DataFrame({"year": [1999, 2000, 2000, 2000], "sido_kostat_code": ["26", "00", "26", "31"],
                         "sido_en": ["Ulsan", "Whole country", "Ulsan", "Gyeonggi-do"],
                         "onsite_release_kg": [5.0, 200.0, 50.0, 150.0]})
    r = E.release_series(prtr, ["26"])
    assert list(r.year) == [2000]                                   # 1999 is before the comparable years
    assert r.loc[0, "national_share"] == pytest.approx(0.25)


def test_intensity_matches_rows_and_skips_zero_denominators():
    em = pd.DataFrame({"year": [2015, 2015, 2016], "sido_kostat_code": ["26", "33", "26"], "tonnes": [100.0, 8.0, 90.0]})
    gva = pd.DataFrame({"year": [2015, 2015, 2016], "sido_kostat_code": ["26", "33", "26"],
                        "gva_trillion_krw": [50.0, 0.0, 45.0]})
    out = E.intensity(em, gva).set_index(["year", "sido_kostat_code"])["intensity"]
    assert out.to_dict() == {(2015, "26"): pytest.approx(2.0), (2016, "26"): pytest.approx(2.0)}


def test_change_first_to_last():
    s = E.emission_series(CAPSS, ["26", "36"], ["SOx"])
    c = E.change(s, "tonnes").set_index("sido_kostat_code")
    assert c.loc["26", "pct_change"] == pytest.approx(-0.25)
    assert c.loc["36", "pct_change"] == pytest.approx(0.0)


def test_host_workplaces_from_the_package():
    # counts as printed in the source for the five host areas (class 1 / 2 / 3 workplaces)
    t = E.host_workplaces(data.load("emission_facilities")).set_index("area")
    assert t.loc["Ulsan", ["class 1", "class 2", "class 3"]].tolist() == [103, 43, 58]
    assert t.loc["Ansan-si", "total"] == 34 + 43 + 88
    assert t.loc["Cheongju-si", "class 1"] == 26
