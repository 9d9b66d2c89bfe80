"""The built site as a reader meets it: zero axe-core violations (WCAG 2.1 A/AA) on a phone (390 × 844, the
charts as the pictures drawn at build time) and on a desktop (after every interactive chart has drawn),
Korean marked as Korean, valid HTML (Nu Html Checker), usable at phone width, a proper root page, a meta
description on every page and a search that finds the book's acronyms. The Korean edition's translated
pages are checked the same way.

Speed (Lighthouse) is measured in ``make bench``, not here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_site import site_pages
from krdev import edition
from tests.webcheck import (BROKEN_HANGUL_HEADINGS_JS, search_hits, HANGUL_COVERAGE_JS, PAGE_OVERFLOW_JS, SMALL_CHART_TEXT_JS,
                            STATIC_CHART_TEXT_JS, axe_violations, draw_all_charts, serve, vnu_errors)

MIN_CHART_TEXT_PX = 11
MIN_HANGUL_MARKED = 0.95


@pytest.fixture(scope="module")
def base_url(built_site):
    with serve(built_site) as url:
        yield url


def _pages(site: Path) -> list[Path]:
    """Every page a reader can open (the root page only redirects: it is validated, not browsed)."""
    return site_pages(site) + [site / "search.html", site / "genindex.html"]


def korean_pages(site: Path) -> list[Path]:
    """The Korean edition's translated pages (``krdev.edition.TRANSLATED``) that were built."""
    return [p for p in (site / "ko" / f"{doc}.html" for doc in edition.TRANSLATED) if p.is_file()]


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _axe_failures(page, rel: str) -> list[str]:
    failures = []
    for v in axe_violations(page):
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        failures.append(f"{rel}: {v['id']} ({len(v['nodes'])} nodes: {v['help']}) e.g. {targets}")
    return failures


def test_no_axe_violations_on_a_phone(built_site, base_url, browser):
    """At 390 × 844, as a phone shows the page on arrival: charts are their build-time pictures (chart cards
    and tables scroll sideways in their own box, which must then be reachable by keyboard)."""
    failures = []
    for path in _pages(built_site) + korean_pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base_url + rel, wait_until="load")
        failures += _axe_failures(page, rel)
        context.close()
    assert not failures, "\n".join(failures)


def test_no_axe_violations_and_korean_is_marked_on_every_page(built_site, base_url, browser):
    failures, total, marked = [], 0, 0
    for path in _pages(built_site) + korean_pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base_url + rel, wait_until="load")
        draw_all_charts(page)
        failures += _axe_failures(page, rel)
        coverage = page.evaluate(HANGUL_COVERAGE_JS)
        total += coverage["total"]
        marked += coverage["marked"]
        if coverage["total"] and coverage["marked"] / coverage["total"] < MIN_HANGUL_MARKED:
            failures.append(f"{rel}: only {coverage['marked']}/{coverage['total']} Hangul characters inside lang=\"ko\", "
                            f"e.g. {coverage['unmarked']}")
        context.close()
    assert total > 1000, "the book's Korean text was not found"
    assert not failures, "\n".join(failures)


def test_html_is_valid_on_every_page(built_site):
    errors = vnu_errors(_pages(built_site) + [built_site / "index.html"] + korean_pages(built_site))
    lines = [f"{Path(e.get('url', '')).name}:{e.get('lastLine', '?')}: {e['message']} [{e.get('extract', '')[:80]!r}]"
             for e in errors]
    assert not lines, f"{len(lines)} validator errors:\n" + "\n".join(lines[:30])


def test_pages_work_at_phone_width(built_site, base_url, browser):
    """At 390 × 844: no chart text below 11 px, in the build-time pictures and in the interactive charts
    (both keep their natural size and scroll sideways), the page never scrolls sideways (wide tables
    scroll in their own box) and no heading breaks inside a Korean word."""
    failures, width = [], 390
    for path in site_pages(built_site) + korean_pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base_url + rel, wait_until="load")
        small = page.evaluate(STATIC_CHART_TEXT_JS, MIN_CHART_TEXT_PX)
        if small:
            failures.append(f"{rel}: {len(small)} labels of chart pictures below {MIN_CHART_TEXT_PX} px, e.g. {small[:3]}")
        draw_all_charts(page)
        small = page.evaluate(SMALL_CHART_TEXT_JS, MIN_CHART_TEXT_PX)
        if small:
            failures.append(f"{rel}: {len(small)} chart labels below {MIN_CHART_TEXT_PX} px, e.g. {small[:3]}")
        size = page.evaluate(PAGE_OVERFLOW_JS)
        # a phone widens its layout viewport to fit content that sticks out (and zooms the page out)
        if max(size["scroll"], size["width"]) > width + 1:
            failures.append(f"{rel}: the page is {max(size['scroll'], size['width'])} px wide on a {width} px screen")
        broken = page.evaluate(BROKEN_HANGUL_HEADINGS_JS)
        if broken:
            failures.append(f"{rel}: headings break inside Korean words: {broken[:3]}")
        context.close()
    assert not failures, "\n".join(failures)


def test_chart_actions_menu_is_named_and_closes_with_escape(built_site, base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "notebooks/regions-at-a-glance.html", wait_until="load")
    draw_all_charts(page)
    summary = page.locator("div.krdev-chart .vega-embed details > summary").first
    assert summary.get_attribute("aria-label")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("div.krdev-chart .vega-embed details").first.evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not page.locator("div.krdev-chart .vega-embed details").first.evaluate("d => d.open")
    page.close()


