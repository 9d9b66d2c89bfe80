"""The Korean edition (한국어판): complete catalogues for the documents declared translated, no
untranslated paragraph on their Korean pages, a Korean counterpart for every English page with links
both ways, and the Korean site's internal links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from krdev import edition
from tests.test_site import broken_links, site_pages

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locales" / "ko" / "LC_MESSAGES"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _catalogue(docname: str):
    from babel.messages.pofile import read_po

    path = CATALOGUES / f"{docname}.po"
    assert path.exists(), f"{docname} is declared translated but {path.relative_to(ROOT)} is missing"
    with path.open("rb") as handle:
        return read_po(handle)


def incomplete_entries(catalogue) -> list[str]:
    """The msgids of a catalogue that are untranslated or fuzzy (the build shows them in English)."""
    return [str(m.id)[:70] for m in catalogue if m.id and (not m.string or m.fuzzy)]


@pytest.mark.parametrize("docname", edition.TRANSLATED)
def test_declared_translated_catalogues_have_no_untranslated_or_fuzzy_entry(docname):
    catalogue = _catalogue(docname)
    assert len(catalogue) > 0
    missing = incomplete_entries(catalogue)
    assert not missing, f"{docname}.po: {len(missing)} untranslated or fuzzy entries, e.g. {missing[:3]}"


def _toc_documents() -> list[str]:
    import yaml

    found = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    return found


def test_every_document_of_the_book_is_translated_and_every_chapter_computed_in_korean():
    """The Korean edition is complete: every document in the table of contents is declared translated
    (so its catalogue is checked for untranslated and fuzzy entries), every chapter executed in Korean."""
    assert sorted(set(_toc_documents()) - set(edition.TRANSLATED)) == []
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(set(notebooks) - set(edition.KOREAN_NOTEBOOKS)) == []


def test_the_check_catches_an_untranslated_and_a_fuzzy_entry():
    from babel.messages.catalog import Catalog

    catalogue = Catalog(locale="ko")
    catalogue.add("Done", "완료")
    catalogue.add("Changed paragraph", "바뀐 문단", flags=["fuzzy"])
    catalogue.add("New paragraph", "")
    assert incomplete_entries(catalogue) == ["Changed paragraph", "New paragraph"]


def test_counterpart_urls():
    assert edition.counterpart("book/index", "en") == "../ko/book/index.html"
    assert edition.counterpart("book/appendix/methods", "en") == "../../ko/book/appendix/methods.html"
    assert edition.counterpart("book/appendix/methods", "ko") == "../../../book/appendix/methods.html"
    assert edition.counterpart("genindex", "ko") == "../genindex.html"


@pytest.fixture(scope="module")
def korean_site(built_site):
    site = built_site / "ko"
    assert (site / "book" / "index.html").exists(), "the Korean edition was not built"
    return site


def _switch(page: Path, hreflang: str) -> Path | None:
    """The page that ``page``'s language-switch link (``hreflang``) points to."""
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<nav class="krdev-lang"[^>]*>\s*<a [^>]*href="([^"]+)"[^>]*hreflang="' + hreflang
                      + r'" lang="' + hreflang + '"', text)
    return (page.parent / match.group(1)).resolve() if match else None


def test_every_english_page_has_a_korean_counterpart_and_both_link_to_each_other(built_site, korean_site):
    english = site_pages(built_site)
    korean = {p.relative_to(korean_site) for p in site_pages(korean_site)}
    assert {p.relative_to(built_site) for p in english} == korean
    problems = []
    for page in english:
        rel = page.relative_to(built_site)
        counterpart = korean_site / rel
        if _switch(page, "ko") != counterpart.resolve():
            problems.append(f"{rel}: no link to the Korean page")
        if _switch(counterpart, "en") != page.resolve():
            problems.append(f"ko/{rel}: no link to the English page")
        if '<html lang="ko"' not in counterpart.read_text(encoding="utf-8"):
            problems.append(f"ko/{rel}: not declared lang=ko")
    assert not problems, "\n".join(problems)


