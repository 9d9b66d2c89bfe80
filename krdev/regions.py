"""The 시도 crosswalk: KOSTAT statistical codes vs administrative (MOIS) codes.

The two systems collide: 26 is Ulsan in KOSTAT's statistical codes and Busan in the MOIS
codes that KOSIS migration tables use; 29 is Sejong in one and Gwangju in the other; 31 is
Gyeonggi-do and Ulsan. Every table in the data package states which system each code column
uses (``krdev:codeSystem``), the loader checks codes against it, and joins go through
:func:`to_kostat` rather than through bare integers.
"""

from __future__ import annotations

import pandas as pd

from krdev.data import load
from krdev.errors import WrongCodeSystemError, UnknownRegionCodeError

DEFAULT_CAPITAL_REGION = ("11", "23", "31")  # Seoul, Incheon, Gyeonggi-do


def crosswalk() -> pd.DataFrame:
    """The validated crosswalk, one row per 시도."""
    return load("regions")


def to_kostat(codes: pd.Series, system: str) -> pd.Series:
    """Map codes of ``system`` ("kostat" or "mois") to KOSTAT codes; unknown codes raise."""
    cw = crosswalk()
    if system not in ("kostat", "mois"):
        raise ValueError(f"unknown code system {system!r}")
    column = "kostat_code" if system == "kostat" else "mois_code"
    mapping = dict(zip(cw[column].astype(str), cw.kostat_code.astype(str)))
    codes = codes.astype(str)
    bad = sorted(set(codes) - set(mapping))
    if bad:
        raise UnknownRegionCodeError(f"{system.upper()} codes not in the crosswalk: {bad}", column=codes.name)
    return codes.map(mapping)


def names(lang: str = "en") -> dict[str, str]:
    """KOSTAT code -> name (``lang`` = "en" or "ko")."""
    cw = crosswalk()
    return dict(zip(cw.kostat_code, cw.name_en if lang == "en" else cw.name_ko))


def labels(language: str | None = None) -> dict[str, str]:
    """KOSTAT code -> label for charts: "English (한국어)", or the Korean name alone in the Korean
    edition (``language`` defaults to the build's, :func:`krdev.i18n.lang`)."""
    from krdev.i18n import lang

    cw = crosswalk()
    if (language or lang()) == "ko":
        return dict(zip(cw.kostat_code, cw.name_ko))
    return {c: f"{e} ({k})" for c, e, k in zip(cw.kostat_code, cw.name_en, cw.name_ko)}


def is_capital(codes: pd.Series, capital_region=DEFAULT_CAPITAL_REGION) -> pd.Series:
    """Boolean Series: is each KOSTAT code in ``capital_region``?"""
    return codes.astype(str).isin([str(c) for c in capital_region])


def assert_system(frame: pd.DataFrame, column: str, system: str) -> None:
    """Raise :class:`WrongCodeSystemError` unless ``frame[column]`` is in ``system`` per the package schema."""
    res_name = frame.attrs.get("resource")
    if res_name is None:
        raise WrongCodeSystemError(f"cannot tell the code system of column {column!r}: the frame has no resource metadata")
    from krdev.data import resource

    declared = {f["name"]: f.get("krdev:codeSystem") for f in resource(res_name)["schema"]["fields"]}
    if declared.get(column) != system:
        raise WrongCodeSystemError(
            f"column {column!r} of {res_name!r} holds {str(declared.get(column)).upper()} codes, not {system.upper()}",
            column=column,
        )


def centroids(boundaries, code_field: str = "sigungu_code") -> pd.DataFrame:
    """Centroid (lon, lat in WGS 84, 4 decimals) of each polygon, computed in the Korean TM
    projection (EPSG:5179) so that the centroid is a planar one, not a lon/lat average.

    Columns: ``code_field``, ``lon``, ``lat``. Used to place labels and points on maps.
    """
    projected = boundaries.to_crs(5179)
    points = projected.geometry.centroid.to_crs(4326)
    return pd.DataFrame({code_field: boundaries[code_field].astype(str).to_numpy(),
                         "lon": points.x.round(4).to_numpy(), "lat": points.y.round(4).to_numpy()})


# ---------------------------------------------------------------- 시군구: MOIS codes -> boundary units

#: The boundary vintages of the package (``sigungu_boundaries_{year}``).
BOUNDARY_YEARS = (2010, 2015, 2020)


def sigungu_crosswalk(year: int) -> pd.DataFrame:
    """The rows of the 시군구 crosswalk whose MOIS code was in force at the end of ``year``.

    A code is in force on 31 December of ``year`` when ``valid_from`` is empty or not later and
    ``valid_to`` is empty or not earlier (registration tables count residents at year end).
    """
    cw = load("sigungu_crosswalk")
    end = f"{int(year)}-12-31"
    valid_from = cw.valid_from.fillna("")
    valid_to = cw.valid_to.fillna("")
    in_force = ((valid_from == "") | (valid_from <= end)) & ((valid_to == "") | (valid_to >= end))
    return cw[in_force].reset_index(drop=True)


