"""Vintages are data: every regional-accounts resource records its base year and release, the loader
exposes it, and frames of different vintages are never joined, spliced or concatenated."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from krdev import data
from krdev.errors import VintageError
from tests.conftest import ROOT

ACCOUNTS = re.compile(r"grdp|gva|grni")


def _accounts_resources():
    for res in data.read_package()["resources"]:
        if any(ACCOUNTS.search(f["name"]) for f in res.get("schema", {}).get("fields", [])):
            yield res["name"]


def test_the_package_has_regional_accounts_of_both_bases():
    bases = {data.resource(n)["krdev:vintage"]["base_year"] for n in _accounts_resources()}
    assert {2015, 2020} <= bases


@pytest.mark.parametrize("name", list(_accounts_resources()))
def test_every_regional_accounts_resource_records_its_vintage(name):
    v = data.resource(name).get("krdev:vintage")
    assert v, f"{name} has GRDP columns but no krdev:vintage"
    assert {"id", "base_year", "release", "release_date", "provisional_years", "label"} <= set(v)
    assert data.load(name).attrs["vintage"] == v


def test_2020_base_tables_are_2020_base_in_the_data():
    """Independently of the descriptor: chained 2020 prices equal current prices in the base year."""
    g = data.load("kosis_grdp_activity_2020base")
    base = g[g.year == 2020]
    assert len(base) == 594 and (base.nominal_million_krw == base.real_million_krw_2020_chained).all()
    assert data.vintage(g)["base_year"] == 2020 and data.vintage(data.load("grdp_per_capita"))["base_year"] == 2015


def test_frames_of_different_vintages_are_never_combined():
    new = data.load("kostat_real_grdp_2020base")
    old = data.load("kostat_real_grdp_macro")
    with pytest.raises(VintageError, match="2015-base.*|2020-base.*"):
        data.concat([new, old])
    with pytest.raises(VintageError):
        data.merge(new, old, on="year")
    # two releases of the same base are different vintages too (the December 2025 release revised 2023)
    with pytest.raises(VintageError):
        data.concat([data.load("kosis_grdp_activity_2020base"), data.load("kosis_grdp_2024")])


def test_same_vintage_and_vintage_free_frames_combine_and_keep_the_vintage():
    annual = data.load("kostat_real_grdp_2020base")
    quarterly = data.load("kostat_real_grdp_2020base_quarterly")  # the same release
    both = data.concat([annual.assign(quarter=0), quarterly])
    assert len(both) == len(annual) + len(quarterly) and both.attrs["vintage"] == data.vintage(annual)
    pop = data.load("population_registered")
    merged = data.merge(data.load("grdp_per_capita"), pop, left_on=["year", "region_code"],
                        right_on=["year", "sido_code"])
    assert merged.attrs["vintage"]["base_year"] == 2015 and len(merged) > 0


def test_measures_refuse_mixed_vintages():
    from krdev.measures import convergence, shares

    per_capita = data.load("grdp_per_capita")
    pop = data.load("population_registered")
    spliced = pd.DataFrame({"year": [2022], "sido_code": ["11"], "population": [1]})
    spliced.attrs["vintage"] = data.resource("kosis_grdp_2024")["krdev:vintage"]
    with pytest.raises(VintageError):
        shares.implied_totals(per_capita, spliced, "grdp_per_capita")
    with pytest.raises(VintageError):
        convergence.sido_panel(per_capita, spliced, data.load("population_estimated"))
    assert len(shares.implied_totals(per_capita, pop, "grdp_per_capita")) > 0


def _code(nb_path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


#: ``.join(`` on a frame, not on a string literal or its translation (``", ".join``, ``_(" and ").join``)
FRAME_JOIN = r"(?<![\"'])(?<![\"']\))\.join\("


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_chapter_joins_vintages_by_hand(path):
    """A chapter that loads regional accounts of both bases (2015 and 2020) combines frames only
    through krdev.data.concat / krdev.data.merge, which refuse to mix vintages. (A string literal's
    ``", ".join(...)`` joins text, not frames.)"""
    code = _code(path)
    names = set(re.findall(r"""data\.load\(\s*["']([a-z0-9_]+)["']""", code))
    vintages = {data.resource(n).get("krdev:vintage", {}).get("base_year") for n in names} - {None}
    if len(vintages) > 1:
        # (a join on a string literal or its translation, such as ", ".join(names) or _(" and ").join(years),
        # builds text, not a frame)
        raw = re.findall(r"pd\.concat\(|pd\.merge\(|(?<!data)\.merge\(|" + FRAME_JOIN + r"|\.combine_first\(|\.update\(", code)
        assert not raw, f"{path.name} loads {sorted(vintages)} and combines frames with {raw}: use data.concat/data.merge"


def test_the_hand_join_check_tells_text_from_frames():
    pattern = FRAME_JOIN
    assert not re.findall(pattern, '", ".join(a) + _(" and ").join(b) + (" and " if x else ", ").join(c)')
    assert re.findall(pattern, "left.join(right)") and re.findall(pattern, "f(a).join(b)")


def test_data_through_takes_the_latest_period_common_to_the_series():
    a = pd.DataFrame({"year": [2019, 2024]})
    b = pd.DataFrame({"year": [2024, 2025, 2025], "quarter": [4, 1, 1]})
    c = pd.DataFrame({"x": [1]})
    c.attrs["period"] = "2023"
    assert str(data.data_through(a)) == "2024" and data.data_through(a).year == 2024
    assert str(data.data_through(b)) == "2025Q1"
    assert str(data.data_through(a, b)) == "2024" and str(data.data_through(a, c)) == "2023"
    assert data.data_through(a).sentence == "Data through 2024."


def test_data_through_names_the_vintage_of_the_package_series():
    q = data.data_through("kostat_real_grdp_2020base_quarterly")
    assert str(q) == "2025Q1" and "2020-base" in q.vintage and q.sentence.startswith("Data through 2025Q1; 2020-base")
    assert str(data.data_through("kosis_grdp_activity_2020base")) == "2023"
    assert str(data.data_through("kosis_grdp_2024")) == "2024"
    assert str(data.data_through("population_registered")) == "2025"
    assert str(data.data_through("movers")) == "2024"
    assert data.data_through("movers").vintage == ""
