"""The built site, in headless Chromium: pages load without console errors, every chart renders
an SVG, nothing is requested from outside the local server, every internal link resolves, and
every chapter carries a parseable "Cite this chapter" box."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.webcheck import serve

SKIP = {"genindex.html", "search.html"}
BOOK_TITLE = __import__("yaml").safe_load((Path(__file__).parent.parent / "_config.yml").read_text(encoding="utf-8"))["title"]


def site_pages(site: Path) -> list[Path]:
    """The pages of one edition (the Korean edition in ``ko/`` is checked in test_edition.py)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts
                  and p.relative_to(site).parts[0] != "ko"
                  and (p.name not in SKIP and p.name != "index.html" or p == site / "book" / "index.html"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[key])


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def server(built_site):
    with serve(built_site) as url:
        yield url


def test_site_has_the_expected_pages(built_site):
    pages = {p.relative_to(built_site).as_posix() for p in site_pages(built_site)}
    assert "book/index.html" in pages and "notebooks/regions-at-a-glance.html" in pages
    assert (built_site / "_static" / "krdev-vega.js").stat().st_size > 500_000
    assert (built_site / "_static" / "data" / "sido_2020.geojson").exists()


def test_every_page_loads_offline_renders_its_charts_and_logs_no_errors(built_site, server, browser):
    failures = []
    for path in site_pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        context = browser.new_context()
        page = context.new_page()
        errors, outside = [], []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def route(request_route, request):
            if urlparse(request.url).hostname not in ("127.0.0.1", "localhost") and not request.url.startswith("data:"):
                outside.append(request.url)
                return request_route.abort()
            return request_route.continue_()

        page.route("**/*", route)
        page.goto(server + rel, wait_until="load")
        charts = page.locator("div.krdev-chart")
        count = charts.count()
        if count:  # charts draw when they near the viewport; ask for all of them at once
            page.evaluate("() => window.krdevDrawAll()")
            page.wait_for_function(
                "() => [...document.querySelectorAll('div.krdev-chart')].every(d => ['ok','error'].includes(d.dataset.rendered))",
                timeout=30_000)
            states = page.eval_on_selector_all("div.krdev-chart", "ds => ds.map(d => d.dataset.rendered)")
            drawn = page.eval_on_selector_all("div.krdev-chart", "ds => ds.map(d => !!d.querySelector('svg, canvas'))")
            if not all(s == "ok" for s in states) or not all(drawn):
                failures.append(f"{rel}: charts not rendered: {states}")
        if errors:
            failures.append(f"{rel}: console errors: {errors[:3]}")
        if outside:
            failures.append(f"{rel}: requests left the local server: {outside[:3]}")
        context.close()
    assert not failures, "\n".join(failures)


def broken_links(site: Path, pages: list[Path], label: str = "") -> list[str]:
    """Internal links of ``pages`` whose file or anchor does not exist (``label`` prefixes each report)."""
    broken = []
    for path in pages:
        for link in _parse(path).links:
            parsed = urlparse(link)
            if parsed.scheme in ("http", "https", "mailto", "data", "javascript") or link.startswith("//"):
                continue
            target = (path.parent / unquote(parsed.path)).resolve() if parsed.path else path
            if not target.exists():
                broken.append(f"{label}{path.relative_to(site)} -> {link}")
            elif parsed.fragment and target.suffix == ".html" and parsed.fragment not in _parse(target).ids:
                broken.append(f"{label}{path.relative_to(site)} -> {link} (missing anchor)")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = broken_links(built_site, site_pages(built_site) + [built_site / "genindex.html"])
    assert not broken, "\n".join(broken[:20])


def test_no_page_loads_scripts_or_styles_from_elsewhere(built_site):
    """Every <script src> and <link href> of a stylesheet is local (no CDN, no require.js)."""
    offenders = []
    for page in site_pages(built_site):
        for link in _parse(page).links:
            if re.match(r"(https?:)?//", link) and re.search(r"\.(js|css)(\?|$)|cdn|unpkg", link):
                offenders.append(f"{page.name}: {link}")
            if "require.js" in link or "require.min.js" in link:
                offenders.append(f"{page.name}: {link}")
    assert not offenders, offenders


def test_every_chapter_has_a_cite_box_with_valid_bibtex(built_site):
    from pybtex.database import parse_string

    from krdev import __version__

    chapters = [p for p in site_pages(built_site) if p.parent.name in ("notebooks", "book")
                and p.stem not in ("glossary", "bibliography")]
    assert chapters
    for path in chapters:
        text = path.read_text(encoding="utf-8")
        assert 'class="krdev-cite' in text, f"{path.name} lacks a cite box"
        bibtex = re.search(r'<pre class="krdev-cite-bibtex">(.*?)</pre>', text, re.S).group(1)
        import html as _html

        entries = parse_string(_html.unescape(bibtex), "bibtex").entries
        (entry,) = entries.values()
        assert entry.fields["edition"] == f"Version {__version__}"
        assert entry.fields["booktitle"] == BOOK_TITLE and entry.fields["title"] and entry.persons["author"]
        assert entry.fields["url"].endswith(path.relative_to(built_site).as_posix())
        aside = re.search(r'<aside class="krdev-cite.*?</aside>', text, re.S).group(0)
        assert f"Version {__version__}" in aside and "Cite this chapter" in aside


def test_footer_shows_the_version(built_site):
    from krdev import __version__

    assert f"Version {__version__}" in (built_site / "book" / "index.html").read_text(encoding="utf-8")


def test_every_analysis_chapter_states_its_latest_data_year_under_the_title(built_site):
    """Each executable chapter (the Data chapter, a catalogue, aside) says "Data through YYYY", glued
    from the data it loads, between its title and its first paragraph."""
    pages = [p for p in site_pages(built_site) if p.parent.name == "notebooks" and p.stem != "data"]
    assert len(pages) >= 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        body = text[text.index("<h1"):]
        match = re.search(r"Data through (\d{4})", body)
        assert match, f"{path.name} does not say how recent its data are"
        first_paragraph = re.search(r"<p>(?!\s*(?:<[^>]+>\s*)*Data through)", body)
        assert first_paragraph is None or match.start() < first_paragraph.start(), f"{path.name}: not under the title"
        assert 1990 <= int(match.group(1)) <= 2026, path.name