def sigungu_to_boundary(codes, year: int, boundary_year: int = 2020) -> pd.Series:
    """Map MOIS 5-digit 시군구 codes in force at the end of ``year`` to the 5-digit KOSTAT code of
    the ``boundary_year`` boundary unit that covers them.

    A non-autonomous 구 (일반구) maps to its city's unit (the boundaries fold 구 into cities), so
    several codes may share a unit: sum only the codes without a parent to avoid double counting.
    A unit keeps its boundary unit across renamings and code changes (군위군 is drawn on the
    2020 boundary unit in Gyeongsangbuk-do even after it moved to Daegu in 2023: aggregate to 시도
    with the data's own 시도 code, not the boundary's). Tables that use current codes for every
    year (e.g. an age table back-filled under 2025 codes) pass ``year=2025``.

    Raises :class:`UnknownRegionCodeError` naming the codes that were not in force in ``year``
    and those without a single unit in ``boundary_year`` (세종 and the merged 청주 in 2010).
    """
    if boundary_year not in BOUNDARY_YEARS:
        raise ValueError(f"boundary_year must be one of {BOUNDARY_YEARS}, got {boundary_year!r}")
    cw = sigungu_crosswalk(year)
    mapping = dict(zip(cw.mois_code.astype(str), cw[f"kostat_{boundary_year}"]))
    series = pd.Series(codes, name=getattr(codes, "name", "sigungu_code")).astype(str)
    unknown = sorted(set(series) - set(mapping))
    if unknown:
        everywhere = load("sigungu_crosswalk")
        known_other = [c for c in unknown if c in set(everywhere.mois_code.astype(str))]
        hint = f" ({known_other} exist in other years: check `year`)" if known_other else ""
        raise UnknownRegionCodeError(
            f"MOIS 시군구 codes not in force at the end of {year}: {unknown}{hint}", column=series.name)
    out = series.map(mapping)
    missing = sorted(set(series[out.isna()]))
    if missing:
        notes = dict(zip(cw.mois_code.astype(str), cw.note.fillna("")))
        raise UnknownRegionCodeError(
            f"no single {boundary_year} boundary unit for {missing}: " + "; ".join(notes[c] for c in missing[:3]),
            column=series.name)
    return out.astype(str)


# ---------------------------------------------------------------- names and codes in force, areas

#: The two provinces that became special self-governing provinces, with their names before and after.
#: The date and the new MOIS 시도 code are read from the 시군구 crosswalk (:func:`sido_code_eras`).
RENAMED = {
    "32": {"former_en": "Gangwon-do", "former_ko": "강원도", "current_en": "Gangwon State"},
    "35": {"former_en": "Jeollabuk-do", "former_ko": "전라북도", "current_en": "Jeonbuk State"},
}


def sido_code_eras(year: int = 2025) -> pd.DataFrame:
    """Each 시도's names and MOIS codes before and after a renaming, with the date of the change.

    The MOIS 시도 code in force at the end of ``year`` is the first two digits of the 시군구 codes in
    force then (:func:`sigungu_crosswalk`); the date of a change is the first day those codes were in
    force. Columns: ``kostat_code``, ``name_en`` (in force at the end of ``year``), ``former_en``,
    ``name_ko``, ``former_ko``, ``mois_code`` (the code of the migration tables, to 2024),
    ``mois_code_now`` and ``changed`` (ISO date, empty if nothing changed).
    """
    cw = crosswalk()
    codes = sigungu_crosswalk(year)
    now = codes.assign(prefix=codes.mois_code.astype(str).str[:2]).groupby("sido_kostat_code").prefix.unique()
    several = {k: list(v) for k, v in now.items() if len(v) != 1}
    if several:
        raise UnknownRegionCodeError(f"several MOIS 시도 codes in force at the end of {year}: {several}")
    rows = []
    for r in cw.itertuples():
        new = str(now.get(r.kostat_code, [r.mois_code])[0])
        changed = ""
        if new != str(r.mois_code):
            starts = codes.loc[codes.mois_code.astype(str).str.startswith(new), "valid_from"].dropna()
            changed = str(starts.min()) if len(starts) else ""
        renamed = RENAMED.get(r.kostat_code) if changed else None
        rows.append({"kostat_code": r.kostat_code, "name_en": renamed["current_en"] if renamed else r.name_en,
                     "former_en": renamed["former_en"] if renamed else "", "name_ko": r.name_ko,
                     "former_ko": renamed["former_ko"] if renamed else "", "mois_code": str(r.mois_code),
                     "mois_code_now": new, "changed": changed})
    return pd.DataFrame(rows)


def names_in(year: int, lang: str = "en") -> dict[str, str]:
    """KOSTAT code -> the name in force at the end of ``year`` ("Gangwon-do" to 2022, "Gangwon State"
    from 2023; "Jeollabuk-do" to 2023, "Jeonbuk State" from 2024)."""
    eras = sido_code_eras()
    out = {}
    for r in eras.itertuples():
        new = not r.changed or int(r.changed[:4]) <= int(year)
        if lang == "en":
            out[r.kostat_code] = r.name_en if new else r.former_en
        else:
            out[r.kostat_code] = r.name_ko if new else r.former_ko
    return out


def labels_in(year: int) -> dict[str, str]:
    """KOSTAT code -> "English (한국어)" label with the names in force at the end of ``year``."""
    en, ko = names_in(year, "en"), names_in(year, "ko")
    return {c: f"{en[c]} ({ko[c]})" for c in en}


def area_km2(boundaries, code_field: str = "sido_code") -> pd.Series:
    """Area of each polygon in km², indexed by ``code_field``, computed in the Korean TM projection
    (EPSG:5179, metres; its scale error over the peninsula is a fraction of a per mille).

    On the book's simplified boundaries the national total is within a few hundredths of a per cent
    of the full-resolution SGIS boundaries; the smallest urban 구 can be off by several per cent
    (``tests/test_regions.py`` checks both against the full-resolution file).
    """
    area = boundaries.to_crs(5179).geometry.area / 1e6
    return pd.Series(area.to_numpy(), index=boundaries[code_field].astype(str).to_numpy(), name="area_km2")
