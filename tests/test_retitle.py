"""krdev.charts.retitle: a finished chart's titles in the reader's language."""

import altair as alt
import pandas as pd

from krdev.charts.retitle import retitle

FRAME = pd.DataFrame({"year": [2015, 2025], "share": [0.49, 0.51], "group": ["a", "b"]})


def _chart():
    line = alt.Chart(FRAME).mark_line().encode(
        x=alt.X("year:O", title=None), y=alt.Y("share:Q", title="share of residents"),
        color=alt.condition("true", alt.Color("group:N", title="group"), alt.value("#eee")),
        tooltip=["year:O", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("group:N", title="region group")])
    rule = alt.Chart(FRAME).mark_rule().encode(y="share:Q")  # no title: Vega-Lite would join it to the line's
    return alt.concat(alt.layer(line, rule), line)


TITLES = {"share of residents": "주민 비중", "group": "집단", "year": "연도", "share": "비중", "region group": "지역 구분"}


def test_explicit_axis_and_legend_titles_and_every_tooltip_are_replaced_in_layers_and_concatenations():
    spec = retitle(_chart(), TITLES).to_dict()
    for enc in (spec["concat"][0]["layer"][0]["encoding"], spec["concat"][1]["encoding"]):
        assert enc["y"]["title"] == "주민 비중"
        assert enc["color"]["condition"]["title"] == "집단"
        assert [t["title"] for t in enc["tooltip"]] == ["연도", "비중", "지역 구분"]
        assert enc["x"]["title"] is None  # no title stays no title
        assert enc["tooltip"][1]["format"] == ".1%"
    assert "title" not in spec["concat"][0]["layer"][1]["encoding"]["y"]  # untitled axes are left alone


def test_the_original_chart_and_its_data_are_unchanged():
    chart = _chart()
    before = chart.to_dict()
    retitle(chart, TITLES)
    assert chart.to_dict() == before


def test_titles_mapped_to_themselves_leave_the_chart_as_it_was():
    chart = _chart()
    assert retitle(chart, {t: t for t in TITLES}) is chart
