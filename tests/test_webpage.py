"""The page post-processing of :mod:`krdev.webpage` on small hand-written pages."""

from __future__ import annotations

import re

import pytest

from krdev import webpage

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Capital (수도권)</title>
    <script src="../_static/documentation_options.js"></script>
    <script src="../_static/doctools.js"></script>
    <script defer src="../_static/scripts/fontawesome.js"></script>
    <script src="../_static/mathjax/tex-svg.js"></script>
    <script src="../searchindex.js"></script>
    <script src="../_static/krdev-charts.js"></script>
    <link rel="stylesheet" type="text/css" href="../_static/sphinx-design.min.css" />
</head><body>
<article class="bd-article"><h1>수도권 집중</h1>
<p>Short.</p>
<p>The capital region, 수도권 (sudogwon), holds half of the population of the country and most of its firms.</p>
<script type="application/json" class="krdev-spec">{"title": "서울"}</script>
<div lang="ko"><p>이미 표시됨</p></div>
<details class="admonition hide above-input">
<summary aria-label="Toggle hidden content">
<p class="collapsed admonition-title">Show code cell source</p>
</summary></details>
<div><style scoped>.dataframe th {color: red}</style><table class="dataframe"></table></div>
<section id="exercise-content"><p>a</p></section><section id="exercise-content"><p>b</p></section>
<div class="citation" id="id4" role="doc-biblioentry">x</div>
</article></body></html>
"""


def test_hangul_runs_are_marked_in_text_only():
    out = webpage.mark_hangul(PAGE)
    assert '<h1><span lang="ko">수도권 집중</span></h1>' in out  # one run across the space
    assert 'region, <span lang="ko">수도권</span> (sudogwon)' in out
    assert '{"title": "서울"}' in out  # script content untouched
    assert "<title>Capital (수도권)</title>" in out  # the head is not touched
    assert "<p>이미 표시됨</p>" in out  # already inside lang="ko"
    assert webpage.mark_hangul(out) == out  # idempotent


def test_unused_scripts_are_dropped_and_the_rest_deferred():
    out = webpage.drop_unused_scripts(PAGE)
    head = out.partition("</head>")[0]
    assert "fontawesome" not in head and "mathjax" not in head and "searchindex" not in head
    assert "sphinx-design" not in head  # no sphinx-design markup on the page
    assert "krdev-charts.js" not in head  # no chart on the page
    assert '<script src="../_static/documentation_options.js">' in head  # inline lines extend it
    assert '<script defer src="../_static/doctools.js">' in head
    with_math = PAGE.replace("<p>Short.</p>", r'<span class="math notranslate nohighlight">\(x\)</span>')
    assert "mathjax" in webpage.drop_unused_scripts(with_math).partition("</head>")[0]
    assert "searchindex" in webpage.drop_unused_scripts(PAGE, is_search_page=True)


def test_icons_become_inline_svg_and_unknown_icons_fail():
    icons = {("fas", "bars"): (448, 512, "M0 0h448v64H0z")}
    out = webpage.inline_icons('<button><span class="fa-solid fa-bars"></span></button>', icons)
    assert out == ('<button><svg class="svg-inline--fa fa-bars" aria-hidden="true" focusable="false" '
                   'viewBox="0 0 448 512"><path fill="currentColor" d="M0 0h448v64H0z"/></svg></button>')
    with pytest.raises(ValueError, match="fas 'rocket'"):
        webpage.inline_icons('<i class="fas fa-rocket"></i>', icons)


def test_the_themes_icons_are_found():
    icons = webpage.font_awesome_icons()
    assert {("fas", "bars"), ("fab", "github"), ("fas", "magnifying-glass"), ("far", "file")} <= set(icons)


def test_summary_markup_ids_styles_roles():
    out = webpage.fix_summaries(PAGE)
    assert '<summary>\n<span class="collapsed admonition-title">Show code cell source</span>' in out
    nav = ('<a class="reference internal" href="p1.html">Part I: Clusters</a><details><summary>'
           '<span class="toctree-toggle" role="presentation"></span></summary></details>')
    assert '<summary aria-label="Sections of Part I: Clusters">' in webpage.fix_summaries(nav)
    moved = webpage.move_body_styles(PAGE)
    assert moved.index("<style>.dataframe th") < moved.index("</head>") and "scoped" not in moved
    assert 'id="exercise-content"' not in webpage.unique_section_ids(PAGE)
    assert 'role="listitem"' in webpage.bibliography_roles(PAGE)


def test_meta_description_from_first_real_paragraph():
    out = webpage.meta_description(PAGE)
    assert '<meta name="description" content="The capital region, 수도권 (sudogwon), holds half' in out
    long = PAGE.replace("most of its firms.", "most of its firms " + "and more " * 40 + "end.")
    content = webpage.meta_description(long).split('name="description" content="')[1].split('"')[0]
    assert len(content) <= 161 and content.endswith("…")


def test_root_index_is_a_complete_page():
    out = webpage.root_index("book/index.html", "A & B", favicon="_static/favicon.png")
    assert out.startswith("<!DOCTYPE html>") and '<html lang="en">' in out and "<title>A &amp; B</title>" in out
    assert 'url=book/index.html' in out and 'rel="icon"' in out


def test_formulas_become_mathml_and_unconvertible_pages_keep_mathjax():
    page = (r'<p>Rate <span class="math notranslate nohighlight">\(\lambda = -\ln(1+bT)/T\)</span></p>'
            '<div class="math notranslate nohighlight" id="equation-x">\n<span class="eqno">(1)</span>'
            r'\[\frac{a}{b}\]</div>')
    out = webpage.render_math(page)
    assert '<span class="krdev-math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert "<mi>&#x003BB;</mi>" in out  # lambda
    assert '<div class="krdev-math" id="equation-x"><span class="eqno">(1)</span><math' in out
    assert "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>" in out
    broken = '<span class="math notranslate nohighlight">not delimited</span>'
    assert webpage.render_math(broken) == broken


# ------------------------------------------------------------------ charts, style sheets, theme script

CHART_PAGE = ('<html lang="{lang}"><head></head><body><figure class="krdev-figure">'
              '<div class="krdev-chart" id="krdev-0123456789ab" role="img" aria-label="A bar chart of 서울.">'
              '<script type="application/json" class="krdev-spec">{{"mark":"bar"}}</script>'
              '<noscript>A bar chart of 서울.</noscript></div><p class="krdev-source">Source: x</p></figure></body></html>')


def test_charts_become_pictures_with_a_button_outside_the_named_container():
    calls = []

    def draw(spec, chart_id):
        calls.append((spec, chart_id))
        return "../_static/charts/krdev-0123456789ab.svg", 560, 320

    out = webpage.static_charts(CHART_PAGE.format(lang="en"), draw)
    assert calls == [('{"mark":"bar"}', "krdev-0123456789ab")]
    div = out[out.index('<div class="krdev-chart"'):out.index("</div>") + len("</div>")]
    assert 'role="img" aria-label="A bar chart of 서울."' in div  # the container keeps the text alternative
    assert '<img class="krdev-static" src="../_static/charts/krdev-0123456789ab.svg" width="560" height="320" alt=""' in div
    assert "<noscript>" not in div and "<button" not in div  # nothing focusable inside
    assert 'loading="eager" fetchpriority="high"' in div  # the page's first chart is fetched at once
    assert out.index("</div>") < out.index('<button type="button" class="krdev-explore')  # the button follows it
    assert 'aria-controls="krdev-0123456789ab">Explore the interactive chart</button>' in out
    assert webpage.static_charts(out, draw) == out and len(calls) == 1  # a processed page is left alone
    korean = webpage.static_charts(CHART_PAGE.format(lang="ko"), draw)
    assert ">대화형 차트 보기</button>" in korean


def test_svg_size_reads_the_root_element():
    assert webpage.svg_size('<svg xmlns="http://www.w3.org/2000/svg" width="623.5" height="412"><g/></svg>') == (624, 412)
    with pytest.raises(ValueError, match="width and height"):
        webpage.svg_size('<svg viewBox="0 0 10 10"></svg>')


def test_style_sheets_are_joined_in_order_with_imports_and_urls_rebased(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("p { margin: 0 }", encoding="utf-8")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n'
                                                 '@font-face { src: url("../vendor/fa.woff2") }', encoding="utf-8")
    (static / "krdev.css").write_text("a { color: red }\n/*# sourceMappingURL=krdev.css.map */", encoding="utf-8")
    (static / "print.css").write_text("body { color: black }", encoding="utf-8")
    page_path = tmp_path / "book" / "index.html"
    page_path.parent.mkdir()
    page = ('<html><head>\n<style>.x{}</style>\n'
            '    <link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
            '    <link rel="stylesheet" type="text/css" href="../_static/missing.css" />\n'
            '    <link rel="stylesheet" type="text/css" href="../_static/print.css" media="print" />\n'
            '    <link rel="stylesheet" type="text/css" href="../_static/krdev.css?v=2" />\n'
            '<script src="x.js"></script></head><body></body></html>')
    out = webpage.bundle_stylesheets(page, page_path, static)
    head = out.partition("</head>")[0]
    links = re.findall(r'<link [^>]*>', head)
    bundle = re.search(r'href="\.\./_static/(krdev-styles-[0-9a-f]{12}\.css)"', links[0]).group(1)
    assert 'data-sheets="theme.css krdev.css"' in links[0]
    assert [re.search(r'href="([^"]+)"', link).group(1) for link in links[1:]] == \
        ["../_static/missing.css", "../_static/print.css"]  # left linked as they were
    css = (static / bundle).read_text(encoding="utf-8")
    assert css.index("p { margin: 0 }") < css.index('url("vendor/fa.woff2")') < css.index("a { color: red }")
    assert "@import" not in css and "sourceMappingURL" not in css
    assert webpage.bundle_stylesheets(out, page_path, static) == out  # one sheet: nothing to join


def test_the_themes_tab_stops_are_measured_before_they_are_written():
    from pathlib import Path

    import pydata_sphinx_theme

    source = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts"
              / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    patched = webpage.batch_tab_stops(source)
    assert ".forEach(e=>{e.tabIndex=e.scrollWidth" not in patched  # the read-write-read loop is gone
    reads, writes = patched.index("const v=r.map(e=>e.scrollWidth"), patched.index("r.forEach((e,i)=>{if(e.tabIndex")
    assert reads < writes and "div.krdev-chart" in patched and "contentVisibilityAuto" in patched
    assert webpage.batch_tab_stops(patched) == patched
    with pytest.raises(ValueError, match="tab-stop code was not found"):
        webpage.batch_tab_stops("function I(){}")


def test_the_colour_theme_is_resolved_in_the_first_script():
    head = ('<script data-cfasync="false">\n    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n'
            '    document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";\n  </script>')
    out = webpage.resolve_theme_early(head)
    assert '|| "auto";\n' not in out.split("dataset.theme")[1] and "prefers-color-scheme: dark" in out
    assert 'dataset.mode = localStorage.getItem("mode") || "auto"' in out  # the mode stays "auto"


def test_the_small_blocking_options_script_is_put_in_the_page(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "documentation_options.js").write_text("const DOCUMENTATION_OPTIONS = {LANGUAGE: 'en'};\n")
    page = ('<html><head><script src="_static/documentation_options.js?v=1"></script>\n'
            "<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script></head><body>"
            '<script src="_static/documentation_options.js"></script></body></html>')
    out = webpage.inline_blocking_scripts(page, tmp_path / "index.html")
    head, _, body = out.partition("</head>")
    assert "<script>const DOCUMENTATION_OPTIONS = {LANGUAGE: 'en'};</script>\n<script>DOCUMENTATION_OPTIONS.pagename" in head
    assert 'src="_static/documentation_options.js"' in body  # only the head is changed


def test_deferred_scripts_are_joined_in_the_order_they_run(tmp_path):
    static = tmp_path / "_static"
    (static / "scripts").mkdir(parents=True)
    for name, code in [("a.js", '"use strict";\nvar a = 1;'), ("scripts/b.js", "var b = a + 1;\n//# sourceMappingURL=b.js.map"),
                       ("krdev-charts.js", "var c;"), ("t.js", "var t;")]:
        (static / name).write_text(code, encoding="utf-8")
    page = ('<html><head>\n    <script defer src="_static/a.js?v=1"></script>\n'
            '    <script defer="defer" src="_static/krdev-charts.js"></script>\n'
            '    <script>var inline = 1;</script>\n'
            '    <script defer src="_static/missing.js"></script>\n'
            '    <script data-x="1" defer src="_static/t.js"></script>\n'
            '</head><body><p>x</p>\n<script defer src="_static/scripts/b.js?digest=2"></script>\n</body></html>')
    out = webpage.bundle_deferred_scripts(page, tmp_path / "index.html", static)
    srcs = re.findall(r'<script [^>]*src="([^"]+)"', out)
    assert srcs[0].startswith("_static/krdev-scripts-") and srcs[1:] == \
        ["_static/krdev-charts.js", "_static/missing.js", "_static/t.js"]  # kept apart
    code = (tmp_path / srcs[0]).read_text(encoding="utf-8")
    assert code.index("var a = 1;") < code.index("var b = a + 1;") and "sourceMappingURL" not in code
    assert code.startswith("void 0;\n")  # the first file's "use strict" does not apply to the others
    assert "scripts/b.js" not in out and "<script>var inline = 1;</script>" in out
    search = ('<html><head><script defer src="_static/a.js"></script><script defer src="_static/searchtools.js"></script>'
              '<script defer src="_static/searchindex.js"></script></head></html>')
    (static / "searchtools.js").write_text("const Search = {};", encoding="utf-8")
    assert webpage.bundle_deferred_scripts(search, tmp_path / "search.html", static) == search  # one file left
    assert webpage.bundle_deferred_scripts(out, tmp_path / "index.html", static) == out


def test_korean_pages_get_korean_interface_labels_and_english_pages_keep_theirs():
    from krdev import webpage

    page = ('<html lang="ko"><body><summary aria-label="Sections of 제1부: 산업"><span class="collapsed">'
            ' Show code cell source </span></summary><button title="Back to top">Back to top</button>'
            '<p>Main street</p><input placeholder="Search..."></body></html>')
    korean = webpage.translate_ui(page)
    assert 'aria-label="제1부: 산업 하위 항목"' in korean and "> 코드 셀 소스 보기 <" in korean
    assert 'title="맨 위로">맨 위로<' in korean and 'placeholder="검색..."' in korean
    assert "<p>Main street</p>" in korean  # prose that merely contains a label is left alone
    english = page.replace('lang="ko"', 'lang="en"')
    assert webpage.translate_ui(english) == english


def test_only_the_first_chart_of_a_page_is_fetched_eagerly():
    chart = CHART_PAGE.format(lang="en")
    body = chart[chart.index("<figure"):chart.index("</body>")]
    page = chart.replace(body, body + body.replace("0123456789ab", "ba9876543210"))
    out = webpage.static_charts(page, lambda spec, chart_id: (f"{chart_id}.svg", 10, 10))
    first, second = out.split('<img class="krdev-static"')[1:]
    assert 'fetchpriority="high"' in first and 'loading="eager"' in first
    assert 'loading="lazy"' in second and "fetchpriority" not in second


# ------------------------------------------------------------------ unused style rules, icon fonts

SITE_CSS = """/* theme.css */
.used{color:red}.gone{color:blue}.used .gone,.used:hover{x:1}
.shown-by-script{display:block}.bs-popover-top{margin:0}.a:not(.gone){y:2}
p,li>a[href^="#gone"]{z:3}.md\\:gone{w:4}
@media (min-width:40em){.gone{a:b}}@media print{.used{a:c}.gone{a:d}}
@font-face{font-family:x;src:url("x.woff")}@keyframes gone{0%{opacity:0}}
:root{--gone-colour:#fff}
"""


def test_purge_drops_only_selectors_nothing_in_the_site_can_match():
    pages = ['<p class="used a">x</p>']
    scripts = ['el.classList.add("shown-by-script"); tip.className = "bs-popover-" + placement;']
    out = webpage.purge_css(SITE_CSS, *webpage.used_words(pages + scripts))
    assert ".used{color:red}" in out and ".gone{color:blue}" not in out
    assert ".used:hover{x:1}" in out  # the selector list keeps its matching member
    assert ".shown-by-script{display:block}" in out  # a class only a script adds
    assert ".bs-popover-top{margin:0}" in out  # a class a script builds from a prefix
    assert ".a:not(.gone){y:2}" in out  # what :not() excludes is not required
    assert 'p,li>a[href^="#gone"]{z:3}' in out  # elements and attribute values are not checked
    assert ".md\\:gone{w:4}" in out  # escaped names are kept
    assert "@media (min-width:40em)" not in out and "@media print{.used{a:c}}" in out
    assert '@font-face{font-family:x;src:url("x.woff")}' in out and "@keyframes gone{0%{opacity:0}}" in out
    assert ":root{--gone-colour:#fff}" in out and "/* theme.css */" in out
    assert webpage.purge_css(out, *webpage.used_words(pages + scripts)) == out


def test_bundles_leave_out_rules_nothing_in_the_site_can_match(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "theme.css").write_text(SITE_CSS, encoding="utf-8")
    (static / "krdev.css").write_text(".krdev-live-pending{opacity:0}", encoding="utf-8")
    page = ('<html><head>\n    <link rel="stylesheet" href="_static/theme.css" />\n'
            '    <link rel="stylesheet" href="_static/krdev.css" />\n</head><body class="used"></body></html>')
    used = webpage.used_words([page, 'target.classList.add("krdev-live-pending")'])
    out = webpage.bundle_stylesheets(page, tmp_path / "index.html", static, used=used)
    css = (static / re.search(r'href="_static/(krdev-styles-[0-9a-f]+\.css)"', out).group(1)).read_text(encoding="utf-8")
    assert ".used{color:red}" in css and ".krdev-live-pending{opacity:0}" in css and ".gone{" not in css


def test_icon_codepoints_are_read_from_css_and_script_escapes_and_literals():
    texts = ['.x:after{content:"\\f107"}', ':root{--pst-icon-download:"\uf019"}', 'icon = "\\uf35d";',
             '.y:before{content:"\\2014"}', "plain text"]
    assert webpage.icon_codepoints(texts) == {0xF107, 0xF019, 0xF35D}


def test_icon_fonts_are_cut_to_the_named_glyphs(tmp_path):
    import base64
    import io
    import shutil
    from pathlib import Path

    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    fonts = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor"
             / "fontawesome" / "webfonts")
    (tmp_path / "webfonts").mkdir()
    (tmp_path / "styles").mkdir()
    for name in ("fa-solid-900", "fa-brands-400"):
        shutil.copyfile(fonts / f"{name}.ttf", tmp_path / "webfonts" / f"{name}.ttf")
    css = ''.join(f'@font-face{{font-display:block;font-family:X;src:url("../webfonts/{name}.woff2") format("woff2"),'
                  f'url("../webfonts/{name}.ttf") format("truetype")}}' for name in ("fa-solid-900", "fa-brands-400"))
    wanted = {0xF107, 0xF019, 0xF09B}  # angle-down and download (solid), github (brands)
    out = webpage.subset_icon_fonts(css, tmp_path / "styles" / "theme.css", wanted)
    solid = re.search(r'src:url\("data:font/woff;base64,([^"]+)"\) format\("woff"\)', out)
    assert solid and "woff2" not in out and ".ttf" not in out
    font = TTFont(io.BytesIO(base64.b64decode(solid.group(1))))
    assert set(font.getBestCmap()) == {0xF107, 0xF019}  # the glyphs the solid font has, and no other
    assert len(base64.b64decode(solid.group(1))) < 8000  # the whole font is 150 kB
    brands = tmp_path / "webfonts" / "fa-brands-400.subset.woff"
    assert 'src:url("../webfonts/fa-brands-400.subset.woff") format("woff")' in out and brands.is_file()
    assert set(TTFont(str(brands)).getBestCmap()) == {0xF09B}
    assert webpage.subset_icon_fonts(out, tmp_path / "styles" / "theme.css", wanted) == out


def test_the_first_sidebar_toggles_of_the_page_are_the_visible_ones():
    page = ('<body><header id="pst-header" class="bd-header"><div>\n'
            '  <button class="pst-navbar-icon sidebar-toggle primary-toggle" aria-label="Site navigation">\n'
            '    <svg><path d="M0"/></svg>\n  </button>\n  <div class="search"><button class="btn search-button">S</button></div>\n'
            '  <button class="pst-navbar-icon sidebar-toggle secondary-toggle" aria-label="On this page"><svg/></button>\n'
            '</div></header><main><div class="bd-header-article">'
            '<button class="sidebar-toggle primary-toggle btn btn-sm" title="Toggle primary sidebar">P</button>'
            '<button class="sidebar-toggle secondary-toggle btn btn-sm pst-navbar-icon" title="Toggle secondary sidebar">'
            'T</button></div></main></body>')
    out = webpage.drop_hidden_sidebar_toggles(page)
    # the themes' scripts bind to document.querySelector(".primary-toggle"): the first one in the page
    assert re.search(r'<button class="[^"]*\bprimary-toggle\b[^"]*"[^>]*>', out).group(0) == \
        '<button class="sidebar-toggle primary-toggle btn btn-sm" title="Toggle primary sidebar">'
    assert re.search(r'<button class="[^"]*\bsecondary-toggle\b[^"]*"[^>]*>', out).group(0).endswith(
        'title="Toggle secondary sidebar">')
    assert '<button class="btn search-button">S</button>' in out and out.count("<button") == 3
    assert webpage.drop_hidden_sidebar_toggles(out) == out


def test_font_subsets_are_the_same_bytes_every_time():
    """A subset keeps the source font's dates (fontTools would stamp the time of saving): two builds
    give the same bundle, so an incremental build gives the pages a clean one gives."""
    import time
    from pathlib import Path

    import pydata_sphinx_theme

    from krdev import webpage

    source = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor"
              / "fontawesome" / "webfonts" / "fa-solid-900.ttf")
    first = webpage.subset_font(source, {0xF007, 0xF015})
    time.sleep(1.1)  # the font format records times in seconds
    assert webpage.subset_font(source, {0xF007, 0xF015}) == first
