"""Chart builders of the concentration chapter: vintages stay in separate panels, breaks are drawn."""

import pandas as pd

from krdev.charts import concentration as cc


def _panel(first, last, label):
    years = list(range(first, last + 1))
    return pd.DataFrame({"year": years * 2, "share": [0.5] * len(years) + [0.49] * len(years),
                         "series": [f"GRDP ({label})"] * len(years) + ["population"] * len(years)})


def test_vintage_panels_draw_each_vintage_in_its_own_panel():
    spec = cc.vintage_panels({"2015 base": _panel(2001, 2021, "2015 base"),
                              "2020 base (2025Q1 release; 2023 onwards provisional)": _panel(2015, 2024, "2020 base")},
                             title="t", y_title="share").to_dict()
    panels = spec["hconcat"]
    assert [p["title"]["text"] for p in panels] == ["2015 base", "2020 base"]
    assert panels[1]["title"]["subtitle"] == ["(2025Q1 release;", "2023 onwards provisional)"]
    datasets = spec["datasets"]
    for panel, label, (first, last) in zip(panels, ["2015 base", "2020 base"], [(2001, 2021), (2015, 2024)]):
        rows = [r for layer in panel["layer"] if "data" in layer for r in datasets[layer["data"]["name"]]]
        grdp = {r["series"] for r in rows if r.get("series", "").startswith("GRDP")}
        assert grdp == {f"GRDP ({label})"}  # one vintage per panel, never both on one line
        years = [r["year"] for r in rows if "year" in r]
        assert (min(years), max(years)) == (first, last)
    # a common y-scale, so that the panels can be compared by eye
    domains = [layer["encoding"]["y"]["scale"]["domain"] for p in panels for layer in p["layer"]]
    assert all(d == domains[0] for d in domains)


def test_share_lines_marks_a_break_only_when_asked():
    frame = pd.DataFrame({"year": [2008, 2009, 2010, 2011], "share": [0.49, 0.49, 0.492, 0.493], "series": ["r"] * 4})
    plain = cc.share_lines(frame, title="t", y_title="y").to_dict()
    marked = cc.share_lines(frame, title="t", y_title="y",
                            breaks=pd.DataFrame({"year": [2010], "label": ["2010: break"]})).to_dict()
    assert len(marked["layer"]) == len(plain["layer"]) + 2
    rows = [r for name, rows in marked["datasets"].items() for r in rows if "label" in r]
    assert rows and all(r["x"] == 2009.5 for r in rows)  # between the last year on the old basis and the first on the new
