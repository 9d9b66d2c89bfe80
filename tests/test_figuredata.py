"""The data behind every figure and table: CSV, "About this data", data-table disclosure."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from krdev import charts, figuredata
from krdev.figuredata import chart_from_csv, chart_table, provenance, to_csv

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_records():
    """Each test starts with no resources loaded and no parameters recorded."""
    saved, params = list(figuredata._LOADED), dict(figuredata._PARAMETERS)
    figuredata._LOADED.clear()
    figuredata._PARAMETERS.clear()
    yield
    figuredata._LOADED[:] = saved
    figuredata._PARAMETERS.clear()
    figuredata._PARAMETERS.update(params)


def _layered_chart():
    frame = pd.DataFrame({"year": [2000, 2010, 2020], "share": [0.46, 0.49, 0.5], "unused": ["a", "b", "c"]})
    events = pd.DataFrame({"year": [2004], "event": ["Special Act"], "note": ["not drawn"]})
    line = alt.Chart(frame).mark_line().encode(x=alt.X("year:O", title="year"),
                                               y=alt.Y("share:Q", title="share of population"))
    rule = alt.Chart(events).mark_rule().encode(x="year:O", tooltip=["event"])
    return line + rule


def test_chart_table_keeps_only_drawn_columns_and_labels_layers():
    rows, columns = chart_table(_layered_chart().to_dict())
    assert [c["name"] for c in columns] == ["layer", "year", "share of population", "event"]
    assert rows == [
        {"layer": "line", "year": 2000, "share of population": 0.46},
        {"layer": "line", "year": 2010, "share of population": 0.49},
        {"layer": "line", "year": 2020, "share of population": 0.5},
        {"layer": "rule", "year": 2004, "event": "Special Act"},
    ]
    assert {c["name"]: c["type"] for c in columns} == {"layer": "string", "year": "integer",
                                                       "share of population": "number", "event": "string"}


def test_csv_has_readable_headers_and_units_from_the_data_package():
    chart = alt.Chart(pd.DataFrame({"year": [2020], "population": [9668465]})).mark_bar().encode(
        x="year:O", y="population:Q")
    rows, columns = chart_table(chart.to_dict(), units={"population": "persons"})
    text = to_csv(rows, columns)
    assert text == "year,population (persons)\n2020,9668465\n"


def test_choropleth_csv_is_the_lookup_table_not_the_boundaries():
    values = pd.DataFrame({"sido_code": ["11", "21"], "name": ["Seoul", "Busan"], "pop_m": [9.67, 3.39],
                           "extra": [1, 2]})
    chart = charts.choropleth(values[["sido_code", "name", "pop_m"]], code_field="sido_code", value_field="pop_m",
                              tooltip=["name", "pop_m"], value_title="population (millions)", title="t")
    rows, columns = chart_table(chart.to_dict())
    assert [c["name"] for c in columns] == ["sido_code", "name", "population (millions)"]
    assert rows[0] == {"name": "Seoul", "population (millions)": 9.67, "sido_code": "11"}


def test_floats_and_missing_values_round_trip_exactly():
    frame = pd.DataFrame({"x": [0.1 + 0.2, 1 / 3, None], "label": ["a", None, "c"], "flag": [True, False, True]})
    chart = alt.Chart(frame).mark_point().encode(x="x:Q", color="label:N", shape="flag:N")
    spec = chart.to_dict()
    rows, columns = chart_table(spec)
    rebuilt = chart_from_csv(spec, to_csv(rows, columns), columns)
    name = next(iter(spec["datasets"]))
    assert rebuilt["datasets"][name] == spec["datasets"][name]


def test_provenance_reads_table_ids_vintage_license_and_retrieval_date():
    raw, processed = provenance(["kosis_grdp_per_capita", "grdp_per_capita"])
    # DT_1C86 and the retrieval date 2023-11-18 are stated in data/raw/kosis_grdp_per_capita/SOURCE.md
    assert raw["kosis_tables"] == ["DT_1C86"]
    assert raw["retrieved"] == "2023-11-18"
    assert raw["licenses"][0]["title"].startswith("Korea Open Government License Type 1")
    assert raw["sources"][0]["path"] == "https://kosis.kr"
    # the processed table is built from the raw one: same source notes
    assert processed["kosis_tables"] == ["DT_1C86"] and processed["retrieved"] == "2023-11-18"


def test_figure_lists_what_the_chapter_loaded_and_its_parameters():
    from krdev import data, params

    params.validate(population_year=2005)
    data.load("population_registered")
    figure = charts.Figure(_layered_chart(), alt="A line of the capital region's share with one policy event.",
                           source="KOSIS")
    html_text = figure._repr_mimebundle_()["text/html"]
    assert "Data (CSV)" in html_text and "<summary>About this data</summary>" in html_text
    assert "<code>population_year</code> = 2005" in html_text
    assert "Registered population by 시도, tidy" in html_text
    payload = json.loads(re.search(figuredata.PAYLOAD.pattern, html_text, re.S).group(1).replace("<\\/", "</"))
    assert payload["descriptor"]["resources"][0]["resource"] == "population_registered"
    assert payload["csv"].splitlines()[0] == "layer,year,share of population,event"


def test_extract_writes_files_and_points_links_at_them(tmp_path):
    figure = charts.Figure(_layered_chart(), alt="A line of the capital region's share with one policy event.",
                           source="KOSIS")
    html_text = figure._repr_mimebundle_()["text/html"]
    written = {}

    def write(name, text, descriptor):
        written[name] = text
        return f"../_static/data/figures/ch/{name}.csv", f"../_static/data/figures/ch/{name}.json"

    out = figuredata.extract(html_text, write, lambda i, d: "fig-x")
    assert figuredata.PAYLOAD_CLASS not in out
    assert 'href="../_static/data/figures/ch/fig-x.csv"' in out
    assert 'href="../_static/data/figures/ch/fig-x.json"' in out
    assert written["fig-x"].startswith("layer,year")


# ------------------------------------------------------------------------- the built site


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.specs, self.links, self.summaries, self._in_spec, self._in_summary = [], [], [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("class") == "krdev-spec":
            self._in_spec = True
            self.specs.append("")
        if tag == "a" and attrs.get("class") == "krdev-csv":
            self.links.append((len(self.specs), attrs["href"]))
        if tag == "summary":
            self._in_summary = True
            self.summaries.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_spec = False
        if tag == "summary":
            self._in_summary = False

    def handle_data(self, data):
        if self._in_spec:
            self.specs[-1] += data
        if self._in_summary:
            self.summaries[-1] += data


def _chapter_pages(site: Path):
    return sorted((site / "notebooks").glob("*.html"))


def test_every_chart_on_every_chapter_links_its_csv_and_about(built_site):
    charts_seen = 0
    for page in _chapter_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert figuredata.PAYLOAD_CLASS not in text, f"{page.name}: a data payload was left in the page"
        parsed = _Collector()
        parsed.feed(text)
        chart_links = [href for index, href in parsed.links]
        assert len(chart_links) >= len(parsed.specs), f"{page.name}: a chart has no Data (CSV) link"
        for href in chart_links:
            assert not href.startswith(("http", "/", "#")), f"{page.name}: {href} is not relative"
            target = (page.parent / href).resolve()
            assert target.exists(), f"{page.name}: {href} does not exist"
            assert target.with_suffix(".json").exists()
        assert parsed.summaries.count("About this data") == len(chart_links), page.name
        charts_seen += len(parsed.specs)
    assert charts_seen >= 40


def test_every_chart_is_reproduced_exactly_by_its_csv(built_site):
    """Re-render each chart from its CSV (read back with its descriptor) and compare with the original."""
    import vl_convert

    from krdev.charts import _inline_static_data, _register_fonts

    _register_fonts()
    ids = re.compile(r"(gradient_|clip)\d+")  # vl-convert numbers gradients and clip paths per call
    checked = 0
    for page in _chapter_pages(built_site):
        parsed = _Collector()
        parsed.feed(page.read_text(encoding="utf-8"))
        for index, href in parsed.links:
            if index == 0 or href.endswith(".csv") is False:
                continue
            spec = json.loads(parsed.specs[index - 1])
            path = (page.parent / href).resolve()
            descriptor = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            if descriptor["kind"] != "chart":
                continue
            rebuilt = chart_from_csv(spec, path.read_text(encoding="utf-8"), descriptor["columns"])
            original = vl_convert.vegalite_to_svg(_inline_static_data(figuredata.hoist_inline(spec)))
            again = vl_convert.vegalite_to_svg(_inline_static_data(rebuilt))
            assert ids.sub("", again) == ids.sub("", original), f"{page.name}: {href} does not reproduce its chart"
            checked += 1
    assert checked >= 40


def test_csv_headers_are_unique_and_rows_match_the_data_table(built_site):
    page = built_site / "notebooks" / "regions-at-a-glance.html"
    text = page.read_text(encoding="utf-8")
    href = re.search(r'<a class="krdev-csv" href="([^"]+)"', text).group(1)
    rows = list(csv.reader(io.StringIO((page.parent / href).read_text(encoding="utf-8"))))
    assert len(rows[0]) == len(set(rows[0]))
    assert len(rows) == 1 + 17  # the map draws the 17 시도
    assert re.search(r"<details class=\"krdev-datatable\"><summary>Data table: [^<]+</summary>", text)


def test_displayed_tables_get_csv_and_about_and_keep_their_index():
    from krdev.charts import Table, _table_html

    frame = pd.DataFrame({"share": [0.5, 0.25]}, index=pd.Index(["Seoul", "Busan"], name="region"))
    html_text = _table_html(frame.style.set_caption("Shares"))
    payload = json.loads(re.search(figuredata.PAYLOAD.pattern, html_text, re.S).group(1).replace("<\\/", "</"))
    assert payload["csv"] == "region,share\nSeoul,0.5\nBusan,0.25\n"
    assert payload["descriptor"]["title"] == "Shares" and payload["descriptor"]["kind"] == "table"
    assert "<summary>About this data</summary>" in html_text and "krdev-datatable" not in html_text
    hidden = Table(pd.DataFrame({"a": [1], "b": [2]}).style.hide(axis="index").hide(["b"], axis="columns"),
                   title="t").frame()
    assert list(hidden.columns) == ["a"]


def test_every_table_on_every_chapter_links_its_csv(built_site):
    tables = 0
    for page in _chapter_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for block in text.split('<div class="krdev-table">')[1:]:
            assert re.match(r'.*?<a class="krdev-csv" href="[^"#]+\.csv"', block, re.S), page.name
            tables += 1
    assert tables >= 20
