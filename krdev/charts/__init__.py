"""Charts: one Altair theme, an offline HTML renderer, figures with alt text and a source line.

Design (see the book's reproducibility appendix):

- The Vega, Vega-Lite and Vega-Embed runtime is bundled once per site by
  :mod:`krdev.sphinxext` (from ``vl-convert-python``'s bundle) into ``_static/``; no CDN.
- A chart is emitted as HTML: a ``<div class="krdev-chart">`` holding its spec as JSON in a
  ``<script type="application/json">``; ``_static/krdev-charts.js`` embeds every such div.
  No inline JavaScript, no require.js, and the spec is deterministic (the div id is a hash).
- In the book, every chart is first shown as an SVG picture drawn at build time (:func:`static_svg`,
  put in the page by :func:`krdev.webpage.static_charts`); the Vega runtime is loaded only when
  the reader asks for the interactive chart, so pages paint and respond at once on a phone.
- Boundaries are not inlined in each map: they are served once from ``_static/data/`` and
  joined with a ``lookup`` transform (keeps pages light).
- Palettes are colour-blind safe (Okabe & Ito 2008; viridis), fonts include Noto Sans KR for
  Hangul, and the chart sits on a light card that stays legible in dark mode.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import os
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from krdev import figuredata

FONT = "'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif"
#: Okabe & Ito (2008) colour-blind-safe categorical palette, with its light hues darkened (same hue,
#: lower lightness) so that every colour has at least 3:1 contrast with the white chart card
#: (WCAG 2.1 SC 1.4.11, non-text contrast); the vermilion reaches 4.5:1, so it may colour text (SC 1.4.3).
#: Order and hues are Okabe & Ito's: blue, orange, bluish green, vermilion, reddish purple, sky blue,
#: yellow, black.
OKABE_ITO = ["#0072B2", "#C48700", "#009E73", "#C05500", "#CC79A7", "#4999C6", "#9C942B", "#000000"]
CAPITAL_COLOURS = {"capital": OKABE_ITO[3], "non-capital": OKABE_ITO[0]}
SEQUENTIAL = "viridis"
DIVERGING = "blueorange"
WIDTH = 560  # fits the content column unscaled, so 13 px labels stay 13 px on a projector
STATIC_DATA_URL = "../_static/data"


def theme() -> dict:
    """The book's Altair theme: fonts with Hangul, Okabe–Ito categories, quiet axes."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": 320, "stroke": None},
            "range": {"category": OKABE_ITO, "ramp": {"scheme": SEQUENTIAL}},
            "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 260, "gridColor": "#e6e6e6",
                     "domainColor": "#888"},
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 260, "orient": "right"},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "text": {"fontSize": 12},
            "title": {"fontSize": 16, "anchor": "start", "subtitleColor": "#555", "subtitleFontSize": 13},
            "line": {"strokeWidth": 2},
        }
    }


