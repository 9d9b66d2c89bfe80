"""Emissions around the industrial complexes: trends by 시도, intensity per unit of manufacturing value
added and what the official environmental tables can and cannot show.

The emission tables of the data package are by 시도 only (CAPSS air emissions to 2019, PRTR chemical
releases to 2023); nothing is published by complex. The complexes studied in the cluster-policy and
environment literature are therefore followed through the 시도 that host them (:data:`HOST_PROVINCES`):
Ulsan is itself a 시도, Yeosu lies in Jeollanam-do, Banwol-Sihwa (Ansan and Siheung) in Gyeonggi-do and
Cheongju in Chungcheongbuk-do. A province's emissions mix the complex with everything else in it, so a
trend is evidence about the province, not about the complex.

- :func:`emission_series`: tonnes per year of chosen pollutants for chosen 시도, with an index
  (first common year = 100) and the 시도's share of the national total (the sum of all 시도 and the
  ``Sea`` row, since the CAPSS export has no national row).
- :func:`release_series`: PRTR on-site releases (kg) and each 시도's share of the national row ``00``.
- :func:`intensity`: emissions per unit of manufacturing gross value added (tonnes per trillion KRW),
  an emission-intensity ratio; numerator and denominator must be for the same 시도 and year, and
  the denominator is all manufacturing, not the complexes alone.
- :func:`change`: first-to-last change of a series, for the text.
"""

from __future__ import annotations

import pandas as pd

#: 시도 (KOSTAT code) hosting each complex discussed, and the complexes, for labels.
HOST_PROVINCES = {
    "26": "Ulsan (Ulsan-Mipo and Onsan)",
    "36": "Jeollanam-do (Yeosu)",
    "31": "Gyeonggi-do (Banwol-Sihwa)",
    "33": "Chungcheongbuk-do (Cheongju)",
}

#: 시/군 of the emitting-workplace table that host the complexes (Ulsan appears only as a whole city).
HOST_AREAS = {"Ulsan": ("26", ""), "Yeosu-si": ("36", "여수시"), "Ansan-si": ("31", "안산시"),
              "Siheung-si": ("31", "시흥시"), "Cheongju-si": ("33", "청주시")}


def _check(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: column {missing[0]!r} is missing (columns: {list(frame.columns)})")


def emission_series(capss: pd.DataFrame, codes, pollutants, *, start: int | None = None,
                    end: int | None = None) -> pd.DataFrame:
    """CAPSS emissions of ``pollutants`` for the 시도 ``codes``: one row per year, 시도 and pollutant with
    ``tonnes``, ``index`` (first year in the window with data = 100, per 시도 and pollutant) and
    ``national_share`` (tonnes / sum over all rows of that year and pollutant, including ``Sea``)."""
    _check(capss, ["year", "sido_kostat_code", "pollutant", "tonnes"], "emission_series")
    codes, pollutants = [str(c) for c in codes], list(pollutants)
    unknown = sorted(set(pollutants) - set(capss["pollutant"]))
    if unknown:
        raise ValueError(f"pollutant {unknown[0]!r} is not in the CAPSS table; choose from {sorted(capss.pollutant.unique())}")
    df = capss[capss["pollutant"].isin(pollutants)].copy()
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    national = df.groupby(["year", "pollutant"])["tonnes"].sum().rename("national_tonnes")
    out = df[df["sido_kostat_code"].isin(codes)].join(national, on=["year", "pollutant"])
    out["national_share"] = out["tonnes"] / out["national_tonnes"]
    out = out.sort_values(["sido_kostat_code", "pollutant", "year"])
    base = out.groupby(["sido_kostat_code", "pollutant"])["tonnes"].transform("first")
    out["index"] = 100 * out["tonnes"] / base
    return out[["year", "sido_kostat_code", "sido_en", "pollutant", "tonnes", "index", "national_share"]].reset_index(drop=True)


def release_series(prtr: pd.DataFrame, codes, *, measure: str = "onsite_release_kg", start: int = 2000) -> pd.DataFrame:
    """PRTR ``measure`` for the 시도 ``codes`` from ``start`` (the first years are not comparable, see the
    resource's caveats), with the share of the national row ``00``."""
    _check(prtr, ["year", "sido_kostat_code", measure], "release_series")
    df = prtr[prtr["year"] >= start]
    national = df[df["sido_kostat_code"] == "00"].set_index("year")[measure].rename("national")
    out = df[df["sido_kostat_code"].isin([str(c) for c in codes])][["year", "sido_kostat_code", "sido_en", measure]]
    out = out.join(national, on="year")
    out["national_share"] = out[measure] / out["national"]
    return out.rename(columns={measure: "kg"}).drop(columns="national").sort_values(
        ["sido_kostat_code", "year"]).reset_index(drop=True)


def intensity(emissions: pd.DataFrame, gva: pd.DataFrame, *, value: str = "tonnes",
              gva_value: str = "gva_trillion_krw") -> pd.DataFrame:
    """Emissions per unit of manufacturing value added: ``value`` / ``gva_value`` for every (year,
    ``sido_kostat_code``) present in both tables (tonnes per trillion KRW when the inputs are in tonnes and
    trillion KRW). Rows without a positive denominator are dropped, not divided."""
    _check(emissions, ["year", "sido_kostat_code", value], "intensity (emissions)")
    _check(gva, ["year", "sido_kostat_code", gva_value], "intensity (value added)")
    out = emissions.merge(gva[["year", "sido_kostat_code", gva_value]], on=["year", "sido_kostat_code"], how="inner")
    out = out[out[gva_value] > 0].copy()
    out["intensity"] = out[value] / out[gva_value]
    return out.reset_index(drop=True)


def change(series: pd.DataFrame, value: str, *, by=("sido_kostat_code",)) -> pd.DataFrame:
    """First and last year, first and last ``value`` and the relative change, per group ``by``."""
    rows = []
    for key, part in series.dropna(subset=[value]).sort_values("year").groupby(list(by)):
        first, last = part.iloc[0], part.iloc[-1]
        rows.append({**dict(zip(by, key if isinstance(key, tuple) else (key,))),
                     "first_year": int(first["year"]), "last_year": int(last["year"]),
                     "first": float(first[value]), "last": float(last[value]),
                     "pct_change": float(last[value] / first[value] - 1) if first[value] else float("nan")})
    return pd.DataFrame(rows)


def host_workplaces(facilities: pd.DataFrame) -> pd.DataFrame:
    """Class 1–3 air-pollutant emitting workplaces in the areas hosting the complexes
    (:data:`HOST_AREAS`): one row per area with a column per class and the total."""
    _check(facilities, ["sido_kostat_code", "sigungu_ko", "facility_class", "measure", "count"], "host_workplaces")
    rows = []
    for label, (code, sigungu) in HOST_AREAS.items():
        part = facilities[(facilities["sido_kostat_code"] == code) & (facilities["measure"] == "workplaces")
                          & (facilities["sigungu_ko"].fillna("") == sigungu)]
        if part.empty:
            raise ValueError(f"host_workplaces: no workplace rows for {label} (sido {code}, 시군구 {sigungu or 'whole city'})")
        counts = part.groupby("facility_class")["count"].sum(min_count=1)
        rows.append({"area": label, **{f"class {int(k)}": (int(v) if pd.notna(v) else None) for k, v in counts.items()},
                     "total": int(counts.sum())})
    return pd.DataFrame(rows)
