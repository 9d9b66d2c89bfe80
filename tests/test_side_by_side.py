"""krdev.vintages.side_by_side: series of different vintages stacked for display, each named, never one series."""

import pandas as pd
import pytest

from krdev import data
from krdev.vintages import side_by_side, tagged


def test_each_row_names_its_series_and_vintage():
    old, new = data.load("kostat_real_grdp_macro"), data.load("kostat_real_grdp_2020base")
    a = tagged(pd.DataFrame({"year": [2020, 2021], "value": [1.0, 2.0]}), old)
    b = tagged(pd.DataFrame({"year": [2021, 2022], "value": [3.0, 4.0]}), new)
    pop = pd.DataFrame({"year": [2021], "value": [5.0]})
    out = side_by_side({"old base": a, "new base": b, "population": pop})
    assert len(out) == 5 and list(out.series) == ["old base"] * 2 + ["new base"] * 2 + ["population"]
    assert out.loc[out.series == "old base", "vintage"].unique().tolist() == [data.vintage(old)["label"]]
    assert out.loc[out.series == "new base", "vintage"].unique().tolist() == [data.vintage(new)["label"]]
    assert out.loc[out.series == "population", "vintage"].tolist() == [""]
    # the stacked table carries no single vintage, and each input keeps its own
    assert "vintage" not in out.attrs and set(out.attrs["vintages"]) == {"old base", "new base", "population"}
    assert data.vintage(a)["base_year"] == 2015 and data.vintage(b)["base_year"] == 2020
    # 2021 appears twice, once per base: two rows, never one
    assert (out.year == 2021).sum() == 3


def test_needs_a_frame():
    with pytest.raises(ValueError):
        side_by_side({})
