"""Validation of notebook parameters, shared by the notebooks and the command line.

Every notebook has a cell tagged ``parameters``. Its first code cell after that calls
:func:`validate`, and ``python -m krdev run`` calls the same function *before* starting a kernel,
so a wrong parameter fails in a second with a message that names the parameter, the value and
what is allowed, before any computation.

Year ranges have one source: :data:`YEAR_RANGES`, whose bounds are, wherever a parameter indexes a
series, the first and last years *in the data package* (:func:`first`, :func:`last`). The
notebooks (``params.validate(ranges=params.year_ranges("NAME"), ...)``), ``python -m krdev run``
and ``python -m krdev list`` all read them from :func:`year_ranges`, so when newer data land the
ranges follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from krdev import catalog
from krdev.errors import ParameterError

SIDO_CODES = tuple(catalog.SIDO_CODES)
CENSUS_YEARS = (2010, 2015, 2020)
INCOME_MEASURES = ("grdp_per_capita", "grni_per_capita", "personal_income_per_capita", "private_consumption_per_capita")
INDUSTRY_CODES = ("A", "B", "C", "D_E", "F", "G", "H", "I", "J", "K", "L", "M_N", "O", "P", "Q", "R_S")
INDUSTRY_GROUPS = ("manufacturing", "knowledge_intensive_services")
LEVELS = ("all", "sido", "sigungu")
RELATIONS = ("sister", "friendship", "both")
YEAR_RANGE = (1950, 2024)  # widest span accepted for a year not listed in YEAR_RANGES
MAX_PERMUTATIONS = 9999  # PySAL's usual ceiling for pseudo p-values; more adds run time, not precision


@dataclass(frozen=True)
class DataYear:
    """A bound read from the data: the ``end`` ("first" or "last") value of ``column`` over
    ``resources``, plus ``offset`` years."""

    end: str
    resources: tuple[str, ...]
    column: str = "year"
    offset: int = 0

    def resolve(self, directory=None) -> int:
        import pandas as pd

        from krdev import data

        values = []
        for name in self.resources:
            column = data.load(name, directory)[self.column].dropna()
            if not pd.api.types.is_numeric_dtype(column):  # dates such as "2025-11-13": their year
                column = pd.to_numeric(column.astype(str).str[:4], errors="coerce").dropna()
            values.append(int(column.min() if self.end == "first" else column.max()))
        return (min(values) if self.end == "first" else max(values)) + self.offset

    def __str__(self) -> str:
        sign = f" {'+' if self.offset > 0 else '-'} {abs(self.offset)}" if self.offset else ""
        return f"{self.end} {self.column} of {' / '.join(self.resources)}{sign}"


def first(*resources: str, column: str = "year", offset: int = 0) -> DataYear:
    return DataYear("first", resources, column, offset)


def last(*resources: str, column: str = "year", offset: int = 0) -> DataYear:
    return DataYear("last", resources, column, offset)


#: Allowed years of every year parameter, by notebook: ``(lower, upper)``, each a year or a
#: :class:`DataYear`. Fixed numbers are methodological choices (a window's earliest sensible start);
#: bounds that a series sets are read from that series.
YEAR_RANGES: dict[str, dict[str, tuple]] = {
    "regions-at-a-glance": {
        "population_year": (first("population_registered"), last("population_registered")),
        "base_year": (first("population_registered"), last("population_registered"))},
    "inequality-convergence": {
        "start_year": (first("grdp_per_capita"), last("grdp_per_capita", offset=-1)),
        "end_year": (first("grdp_per_capita", offset=1), last("grdp_per_capita")),
        "split_year": (first("grdp_per_capita", offset=1), last("grdp_per_capita", offset=-1))},
    "capital-concentration": {  # windows of at least five years; each series ends at its own last year
        "start_year": (first("population_estimated"), last("population_registered", offset=-5)),
        "end_year": (first("kostat_real_grdp_macro", offset=4), last("population_registered"))},
    "balanced-policy": {  # the policy period starts with the 2003 government; six years of real GRDP at least after;
        # the timeline runs to the last year of registered population (the 2020-base real GRDP ends a year earlier)
        "start_year": (first("population_registered"), last("kostat_real_grdp_2020base", offset=-6)),
        "end_year": (2010, last("population_registered")),
        "split_year": (2002, last("kostat_real_grdp_2020base", offset=-6))},
    "complexes-symbiosis": {
        "start_year": (1950, last("official_industrial_complexes")),
        "end_year": (1950, last("official_industrial_complexes"))},
    "municipal-networks": {
        "start_year": (1980, last("network_memberships", column="join_year")),
        "end_year": (1980, last("network_memberships", column="join_year"))},
    "sister-cities": {
        "start_year": (1950, last("sido_partnerships", column="established")),
        "end_year": (1950, last("sido_partnerships", column="established"))},
    "decline-era": {  # change is measured from the age table's first year; the designation was made in 2021
        "map_year": (first("sigungu_population_age", offset=1), last("sigungu_population_age")),
        "index_year": (first("sigungu_population_age", offset=1), 2021)},
}


def year_ranges(notebook: str, directory=None) -> dict[str, tuple[int, int]]:
    """The allowed ``(first, last)`` year of each year parameter of ``notebook`` (its file stem),
    resolved against the data package."""
    spec = YEAR_RANGES.get(notebook, {})
    return {name: tuple(b.resolve(directory) if isinstance(b, DataYear) else b for b in bounds)
            for name, bounds in spec.items()}


def _year(name, value, lo=YEAR_RANGE[0], hi=YEAR_RANGE[1]):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"parameter {name!r} must be an integer year, got {value!r}")
    if not lo <= value <= hi:
        raise ParameterError(f"parameter {name!r} = {value} is out of range: the data cover {lo}–{hi}")
    return value


def _choice(options):
    def check(name, value):
        if value not in options:
            raise ParameterError(f"parameter {name!r} = {value!r} is not one of {list(options)}")
        return value
    return check


def _sido_list(name, value):
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not value:
        raise ParameterError(f"parameter {name!r} must be a non-empty list of KOSTAT 시도 codes, got {value!r}")
    bad = [v for v in value if str(v) not in SIDO_CODES]
    if bad:
        raise ParameterError(f"parameter {name!r}: unknown region code(s) {bad}; KOSTAT 시도 codes are {list(SIDO_CODES)}")
    return [str(v) for v in value]


def _region_filter(name, value):
    if value in ("all", None, ""):
        return "all"
    return _sido_list(name, value)


def _finite(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _positive(name, value):
    if not _finite(value) or value <= 0:
        raise ParameterError(f"parameter {name!r} must be a positive finite number, got {value!r}")
    return value


def _share(name, value):
    if not _finite(value) or not 0 <= value < 1:
        raise ParameterError(f"parameter {name!r} must be a share between 0 and 1, got {value!r}")
    return value


def _int_between(lo, hi, *also):
    """An integer from ``lo`` to ``hi`` (or one of ``also``)."""
    def check(name, value):
        if isinstance(value, bool) or not isinstance(value, int) or not (lo <= value <= hi or value in also):
            extra = f" (or {', '.join(map(str, also))})" if also else ""
            raise ParameterError(f"parameter {name!r} must be an integer from {lo} to {hi}{extra}, got {value!r}")
        return value
    return check


def _nonneg_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"parameter {name!r} must be a non-negative integer, got {value!r}")
    return value


def _string(name, value):
    if not isinstance(value, str) or not value:
        raise ParameterError(f"parameter {name!r} must be a non-empty string, got {value!r}")
    return value


#: Checks by parameter name. A notebook parameter whose name is not here is checked only by type.
CHECKS = {
    "start_year": _year, "end_year": _year, "base_year": _year, "split_year": _year,
    "year": _choice(CENSUS_YEARS), "sigungu_year": _choice(CENSUS_YEARS),
    "compare_year": _choice(CENSUS_YEARS),
    "capital_region": _sido_list, "region": _region_filter, "regions": _region_filter,
    "income_measure": _choice(INCOME_MEASURES), "industry": _choice(INDUSTRY_CODES),
    "industry_group": _choice(INDUSTRY_GROUPS), "level": _choice(LEVELS), "relation": _choice(RELATIONS),
    "lq_threshold": _positive, "min_share": _share, "min_gva_million_krw": _positive, "n_classes": _int_between(2, 9),
    "top_pairs": _int_between(1, 50), "network": _string, "income_classes": _int_between(2, 10, 0),
    "permutations": _int_between(0, MAX_PERMUTATIONS), "preview_rows": _int_between(0, 50),
    "map_classifier": _choice(("quantiles", "natural_breaks", "fisher_jenks", "equal_interval")),
    "risk_threshold": _positive, "vitality_rows": _choice(("stated", "all")),
}


def validate(ranges: dict | None = None, **params) -> dict:
    """Check every parameter; return them (normalised). ``ranges`` narrows year bounds per name.

    >>> validate(start_year=1990, end_year=2000)["end_year"]
    2000
    """
    ranges = ranges or {}
    out = {}
    for name, value in params.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"parameter {name!r} must be a finite number, got {value!r}")
        if name in ranges:
            lo, hi = ranges[name]
            out[name] = _year(name, value, lo, hi)
        elif name in CHECKS:
            out[name] = CHECKS[name](name, value)
        else:
            out[name] = value
    if "start_year" in out and "end_year" in out and out["start_year"] >= out["end_year"]:
        raise ParameterError(f"start_year ({out['start_year']}) must be before end_year ({out['end_year']})")
    from krdev.figuredata import record_parameters

    record_parameters(out)  # shown in "About this data" under each figure
    return out


def coerce(name: str, text: str, default):
    """Convert a command-line string to the type of the notebook's default value."""
    try:
        if isinstance(default, bool):
            if text.lower() not in ("true", "false"):
                raise ValueError
            return text.lower() == "true"
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        if isinstance(default, (list, tuple)):
            return [v.strip() for v in text.split(",") if v.strip()]
    except ValueError:
        raise ParameterError(
            f"parameter {name!r}: cannot read {text!r} as {type(default).__name__} (the default is {default!r})"
        ) from None
    return text
