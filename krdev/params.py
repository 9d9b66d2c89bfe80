"""Validation of notebook parameters, shared by the notebooks and the command line.

Every notebook has a cell tagged ``parameters``. Its first code cell after that calls
:func:`validate`, and ``python -m krdev run`` calls the same function *before* starting a kernel,
so a wrong parameter fails in a second with a message that names the parameter, the value and
what is allowed, before any computation.
"""

from __future__ import annotations

from krdev import catalog
from krdev.errors import ParameterError

SIDO_CODES = tuple(catalog.SIDO_CODES)
CENSUS_YEARS = (2010, 2015, 2020)
INCOME_MEASURES = ("grdp_per_capita", "grni_per_capita", "personal_income_per_capita", "private_consumption_per_capita")
INDUSTRY_CODES = ("A", "B", "C", "D_E", "F", "G", "H", "I", "J", "K", "L", "M_N", "O", "P", "Q", "R_S")
INDUSTRY_GROUPS = ("manufacturing", "knowledge_intensive_services")
LEVELS = ("all", "sido", "sigungu")
RELATIONS = ("sister", "friendship", "both")
YEAR_RANGE = (1950, 2024)  # widest span in the data package (Kalundborg exchanges from 1961); notebooks narrow it


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


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ParameterError(f"parameter {name!r} must be a positive number, got {value!r}")
    return value


def _share(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise ParameterError(f"parameter {name!r} must be a share between 0 and 1, got {value!r}")
    return value


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
    "lq_threshold": _positive, "min_share": _share, "min_gva_million_krw": _positive, "n_classes": _nonneg_int,
    "top_pairs": _nonneg_int, "network": _string, "income_classes": _nonneg_int, "permutations": _nonneg_int,
    "preview_rows": _nonneg_int,
    "map_classifier": _choice(("quantiles", "natural_breaks", "fisher_jenks", "equal_interval")),
}


def validate(ranges: dict | None = None, **params) -> dict:
    """Check every parameter; return them (normalised). ``ranges`` narrows year bounds per name.

    >>> validate(start_year=1990, end_year=2000)["end_year"]
    2000
    """
    ranges = ranges or {}
    out = {}
    for name, value in params.items():
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
