"""National 시군구 maps carry an inset of Seoul: the inset keeps exactly Seoul's 25 구 (autonomous
districts, 자치구) and shares the national map's colour scale and legend."""

from __future__ import annotations

import json

import pandas as pd

from krdev import charts
from krdev.charts import specialisation
from krdev.paths import data_dir


def _values(codes):
    return pd.DataFrame({"sigungu_code": codes, "name": codes, "lq": [1.0 + i / 100 for i in range(len(codes))]})


def test_national_lq_map_gets_a_seoul_inset_with_the_25_gu():
    features = json.loads((data_dir() / "processed" / "sigungu_2020.geojson").read_text(encoding="utf-8"))["features"]
    codes = [f["properties"]["sigungu_code"] for f in features]
    spec = specialisation.lq_map(_values(codes), value_field="lq", year=2020, title="t", value_title="LQ",
                                 classes=[0.8, 1.25]).to_dict()
    assert len(spec["hconcat"]) == 2
    inset = spec["hconcat"][1]
    predicate = inset["transform"][-1]["filter"]
    assert predicate == "datum.properties.sido_code === '11'"
    in_seoul = [f for f in features if f["properties"]["sido_code"] == "11"]
    assert len(in_seoul) == 25  # Seoul has 25 autonomous districts (구)
    assert spec["resolve"] == {"scale": {"color": "shared"}, "legend": {"color": "shared"}}
    assert spec["config"]["legend"]["orient"] == "bottom"  # below both, so the pair fits the column


def test_single_region_map_has_no_inset():
    seoul_only = [f"11{n:02d}0" for n in range(1, 26)]
    spec = specialisation.lq_map(_values(seoul_only), value_field="lq", year=2020, title="t", value_title="LQ",
                                 classes=[0.8, 1.25]).to_dict()
    assert "hconcat" not in spec


def test_inset_renders_offline():
    import vl_convert

    chart = charts.seoul_inset(charts.choropleth(pd.DataFrame({"code": ["11010", "21010"], "v": [1.0, 2.0]}),
                                                 code_field="code", value_field="v", title="t", boundary="sigungu_2020",
                                                 key="sigungu_code"))
    svg = vl_convert.vegalite_to_svg(charts._inline_static_data(chart.to_dict()))
    assert "Seoul (서울), enlarged" in svg
