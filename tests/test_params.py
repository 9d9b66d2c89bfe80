"""Parameters are validated before any computation, with messages that name them."""

from __future__ import annotations

import pytest

from krdev.errors import ParameterError
from krdev.params import coerce, validate


def test_valid_parameters_pass_through():
    assert validate(start_year=1990, end_year=2000, capital_region=["11", "23"]) == {
        "start_year": 1990, "end_year": 2000, "capital_region": ["11", "23"]}


@pytest.mark.parametrize("kwargs,fragment", [
    ({"start_year": 1800}, "out of range"),
    ({"start_year": "1990"}, "integer year"),
    ({"start_year": 2000, "end_year": 1990}, "must be before"),
    ({"capital_region": ["11", "99"]}, "unknown region code(s) ['99']"),
    ({"capital_region": ["41"]}, "unknown region code(s) ['41']"),
    ({"year": 2012}, "not one of [2010, 2015, 2020]"),
    ({"income_measure": "gdp"}, "not one of"),
    ({"relation": "twin"}, "not one of"),
    ({"lq_threshold": 0}, "positive"),
    ({"min_share": 1.5}, "between 0 and 1"),
])
def test_bad_parameters_are_named(kwargs, fragment):
    with pytest.raises(ParameterError) as info:
        validate(**kwargs)
    assert fragment in str(info.value)
    assert list(kwargs)[-1] in str(info.value) or "start_year" in str(info.value)


def test_ranges_narrow_years():
    with pytest.raises(ParameterError, match="1992–2020"):
        validate(ranges={"population_year": (1992, 2020)}, population_year=1980)


def test_coerce_follows_the_default_type():
    assert coerce("start_year", "2000", 1985) == 2000
    assert coerce("capital_region", "11,31", ["11", "23", "31"]) == ["11", "31"]
    assert coerce("lq_threshold", "1.5", 1.25) == 1.5
    with pytest.raises(ParameterError, match="cannot read 'abc' as int"):
        coerce("start_year", "abc", 1985)