def chart_div(spec: dict, alt_text: str = "") -> str:
    """``<div class="krdev-chart">`` holding ``spec`` as JSON; its id is a hash of the spec (stable
    between runs), and ``alt_text`` (if any) becomes its accessible label and ``<noscript>`` text."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    chart_id = "krdev-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    label = (f' role="img" aria-label="{html.escape(alt_text, quote=True)}"' if alt_text else "")
    fallback = f"<noscript>{html.escape(alt_text)}</noscript>" if alt_text else ""
    safe = text.replace("</", "<\\/")  # a spec must not close its own <script>
    return (f'<div class="krdev-chart" id="{chart_id}"{label}><script type="application/json" class="krdev-spec">'
            f'{safe}</script>{fallback}</div>')


def chart_html(chart: alt.TopLevelMixin, alt_text: str, source: str = "") -> str:
    """HTML for one chart: an accessible container, the spec as JSON, and the source line."""
    from krdev.i18n import gettext

    source_html = f'<p class="krdev-source">{html.escape(gettext("Source: {source}", source=source))}</p>' if source else ""
    return f'<figure class="krdev-figure">{chart_div(chart.to_dict(validate=True), alt_text)}{source_html}</figure>'


class Figure:
    """A chart with its alt text and source line, displayed (or glued) as offline HTML.

    ``glue("fig-x", Figure(chart, alt=..., source=...), display=False)`` then ``{glue:figure}``
    in Markdown gives a numbered, captioned, cross-referenceable figure.
    """

    def __init__(self, chart: alt.TopLevelMixin, alt: str, source: str, resources: list[str] | None = None):
        if not alt or len(alt) < 20:
            raise ValueError("every chart needs meaningful alt text (at least a sentence)")
        if not source:
            raise ValueError("every chart needs a source line")
        self.chart, self.alt, self.source = chart, alt, source
        # the resources it was computed from (default: all the chapter loaded so far) and parameters
        self.resources = figuredata.loaded_resources() if resources is None else list(resources)
        self.explicit = resources is not None
        self.parameters = figuredata.parameters_in_force()

    def _repr_mimebundle_(self, include=None, exclude=None):
        if live():  # Jupyter, Binder or Colab: Altair's own renderer, the data table and sources below
            html_text = (f'<figure class="krdev-figure">{self.chart.to_html(fullhtml=False)}'
                         f'<p class="krdev-source">Source: {html.escape(self.source)}</p></figure>')
        else:
            html_text = chart_html(self.chart, self.alt, self.source)
        extra = figuredata.figure_apparatus(self.chart.to_dict(), self.resources, self.parameters,
                                            explicit=self.explicit)
        html_text = html_text[: -len("</figure>")] + extra + "</figure>"  # Data (CSV), About this data, table
        bundle = {"text/html": html_text, "text/plain": f"<Figure: {self.alt}>"}
        if os.environ.get("KRDEV_STATIC_FIGURES"):  # set by `make pdf`: LaTeX needs a picture
            bundle["image/png"] = static_png(self.chart, source=self.source)
        return bundle


class Table:
    """A table shown on the page with the same apparatus as a figure: "Data (CSV)" (the rows and
    columns shown) and "About this data" (the table itself is its accessible data table).

    ``data`` is a DataFrame or a pandas ``Styler`` (its visible columns and, unless hidden, its index
    are the table's columns); ``title`` names the table in the CSV's description. After
    :func:`setup`, every DataFrame or Styler a notebook displays is shown through this class.
    """

    def __init__(self, data, title: str, source: str = "", resources: list[str] | None = None):
        if not title:
            raise ValueError("every table needs a title (it names its CSV and data table)")
        self.data, self.title, self.source = data, title, source
        self.resources = figuredata.loaded_resources() if resources is None else list(resources)
        self.explicit = resources is not None
        self.parameters = figuredata.parameters_in_force()

    def _is_styler(self) -> bool:
        return hasattr(self.data, "to_html") and hasattr(self.data, "data") and hasattr(self.data, "hidden_columns")

    def frame(self):
        """The rows and columns shown: hidden columns of a Styler left out, a hidden or default index
        dropped, any other index kept as leading columns; column labels as text."""
        if self._is_styler():
            source = self.data.data
            hidden = set(self.data.hidden_columns)
            frame = source.iloc[:, [i for i in range(source.shape[1]) if i not in hidden]]
            drop_index = any(getattr(self.data, "hide_index_", [False]))
        else:
            frame = self.data
            drop_index = False
        drop_index = drop_index or (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)
        frame = frame.reset_index(drop=drop_index)
        frame.columns = [" ".join(map(str, c)).strip() if isinstance(c, tuple) else str(c) for c in frame.columns]
        return frame

    def _repr_mimebundle_(self, include=None, exclude=None):
        table_html = self.data.to_html() if self._is_styler() else self.data.style.hide(axis="index").to_html() \
            if isinstance(self.data.index, pd.RangeIndex) else self.data.to_html()
        source_html = f'<p class="krdev-source">Source: {html.escape(self.source)}</p>' if self.source else ""
        extra = figuredata.frame_apparatus(self.frame(), self.title, self.resources, self.parameters,
                                           explicit=self.explicit)
        return {"text/html": f'<div class="krdev-table">{table_html}{source_html}{extra}</div>',
                "text/plain": self.frame().to_string(index=False)}


def _table_html(obj):
    """IPython's HTML formatter for DataFrames and Stylers after :func:`setup`: the table with its
    "Data (CSV)" and "About this data" (a table that cannot be described is shown as pandas shows it)."""
    title = (getattr(obj, "caption", None) if hasattr(obj, "hidden_columns") else obj.attrs.get("title")) or "Table"
    try:
        return Table(obj, title=str(title))._repr_mimebundle_()["text/html"]
    except (ValueError, TypeError):  # e.g. duplicate column labels: no CSV, the table as pandas shows it
        return obj.to_html() if hasattr(obj, "hidden_columns") else obj._repr_html_()


def _register_table_formatter() -> None:
    try:
        from IPython import get_ipython
        from pandas.io.formats.style import Styler
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["text/html"]
        formatter.for_type(pd.DataFrame, _table_html)
        formatter.for_type(Styler, _table_html)


FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


@lru_cache(maxsize=1)
def _register_fonts() -> None:
    import vl_convert

    for folder in FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def _inline_static_data(spec):
    """Replace ``_static/data`` URLs (served by the site) with the features (or topology) themselves."""
    from krdev.data import data_dir

    if isinstance(spec, dict):
        url = spec.get("url")
        if isinstance(url, str) and url.startswith(STATIC_DATA_URL):
            name = url.rsplit("/", 1)[-1]
            if name.endswith(".geojson"):
                features = json.loads((data_dir() / "processed" / name).read_text(encoding="utf-8"))["features"]
                return {"values": features}
            topology = json.loads(next((data_dir() / "raw").glob(f"*/{name}")).read_text(encoding="utf-8"))
            return {"values": topology, "format": spec.get("format")}
        return {k: _inline_static_data(v) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_inline_static_data(v) for v in spec]
    return spec


def static_png(chart: alt.TopLevelMixin, scale: float = 2.0, source: str = "") -> str:
    """The chart as a base64 PNG (for the PDF), rendered offline by vl-convert with Noto fonts;
    ``source`` is printed under it, so the PDF keeps every figure's source line."""
    import base64

    import vl_convert

    _register_fonts()
    spec = _inline_static_data(copy.deepcopy(chart.to_dict()))
    png = vl_convert.vegalite_to_png(spec, scale=scale)
    if source:
        png = figuredata.png_with_caption(png, f"Source: {source}", scale=scale)
    return base64.b64encode(png).decode()


def static_svg(spec: dict, cache_dir: Path | None = None) -> str:
    """The chart drawn as an SVG document, offline, by vl-convert (the Vega version the site ships)
    with the Noto fonts registered, so that Hangul labels are measured and drawn with the fonts the
    page names; text stays text. Boundaries served from ``_static/data`` are read from the data
    package. With ``cache_dir``, drawings are kept there by a hash of the specification and the
    renderer's versions (a book build draws only charts that changed)."""
    import vl_convert

    vl_version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256("|".join([text, vl_convert.get_vega_version(), vl_version, FONT,
                                   *[d for d in FONT_DIRS if Path(d).is_dir()]]).encode()).hexdigest()[:24]
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    if cached and cached.exists():
        return cached.read_text(encoding="utf-8")
    _register_fonts()
    svg = vl_convert.vegalite_to_svg(_inline_static_data(copy.deepcopy(spec)), vl_version=vl_version)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}.partial")  # drawn in parallel processes
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)
    return svg


