"""Tests for krdev.measures.ties: counts, timing, geocoding and great-circle geometry."""

import math

import pandas as pd
import pytest

from krdev.measures import ties as T


def haversine(lon1, lat1, lon2, lat2, r=T.EARTH_RADIUS_KM):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


SAMPLE = pd.DataFrame({
    "sido_code": ["11", "11", "21", "21", "23", "23"],
    "partner_name_en": ["Taipei", "Beijing", "Shandong Province", "Hanoi", "Ankara", "Nowhere-on-earth"],
    "partner_name_local": [None, None, None, None, None, None],
    "partner_country_iso2": ["TW", "CN", "CN", "VN", "TR", "CN"],
    "partner_level": ["city", "city", "province", "city", "city", "city"],
    "relation": ["sister", "sister", "friendship", "sister", "other", "friendship"],
    "established": ["1968", "1993-10-23", "1995", None, "1971", "2005"],
})


def test_parse_and_prepare():
    assert T.parse_year("1991-07-13") == 1991 and T.parse_year(None) is None
    p = T.prepare(SAMPLE)
    assert p["decade"].tolist() == ["1960s", "1990s", "1990s", "date not found", "1970s", "2000s"]
    assert p["dated"].sum() == 5


def test_select_relation_and_region():
    p = T.prepare(SAMPLE)
    assert len(T.select(p, relation="both")) == 5          # "other" always excluded
    assert len(T.select(p, relation="sister")) == 3
    assert T.select(p, relation="both", region=["21"]).partner_name_en.tolist() == ["Shandong Province", "Hanoi"]


def test_by_decade_and_country_by_hand():
    s = T.select(T.prepare(SAMPLE), relation="both")
    d = T.by_decade(s, 1960, 2009).set_index(["decade", "relation"])["ties"]
    assert d[("1960s", "sister")] == 1 and d[("1990s", "sister")] == 1 and d[("1990s", "friendship")] == 1
    assert d[("1980s", "sister")] == 0 and d[("2000s", "friendship")] == 1
    c = T.by_country(s, 1990, 1999).set_index("country")
    assert c.loc["CN", "dated_in_window"] == 2 and c.loc["CN", "undated"] == 0 and c.loc["CN", "first_year"] == 1993
    assert c.loc["VN", "undated"] == 1 and c.loc["VN", "total"] == 1
    assert "TW" not in c.index                              # dated 1968, outside the window, not undated


def test_diplomatic_timing():
    s = T.select(T.prepare(SAMPLE), relation="both")
    t = T.diplomatic_timing(s).set_index("country")
    assert t.loc["CN", "ties_before"] == 0 and t.loc["CN", "first_year"] == 1993 and t.loc["CN", "lag_years"] == 1
    assert t.loc["CN", "ties_within"] == 2                  # 1993 and 1995 fall in 1992..1996
    assert t.loc["TW", "ties_before"] == 1
    assert pd.isna(t.loc["TW", "lag_years"])                # relations ended in 1992: no lag
    assert t.loc["VN", "undated"] == 1 and pd.isna(t.loc["VN", "first_year"])


def test_geocoding_known_cities_and_province_seat():
    taipei = T.geocode_city("Taipei", "TW")
    assert taipei["latitude"] == pytest.approx(25.05, abs=0.1) and taipei["longitude"] == pytest.approx(121.53, abs=0.1)
    ankara = T.geocode_city("Ankara", "TR")
    assert ankara["latitude"] == pytest.approx(39.92, abs=0.1) and ankara["longitude"] == pytest.approx(32.85, abs=0.1)
    assert T.geocode_city("Bogota", "CO")["name"] == "Bogotá"          # accents ignored
    assert T.geocode_city("Ankara", "JP") is None                        # country is respected
    rawson = T.geocode_city("Rawson", "AR", admin1="04")                  # Chubut, not San Juan
    assert rawson["latitude"] < -40
    g = T.geocode_partners(T.prepare(SAMPLE)).set_index("partner_name_en")
    assert g.loc["Shandong Province", "method"] == "seat of province/state: Jinan"
    assert g.loc["Shandong Province", "latitude"] == pytest.approx(36.67, abs=0.1)
    assert g.loc["Nowhere-on-earth", "method"] == "not matched" and math.isnan(g.loc["Nowhere-on-earth", "latitude"])


def test_geocode_summary_counts_methods():
    partners = pd.DataFrame({"method": ["city name", "city name", "seat of province/state: Jinan",
                                        "not matched (no seat listed)"]})
    out = T.geocode_summary(partners)
    assert out.to_dict("list") == {"placed by": ["city name", "seat of province/state", "not matched"],
                                   "partners": [2, 1, 1]}


def test_normalise_name():
    assert T.normalise_name("Thủ Dầu Một") == "thudaumot"
    assert T.normalise_name("Xi’an") == T.normalise_name("Xi'an") == "xian"
    assert T.province_key("Guangxi Zhuang Autonomous Region") == "Guangxi Zhuang"
    assert T.province_key("Kanagawa Prefecture") == "Kanagawa"


def test_great_circle_midpoints_and_distance():
    # along the equator the midpoint of 0° and 90° E is 45° E
    mid = T.great_circle(0, 0, 90, 0, n=3)[1]
    assert mid == pytest.approx((45.0, 0.0), abs=1e-6)
    # along a meridian
    assert T.great_circle(0, 0, 0, 90, n=3)[1][1] == pytest.approx(45.0, abs=1e-6)
    # the great circle from Seoul to San Francisco bulges north of both endpoints
    arc = T.great_circle(126.98, 37.57, -122.42, 37.77, n=21)
    assert max(lat for _, lat in arc) > 45
    assert arc[0] == pytest.approx((126.98, 37.57), abs=1e-4) and arc[-1] == pytest.approx((-122.42, 37.77), abs=1e-4)
    # every interpolated point lies on the arc: d(A,P) + d(P,B) = d(A,B)
    total = T.distance_km(126.98, 37.57, -122.42, 37.77)
    for lon, lat in arc[1:-1]:
        assert T.distance_km(126.98, 37.57, lon, lat) + T.distance_km(lon, lat, -122.42, 37.77) == pytest.approx(total, rel=1e-4)
    # distance agrees with the haversine formula (Seoul–Tokyo is about 1,150 km)
    d = T.distance_km(126.978, 37.5665, 139.6503, 35.6762)
    assert d == pytest.approx(haversine(126.978, 37.5665, 139.6503, 35.6762), rel=1e-9)
    assert 1100 < d < 1200
    with pytest.raises(ValueError):
        T.great_circle(0, 0, 180, 0)


def test_national_and_sample_shares():
    totals = pd.DataFrame({"year": [2012, 2012, 2012, 2018], "scope": ["all_local_governments"] * 4,
                           "indicator": ["ties", "ties_CN", "ties_JP", "ties_CN"], "value": [100, 40, 15, 50]})
    s = T.national_shares(totals)
    assert s.set_index("country").loc["CN", "share"] == pytest.approx(0.4)
    assert len(s) == 2                                     # 2018 has no total, so no share
    sample = T.sample_shares(T.select(T.prepare(SAMPLE), relation="both"), ["CN", "JP"]).set_index("country")
    assert sample.loc["CN", "ties"] == 3 and sample.loc["CN", "share"] == pytest.approx(3 / 5)
    assert sample.loc["JP", "share"] == 0