def test_charts_are_pictures_until_the_reader_asks_for_the_interactive_chart(built_site, base_url, browser):
    """Every chart arrives as a picture drawn at build time (its container named by the text alternative)
    and no page loads the Vega runtime on arrival. The button after a chart with controls, pressed from
    the keyboard, loads it and swaps the picture for the interactive chart, whose controls then work
    and hold the keyboard focus; the picture and the chart have the same size."""
    chapters = [p for p in site_pages(built_site) if 'class="krdev-chart"' in p.read_text(encoding="utf-8")]
    assert chapters
    for path in chapters:
        text = path.read_text(encoding="utf-8")
        charts = re.findall(r'<div class="krdev-chart"[^>]*>', text)
        pictures = re.findall(r'<img class="krdev-static" src="([^"]+)" width="(\d+)" height="(\d+)" alt=""', text)
        assert len(pictures) == len(charts), f"{path.name}: {len(charts)} charts, {len(pictures)} pictures"
        assert all('role="img" aria-label="' in c for c in charts), path.name
        for src, _, _ in pictures:
            svg = (path.parent / src).resolve().read_text(encoding="utf-8")
            assert svg.startswith("<svg") and "<text" in svg, src
    with_controls = next(p for p in chapters if '"bind":' in p.read_text(encoding="utf-8"))
    rel = with_controls.relative_to(built_site).as_posix()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + rel, wait_until="load")
    page.wait_for_timeout(500)
    assert not [u for u in requests if "krdev-vega" in u], "the Vega runtime was loaded before any interaction"
    chart_id = page.evaluate("""() => [...document.querySelectorAll('div.krdev-chart')]
        .find(d => d.querySelector('script.krdev-spec').textContent.includes('"bind":')).id""")
    chart = page.locator(f"#{chart_id}")
    before = chart.locator("img.krdev-static").bounding_box()
    button = page.locator(f'button.krdev-explore[aria-controls="{chart_id}"]')
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.getElementById(id).dataset.rendered === 'ok'", arg=chart_id, timeout=60_000)
    assert [u for u in requests if "krdev-vega" in u]
    assert chart.locator("img.krdev-static").count() == 0 and button.count() == 0
    svg = chart.locator(".vega-embed svg").first
    assert svg.get_attribute("aria-label") and chart.get_attribute("role") is None
    after = svg.bounding_box()
    assert abs(after["width"] - before["width"]) <= 2 and abs(after["height"] - before["height"]) <= 2, (before, after)
    assert page.evaluate(f"() => document.getElementById('{chart_id}').contains(document.activeElement)")
    control = chart.locator(".vega-bindings input, .vega-bindings select").first
    old = svg.inner_html()
    if control.get_attribute("type") == "range":
        control.focus()
        value = control.input_value()
        page.keyboard.press("Home" if value != control.get_attribute("min") else "End")
        assert control.input_value() != value
    else:
        options = control.locator("option")
        control.select_option(index=options.count() - 1)
    page.wait_for_timeout(300)
    assert chart.locator(".vega-embed svg").first.inner_html() != old, "the chart did not respond to its control"
    page.close()


def test_scripts_load_only_where_used(built_site):
    """Formulas typeset at build time (MathJax only where one could not be), no Font Awesome script, the
    chart runtime never in the head, no render-blocking script but the small options file, and one
    style sheet (the page's sheets joined) instead of one request per sheet."""
    for path in site_pages(built_site) + korean_pages(built_site):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("</head>")
        sheets = re.findall(r'<link [^>]*rel="stylesheet"[^>]*>', head)
        assert len(sheets) == 1 and "krdev-styles-" in sheets[0], f"{path.name}: {sheets}"
        assert "fontawesome.js" not in text, path.name
        assert "krdev-vega.js" not in head, path.name
        assert ("mathjax" in head.lower()) == ('class="math notranslate' in body), path.name
        assert not re.search(r"<i class=\"fa", body), f"{path.name}: an icon was left for the Font Awesome script"
        blocking = [s for s in re.findall(r"<script [^>]*src=\"([^\"]+)\"[^>]*>", head)
                    if not re.search(r"documentation_options", s)]
        deferred = re.findall(r"<script (?:defer|async)[^>]*src=\"([^\"]+)\"|<script [^>]*(?:defer|async)[^>]*src=\"([^\"]+)\"", head)
        assert len(deferred) == len(blocking), f"{path.name}: render-blocking scripts in the head"


def test_every_page_has_a_meta_description(built_site):
    for path in _pages(built_site) + [built_site / "index.html"]:
        match = re.search(r'<meta name="description" content="([^"]+)"', path.read_text(encoding="utf-8"))
        assert match and len(match.group(1)) >= 20, f"{path.name} has no meta description"


def test_root_index_is_a_proper_page(built_site):
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    assert re.search(r"<title>[^<]+</title>", text) and 'rel="icon"' in text
    assert 'href="book/index.html"' in text


def test_sidebar_lists_each_part_once(built_site):
    text = (built_site / "notebooks" / "municipal-networks.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="bd-links bd-docs-nav".*?</nav>', text, re.S).group(0)
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav)
    entries = [re.sub(r"<[^>]+>", "", e) for e in re.findall(r'<li class="toctree-l1[^"]*"><a [^>]*>(.*?)</a>', nav)]
    assert not set(captions) & set(entries), f"parts repeated in the sidebar: {set(captions) & set(entries)}"


def test_search_for_near_finds_the_networks_chapter(built_site, base_url, browser):
    hits = search_hits(browser, base_url + "search.html?q=NEAR")
    assert any("municipal-networks" in h for h in hits), hits