def _renderer(spec: dict, **kwargs) -> dict:
    """Altair renderer: plain charts displayed without :class:`Figure` still render offline."""
    return {"text/html": chart_div(spec)}


LIVE_ENV = "KRDEV_LIVE_CHARTS"


def live() -> bool:
    """True when the notebook runs in a live Jupyter (Binder's start script or the Colab bootstrap
    set ``KRDEV_LIVE_CHARTS``): charts then use Altair's own renderer, which loads Vega itself;
    the book build keeps the offline renderer, whose runtime only the book's pages carry."""
    return bool(os.environ.get(LIVE_ENV))


def setup() -> None:
    """Register and enable the theme and the offline renderer (call once per notebook)."""
    alt.theme.register("krdev", enable=True)(theme)
    alt.renderers.register("krdev", _renderer)
    alt.renderers.enable("default" if live() else "krdev")
    alt.data_transformers.disable_max_rows()
    _register_table_formatter()


# ------------------------------------------------------------------------------ helpers


def boundaries(name: str):
    """A URL data source for boundaries served once from ``_static/data`` (GeoJSON features)."""
    return alt.Data(url=f"{STATIC_DATA_URL}/{name}.geojson", format=alt.DataFormat(type="json", property="features"))


def world_land():
    """Land areas of the world (Natural Earth 1:110m, quantized TopoJSON), served once from ``_static/data``."""
    return alt.Data(url=f"{STATIC_DATA_URL}/land-110m.json", format=alt.DataFormat(type="topojson", feature="land"))