def without_records(html_text: str) -> str:
    """The page without its recorded program output (``krdev-record`` containers: the benchmark's
    results, shown as recorded in both editions), nested elements included."""
    while (start := html_text.find('<div class="krdev-record')) >= 0:
        depth, pos = 0, start
        for tag in re.finditer(r"<(/?)div\b", html_text[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                pos = start + tag.end()
                break
        end = html_text.find(">", pos) + 1
        html_text = html_text[:start] + html_text[end:]
    return html_text


@pytest.mark.parametrize("docname", edition.TRANSLATED)
def test_declared_translated_pages_are_korean(korean_site, docname):
    text = (korean_site / f"{docname}.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="bd-article".*?</article>', text, re.S).group(0)
    untranslated = re.findall(r'<(\w+) class="[^"]*\buntranslated\b[^"]*"[^>]*>(.{0,60})', article)
    assert not untranslated, f"ko/{docname}.html: {len(untranslated)} untranslated elements, e.g. {untranslated[:3]}"
    # bibliography entries name the cited works in their own language: they are not prose
    article = re.sub(r'<div class="citation".*?</div>', "", without_records(article), flags=re.S)
    # nor are table cells (labels and names; the glossary's index keeps its "English equivalent" column
    # in English); an untranslated cell is still caught by the class check above
    article = re.sub(r"<td[ >].*?</td>", "", article, flags=re.S)
    paragraphs = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p[ >].*?</p>", article, re.S)]
    prose = [p for p in paragraphs if len(p.strip()) > 30]
    assert prose and sum(bool(HANGUL.search(p)) for p in prose) >= 0.9 * len(prose)


def test_korean_pages_load_the_korean_typography(korean_site):
    css = (korean_site / "_static" / "krdev-ko.css").read_text(encoding="utf-8")
    assert "word-break: keep-all" in css and "Noto Sans KR" in css and "font-style: normal" in css
    assert not re.search(r"@import|url\(", css), "fonts must be local, nothing downloaded"
    assert "krdev-ko.css" in (korean_site / "book" / "index.html").read_text(encoding="utf-8")
    assert "krdev-ko.css" not in (korean_site.parent / "book" / "index.html").read_text(encoding="utf-8")


def test_every_internal_link_of_the_korean_edition_resolves(korean_site):
    broken = broken_links(korean_site, site_pages(korean_site), label="ko/")
    assert not broken, "\n".join(broken[:20])


def _chart_specs(text: str) -> list[dict]:
    import json

    return [json.loads(s.replace("<\\/", "</")) for s in
            re.findall(r'<script type="application/json" class="krdev-spec">(.*?)</script>', text, re.S)]


def _chart_texts(spec) -> tuple[list[str], list[str]]:
    """Titles and axis/legend titles anywhere in a Vega-Lite spec."""
    titles, axes = [], []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "title" and isinstance(v, str):
                    (titles if key is None else axes).append(v)
                elif k == "title" and isinstance(v, dict) and isinstance(v.get("text"), str):
                    titles.append(v["text"])
                else:
                    walk(v, k if k in ("x", "y", "color", "tooltip", "encoding") or key else None)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(spec)
    return titles, axes


@pytest.mark.parametrize("notebook", edition.KOREAN_NOTEBOOKS)
def test_korean_chapters_compute_in_korean(korean_site, notebook):
    """A chapter executed for the Korean edition: glued text, chart titles, axes and source lines in Korean."""
    text = (korean_site / "notebooks" / f"{notebook}.html").read_text(encoding="utf-8")
    english = (korean_site.parent / "notebooks" / f"{notebook}.html").read_text(encoding="utf-8")
    specs = _chart_specs(text)
    assert len(specs) == len(_chart_specs(english))
    if not specs:  # a chapter without charts (the Data chapter): what its cells display is in Korean
        outputs = re.findall(r'<div class="cell_output[^"]*">(.*?)</div>\s*</div>', text, re.S)
        assert outputs and any(HANGUL.search(re.sub(r"<[^>]+>", "", o)) for o in outputs)
        return
    for spec in specs:
        titles, axes = _chart_texts(spec)
        assert titles and all(HANGUL.search(t) for t in titles), titles
        assert all(HANGUL.search(a) for a in axes), axes
    sources = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r'<p class="krdev-source">(.*?)</p>', text, re.S)]
    assert sources and all(s.startswith("자료:") for s in sources)
    labels = re.findall(r'aria-label="([^"]+)"', text)
    chart_labels = re.findall(r'class="krdev-chart"[^>]*aria-label="([^"]+)"', text)
    assert chart_labels and all(HANGUL.search(label) for label in chart_labels), labels[:3]
    # counts the English page gives in millions are in 만/억 in Korean
    assert " million" not in re.sub(r"<[^>]+>", "", text.split('class="bd-article"')[1])
    if notebook == "regions-at-a-glance":  # a chapter that states millions in English, so the check above bites
        assert "million" in english


def test_korean_cite_boxes_offer_kci_apa_and_bibtex_with_the_korean_url(korean_site):
    from pybtex.database import parse_string
    import html as _html

    chapters = [p for p in site_pages(korean_site) if p.parent.name in ("notebooks", "book")
                and p.stem not in ("glossary", "bibliography")]
    assert chapters
    for path in chapters:
        rel = path.relative_to(korean_site).as_posix()
        aside = re.search(r'<aside class="krdev-cite.*?</aside>', path.read_text(encoding="utf-8"), re.S).group(0)
        plain = re.sub(r"<[^>]+>", "", aside)  # Hangul runs may be wrapped in <span lang="ko">
        assert "이 장 인용하기" in plain and "KCI 양식" in plain and "APA" in plain, rel
        kci = re.sub(r"<[^>]+>", "", re.search(r'<p class="krdev-cite-kci">(.*?)</p>', aside, re.S).group(1))
        assert re.search(r"\(\d{4}\)\. 「.+」\. 『.+』, 버전 ", kci) and kci.endswith(f"/ko/{rel}"), kci
        bibtex = re.search(r'<pre class="krdev-cite-bibtex">(.*?)</pre>', aside, re.S).group(1)
        (entry,) = parse_string(_html.unescape(bibtex), "bibtex").entries.values()
        assert entry.fields["url"].endswith(f"/ko/{rel}")


LATIN_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){3,}")  # four or more English words in a row


def _article(text: str) -> str:
    match = re.search(r'<article class="bd-article".*?</article>', text, re.S)
    return match.group(0) if match else ""


def test_the_korean_edition_is_korean_throughout(korean_site):
    """Over the whole Korean edition: ≥ 90% of prose paragraphs contain Hangul, ≥ 80% of charts carry
    Korean titles and axis titles, and no glued sentence is in English."""
    prose = korean_prose = charts = korean_charts = 0
    english_glue = []
    for page in site_pages(korean_site):
        rel = page.relative_to(korean_site).as_posix()
        if not rel.startswith(("book/", "notebooks/")):
            continue
        text = page.read_text(encoding="utf-8")
        for spec in _chart_specs(text):
            titles, axes = _chart_texts(spec)
            charts += 1
            korean_charts += bool(titles) and all(HANGUL.search(t) for t in titles + axes)
        article = re.sub(r'<div class="citation".*?</div>', "", without_records(_article(text)), flags=re.S)  # cited works
        article = re.sub(r"<(pre|code|table)\b.*?</\1>", "", article, flags=re.S)  # code and data tables
        for paragraph in re.findall(r"<p[ >].*?</p>", article, re.S):
            plain = re.sub(r"<[^>]+>", "", paragraph).strip()
            if len(plain) > 30:
                prose += 1
                korean_prose += bool(HANGUL.search(plain))
        for glued in re.findall(r'<span class="pasted-text">(.*?)</span>', article, re.S):
            plain = re.sub(r"<[^>]+>", "", glued)
            phrases = LATIN_PHRASE.findall(plain)  # a list of proper names (CityNet, ICLEI, ...) is not prose
            if not HANGUL.search(plain) and any(re.search(r"\b[a-z]{2,}\b", ph) for ph in phrases):
                english_glue.append(f"ko/{rel}: {plain[:80]}")
    assert prose and korean_prose >= 0.9 * prose, f"{korean_prose} of {prose} prose paragraphs contain Hangul"
    assert charts and korean_charts >= 0.8 * charts, f"{korean_charts} of {charts} charts have Korean titles and axes"
    assert not english_glue, "glued text in English on Korean pages:\n" + "\n".join(english_glue[:15])


def test_obsolete_entries_are_dropped_from_a_catalogue():
    text = ('msgid "Kept"\nmsgstr "유지"\n\n#, fuzzy\n#~ msgid "Gone"\n#~ msgstr "사라짐"\n\n'
            '#~ msgid "Also gone"\n#~ msgstr ""\n')
    assert edition.drop_obsolete(text) == 'msgid "Kept"\nmsgstr "유지"\n'


def test_recorded_output_is_left_out_of_the_prose_count():
    page = ('<p>앞</p><div class="krdev-record docutils container"><div class="x"><p>Measured on a machine</p>'
            '</div><p>Seconds</p></div><p>뒤</p>')
    assert without_records(page) == "<p>앞</p><p>뒤</p>"