SEOUL = "11"  #: KOSTAT code of Seoul


def seoul_inset(national: alt.TopLevelMixin, *, size: int = 180, key: str = "sido_code") -> alt.HConcatChart:
    """A national 시군구 map with an inset enlarging Seoul's 25 구 (too small to read at national
    scale). The inset repeats the map's shaded layers filtered to Seoul, with its own fitted Mercator
    projection; colour scale and legend are shared with the national map, and the legend moves below
    both so that map and inset fit the page column."""
    from krdev.i18n import gettext  # the inset's title in the edition's language

    layers = national.layer if isinstance(national, alt.LayerChart) else [national]
    shaded = [layer for layer in layers if _mark_type(layer) == "geoshape"]
    if not shaded:
        raise ValueError("seoul_inset needs a map with a geoshape layer")
    seoul = [layer.transform_filter(f"datum.properties.{key} === '{SEOUL}'") for layer in shaded]
    for layer in seoul:
        layer.title = alt.Undefined  # the inset carries its own title (no empty title on its layers)
    inset = (alt.layer(*seoul) if len(seoul) > 1 else seoul[0]).properties(
        width=size, height=size, title=alt.TitleParams(gettext("Seoul (서울), enlarged"), fontSize=13, fontWeight="normal"))
    return (alt.hconcat(national, inset, spacing=8).resolve_scale(color="shared").resolve_legend(color="shared")
            .configure_legend(orient="bottom", direction="horizontal"))


def _mark_type(chart) -> str | None:
    mark = getattr(chart, "mark", None)
    return mark if isinstance(mark, str) else getattr(mark, "type", None)


def choropleth(values, *, code_field: str, value_field: str, title: str, boundary: str = "sido_2020",
               key: str = "sido_code", tooltip=(), scheme: str = SEQUENTIAL, value_title: str | None = None,
               width: int = 420, height: int = 480, classes=None) -> alt.Chart:
    """A choropleth joining ``values`` (a DataFrame) to shared boundaries by code.

    ``classes`` (from :func:`krdev.measures.classify`) gives a quantised colour scale with
    explicit class breaks (Jenks 1967 natural breaks via ``mapclassify``).
    """
    fields = [value_field, *[t for t in tooltip if t != code_field]]
    base = alt.Chart(boundaries(boundary)).mark_geoshape(stroke="white", strokeWidth=0.4).transform_lookup(
        lookup=f"properties.{key}", from_=alt.LookupData(values, code_field, fields)
    )
    scale = alt.Scale(scheme=scheme)
    if classes is not None:
        scale = alt.Scale(type="threshold", domain=list(classes), scheme=scheme)
    return base.encode(
        color=alt.Color(f"{value_field}:Q", scale=scale, title=value_title or value_field),
        tooltip=[alt.Tooltip(f"{t}:N" if t not in (value_field,) else f"{t}:Q") for t in fields],
    ).project(type="mercator").properties(title=title, width=width, height=height)
