"""Post-processing of the built HTML pages: speed and accessibility fixes that the theme's templates
do not offer as options. Each function takes and returns one page's HTML; :func:`process` chains them.

Performance (Lighthouse mobile preset):

- formulas are typeset at build time as MathML (``latex2mathml``), so no page loads MathJax unless
  one of its formulas cannot be converted;
- scripts a page does not use are dropped: MathJax where the page has no formula, the search index
  outside the search page, the Vega embedder where there is no chart, the unused Thebe loader;
- Font Awesome's 1.5 MB JavaScript is replaced by the few icons the page shows, as inline SVG
  (paths taken at build time from the theme's own copy of Font Awesome Free, CC BY 4.0);
- the remaining external scripts are deferred so that they do not block the first paint;
- the page's style sheets are joined into one file (:func:`bundle_stylesheets`): one render-blocking
  request instead of ten, each a round trip on a phone's network; likewise its deferred scripts
  (:func:`bundle_deferred_scripts`), and the small blocking options script is put in the page;
- the style-sheet bundle leaves out the rules that nothing in the site can match (:func:`purge_css`:
  a class or id they require is in none of the site's pages and scripts): less to fetch and parse
  before the first paint;
- the theme's icon fonts are cut down to the dozen glyphs its style sheets still use
  (:func:`subset_icon_fonts`); the solid one (150 kB, fetched before the header's text could be drawn)
  is put in the style sheet;
- the theme's colour scheme is resolved in its first inline script (:func:`resolve_theme_early`), so
  that its deferred script does not restyle the whole page once more;
- every chart is drawn at build time as an SVG picture (:func:`static_charts`), shown until the reader
  asks for the interactive chart (a button, or a mouse over it): no page runs the Vega runtime
  before the reader interacts with a chart;
- the theme's check for scrollable elements reads every element's size before it writes any tab
  stop (:func:`batch_tab_stops`) instead of forcing one page layout per element.

Accessibility (WCAG 2.1 A/AA as checked by axe-core, HTML as checked by the Nu Html Checker):

- runs of Hangul in text are marked ``lang="ko"`` (WCAG 3.1.2, language of parts);
- ``<summary>`` holds phrasing content only and has an accessible name that matches its visible text;
- styles emitted inside the body by pandas are moved to the head; duplicate ids are made unique;
- deprecated DPUB-ARIA roles of the bibliography are replaced; every page gets a meta description;
- the theme's hidden header toggles are dropped, so that its scripts bind the sidebars to the visible
  ones (:func:`drop_hidden_sidebar_toggles`).
"""

from __future__ import annotations

import html as _html
import re
from functools import lru_cache
from pathlib import Path

#: Hangul syllables, Jamo and compatibility Jamo.
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
#: a run of Hangul words, possibly joined by spaces, digits or light punctuation (one ``lang`` span).
HANGUL_RUN = re.compile(f"[{HANGUL}]+(?:[ \u00b7·,0-9-]*[{HANGUL}]+)*")
# elements whose content is not text for the reader (or may not contain markup)
_RAW = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<title>.*?</title>|<textarea\b.*?</textarea>"
                  r"|<noscript>.*?</noscript>|<!--.*?-->|<svg\b.*?</svg>|<math\b.*?</math>|<[^>]+>)", re.S | re.I)


def mark_hangul(page: str) -> str:
    """Wrap each run of Hangul in the body's text in ``<span lang="ko">`` (skipping scripts, styles,
    attribute values and text already inside an element with ``lang="ko"``)."""
    head, sep, body = page.partition("<body")
    if not sep:
        return page
    out, depth_ko, stack = [], 0, []
    for piece in _RAW.split(body):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            tag = re.match(r"<(/?)([a-zA-Z][\w-]*)", piece)
            if tag and not piece.startswith(("<script", "<style", "<!--")):
                closing, name = tag.group(1), tag.group(2).lower()
                if name in _VOID or piece.endswith("/>"):
                    continue
                if not closing:
                    is_ko = bool(re.search(r'\blang="ko', piece))
                    stack.append((name, is_ko))
                    depth_ko += is_ko
                else:
                    while stack:
                        open_name, was_ko = stack.pop()
                        depth_ko -= was_ko
                        if open_name == name:
                            break
            continue
        if depth_ko or not re.search(f"[{HANGUL}]", piece):
            out.append(piece)
        else:
            out.append(HANGUL_RUN.sub(lambda m: f'<span lang="ko">{m.group(0)}</span>', piece))
    return head + sep + "".join(out)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# ----------------------------------------------------------------------------- scripts


def drop_unused_scripts(page: str, *, is_search_page: bool = False) -> str:
    """Remove scripts and style sheets the page does not use and defer the remaining scripts (the
    theme and Jupyter Book load all of them on every page)."""
    body = page.partition("</head>")[2]
    drop = [r"scripts/fontawesome\.js", r"sphinx-thebe\.js", r"krdev-vega\.js"]
    if 'class="math notranslate' not in body:  # formulas left for MathJax (see render_math)
        drop += [r"mathjax/", r"MathJax"]
    if not is_search_page:
        drop += [r"searchindex\.js", r"searchtools\.js", r"language_data\.js"]
    if "krdev-chart" not in body:
        drop += [r"krdev-charts\.js"]
    if 'class="sd-' not in body:  # sphinx-design is loaded by Jupyter Book whether or not a page uses it
        drop += [r"sphinx-design\.min\.css", r"design-tabs\.js"]
    if not re.search(r'class="(?:exercise|solution)\b', body):
        drop += [r"exercise\.css"]
    drop += [r"sphinx-thebe\.css", r'rel="preload" as="script"']  # no live code; preloads compete with CSS
    lines = []
    for line in page.split("\n"):
        stripped = line.strip()
        if (stripped.startswith("<script") and stripped.endswith("</script>")) or stripped.startswith("<link"):
            if any(re.search(p, stripped) for p in drop) or "THEBE_JS_URL" in stripped:
                continue
        lines.append(line)
    page = "\n".join(lines)
    head, sep, rest = page.partition("</head>")
    # external scripts run in order after parsing (defer keeps their order); documentation_options.js
    # stays blocking because the inline lines after it extend the object it defines
    head = re.sub(r'<script (?![^>]*\b(?:defer|async)\b)(?![^>]*documentation_options)([^>]*\bsrc=)',
                  r"<script defer \1", head)
    return head + sep + rest


# ----------------------------------------------------------------------------- icons


@lru_cache(maxsize=1)
def font_awesome_icons() -> dict[tuple[str, str], tuple[int, int, str]]:
    """``{(style, name): (width, height, path)}`` from the theme's copy of Font Awesome Free."""
    import pydata_sphinx_theme

    source = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts"
              / "fontawesome.js").read_text(encoding="utf-8")
    # the bundle defines brands, regular and solid sets in that order, each closed by a define call
    bounds = {}
    for style in ("fab", "far", "fas"):
        bounds[style] = source.index(f'd("{style}",p)')
    icons = {}
    entry = re.compile(r'[,{]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[^"]*",(?:"([^"]*)"|\["([^"]*)")')
    for match in entry.finditer(source):
        pos = match.start()
        style = "fab" if pos < bounds["fab"] else "far" if pos < bounds["far"] else "fas" if pos < bounds["fas"] else None
        if style:
            icons.setdefault((style, match.group(1)), (int(match.group(2)), int(match.group(3)),
                                                       match.group(4) or match.group(5)))
    return icons


_STYLE = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
_ICON = re.compile(r'<(i|span) class="((?:fa-solid|fas|fa-regular|far|fa-brands|fab) fa-[a-z0-9-]+[^"]*)"'
                   r'([^>]*)></\1>')


_MATH = re.compile(r'<(span|div) class="math notranslate nohighlight"([^>]*)>(.*?)</\1>', re.S)
_DELIMITERS = re.compile(r"^\s*\\[(\[](.*?)\\[)\]]\s*$", re.S)


def render_math(page: str) -> str:
    """Typeset the page's TeX formulas at build time as MathML (read natively by browsers and screen
    readers), so the page needs no MathJax (2 MB of JavaScript). If any formula of the page cannot be
    converted, the page is left unchanged and MathJax typesets it in the browser as before."""
    from latex2mathml.converter import convert

    def one(match: re.Match) -> str:
        tag, attrs, inner = match.groups()
        eqno = ""
        numbered = re.match(r'\s*(<span class="eqno">.*?</span>)(.*)$', inner, re.S)
        if numbered:
            eqno, inner = numbered.groups()
        tex = _DELIMITERS.match(_html.unescape(inner))
        if not tex:
            raise ValueError(f"unexpected math markup: {inner[:60]!r}")
        mathml = convert(tex.group(1).strip(), display="block" if tag == "div" else "inline")
        return f'<{tag} class="krdev-math"{attrs}>{eqno}{mathml}</{tag}>'

    try:
        return _MATH.sub(one, page)
    except Exception:  # noqa: BLE001 - any converter failure: MathJax stays for this page
        return page


def inline_icons(page: str, icons: dict | None = None) -> str:
    """Replace Font Awesome ``<i class="fa-solid fa-x">`` placeholders by inline SVG icons."""
    icons = font_awesome_icons() if icons is None else icons

    def svg(match: re.Match) -> str:
        classes = match.group(2).split()
        style = _STYLE[classes[0]]
        name = next(c[3:] for c in classes[1:] if c.startswith("fa-") and c not in ("fa-lg", "fa-fw"))
        if (style, name) not in icons:
            raise ValueError(f"Font Awesome icon {style} {name!r} is not in the theme's icon set")
        width, height, path = icons[(style, name)]
        return (f'<svg class="svg-inline--fa {" ".join(classes[1:])}" aria-hidden="true" focusable="false" '
                f'viewBox="0 0 {width} {height}"{match.group(3)}><path fill="currentColor" d="{path}"/></svg>')

    return _ICON.sub(svg, page)


# ----------------------------------------------------------------------------- markup


def fix_summaries(page: str) -> str:
    """``<summary>`` may hold phrasing content only, and its accessible name must contain its visible
    text: paragraphs become spans, the code toggles' generic ``aria-label`` goes, and the sidebar's
    chevron toggles are named after the entry they expand."""
    def phrasing(match: re.Match) -> str:
        inner = re.sub(r"<p\b", "<span", match.group(2)).replace("</p>", "</span>")
        opening = match.group(1).replace(' aria-label="Toggle hidden content"', "")
        return opening + inner + "</summary>"

    page = re.sub(r"(<summary\b[^>]*>)(.*?)</summary>", phrasing, page, flags=re.S)

    def chevron(match: re.Match) -> str:
        title = re.sub(r"<[^>]+>", "", match.group(2)).strip()
        return (f'{match.group(1)}<summary aria-label="Sections of {_html.escape(_html.unescape(title), quote=True)}">'
                f'{match.group(3)}')

    return re.sub(r'(<a class="(?:current )?reference internal" href="[^"]*">(.*?)</a><details(?: open="open")?>)'
                  r'<summary>(<span class="toctree-toggle")', chevron, page)


_HEADER = re.compile(r'<header id="pst-header".*?</header>', re.S)
_HEADER_TOGGLE = re.compile(r'\s*<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle"[^>]*>.*?</button>',
                            re.S)


def drop_hidden_sidebar_toggles(page: str) -> str:
    """Remove the sidebar toggles of the theme's top header (pydata-sphinx-theme), which the book
    theme keeps hidden at every width and replaces by the toggles of its article header. Both themes'
    scripts attach the sidebar's behaviour to the *first* ``.primary-toggle`` (and ``.secondary-toggle``)
    of the page, the hidden one, so the visible buttons opened nothing: without the hidden ones, they
    open the sidebars on a phone and hide the primary sidebar on a wide screen."""
    return _HEADER.sub(lambda m: _HEADER_TOGGLE.sub("", m.group(0)), page, count=1)


def move_body_styles(page: str) -> str:
    """Move ``<style>`` elements found in the body (pandas tables) to the end of the head."""
    head, sep, body = page.partition("</head>")
    if not sep:
        return page
    styles = []

    def take(match: re.Match) -> str:
        styles.append(re.sub(r"<style\b[^>]*>", "<style>", match.group(0), count=1))
        return ""

    body = re.sub(r"<style\b[^>]*>.*?</style>", take, body, flags=re.S)
    return head + "".join(styles) + sep + body


def unique_section_ids(page: str) -> str:
    """sphinx-exercise gives every exercise's body ``id="exercise-content"`` (and solutions
    ``id="solution-content"``); ids must be unique, so they become classes."""
    return re.sub(r'<section id="(exercise-content|solution-content)">', r'<section class="\1">', page)


def bibliography_roles(page: str) -> str:
    """``doc-biblioentry`` is deprecated (DPUB-ARIA 1.1); the entries are items of their list."""
    return page.replace('role="doc-biblioentry"', 'role="listitem"')


def meta_description(page: str, limit: int = 160) -> str:
    """Add ``<meta name="description">`` from the page's first paragraph of prose (if it has none)."""
    if 'name="description"' in page:
        return page
    article = page.split('<article class="bd-article"', 1)[-1]
    for para in re.findall(r"<p>(.*?)</p>", article, flags=re.S):
        text = re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", "", para))).strip()
        if len(text) >= 40:
            break
    else:
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        text = _html.unescape(title.group(1)) if title else ""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    tag = f'<meta name="description" content="{_html.escape(text, quote=True)}" />'
    return page.replace("</title>", "</title>\n    " + tag, 1)


def root_index(target: str, title: str, favicon: str | None = None) -> str:
    """A proper root page that sends the reader to ``target`` (the build's stub has no doctype or title)."""
    icon = f'\n<link rel="icon" href="{favicon}" />' if favicon else ""
    esc = _html.escape(title, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1" />\n<title>{esc}</title>\n'
            f'<meta name="description" content="{esc}: start page." />\n'
            f'<meta http-equiv="refresh" content="0; url={target}" />\n<link rel="canonical" href="{target}" />{icon}\n'
            f'</head>\n<body>\n<main>\n<h1>{esc}</h1>\n<p><a href="{target}">Open the book</a>.</p>\n</main>\n'
            f'</body>\n</html>\n')


def strip_icon_rules(css: str) -> str:
    """Remove Font Awesome's class-to-glyph rules (``.fa-bars:before{content:"\\f0c9"}``, about a
    quarter of the theme's style sheet) once the icons are inline SVG: fewer rules, faster style
    computation. Rules the theme itself uses for pseudo-element icons (admonitions, toggles) stay."""
    def keep(match: re.Match) -> str:
        selectors = [s.strip() for s in match.group(1).split(",")]
        if all(re.fullmatch(r"\.fa-[a-z0-9-]+::?(?:before|after)", s) for s in selectors):
            return ""
        return match.group(0)

    css = re.sub(r"([^{}]+)\{content:\"[^\"]*\"\}", keep, css)
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)


_THEME_LINE = 'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";'
_THEME_RESOLVED = ('document.documentElement.dataset.theme = (function (t) { return t && t !== "auto" ? t : '
                   '(window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"); })'
                   '(localStorage.getItem("theme"));')


def resolve_theme_early(page: str) -> str:
    """The theme's first inline script sets ``data-theme="auto"`` and its deferred script then sets
    the resolved ``light`` or ``dark``: a change of an attribute of ``<html>`` that the style sheets
    select on, which restyles every element of the page after it has been laid out once. Resolving
    it in the first script (as the deferred one would: the stored theme, else the reader's colour
    scheme) makes the later write a no-op and the first paint right."""
    return page.replace(_THEME_LINE, _THEME_RESOLVED, 1)


#: The theme's and the notebook renderer's interface text, in the Korean edition's words (the theme
#: ships no Korean translation of its own labels).
UI_KO = {
    "Show code cell source": "코드 셀 소스 보기", "Hide code cell source": "코드 셀 소스 숨기기",
    "Show code cell output": "코드 셀 출력 보기", "Hide code cell output": "코드 셀 출력 숨기기",
    "Back to top": "맨 위로", "Skip to main content": "본문으로 건너뛰기", "Color mode": "색상 모드",
    "Light": "밝게", "Dark": "어둡게", "System Settings": "시스템 설정",
    "Launch interactive content": "대화형 환경에서 실행", "Launch on Binder": "Binder에서 실행",
    "Launch on Colab": "Colab에서 실행", "Link to this heading": "이 제목으로 연결",
    "Link to this image": "이 그림으로 연결", "Link to this table": "이 표로 연결", "On this page": "이 페이지의 내용",
    "Contents": "목차", "Search...": "검색...", "Site navigation": "사이트 탐색", "Main": "본문",
    "Toggle primary sidebar": "주 사이드바 열기·닫기", "Toggle secondary sidebar": "보조 사이드바 열기·닫기",
    "Version warning": "버전 경고", "next page": "다음 페이지", "previous page": "이전 페이지",
    "Download this page": "이 페이지 내려받기", "Fullscreen mode": "전체 화면",
    "Source repositories": "소스 저장소", "Toggle navigation": "탐색 열기·닫기",
}
_UI_TEXT = re.compile(r">(\s*)(" + "|".join(re.escape(k) for k in sorted(UI_KO, key=len, reverse=True)) + r")(\s*)<")
_UI_ATTR = re.compile(r'((?:aria-label|title|placeholder|data-bs-title)=")(' +
                      "|".join(re.escape(k) for k in sorted(UI_KO, key=len, reverse=True)) + r')"')


def translate_ui(page: str) -> str:
    """On a Korean page, the interface labels of :data:`UI_KO` (visible text and accessible names) in
    Korean, and "Sections of X" (the sidebar's toggles) as "X 하위 항목"."""
    if page_language(page) != "ko":
        return page
    page = _UI_TEXT.sub(lambda m: f">{m.group(1)}{UI_KO[m.group(2)]}{m.group(3)}<", page)
    page = _UI_ATTR.sub(lambda m: f'{m.group(1)}{UI_KO[m.group(2)]}"', page)
    return re.sub(r'aria-label="Sections of ([^"]+)"', r'aria-label="\1 하위 항목"', page)


def process(page: str, *, is_search_page: bool = False, draw_chart=None) -> str:
    """Every fix above, in order (``draw_chart``: see :func:`static_charts`)."""
    page = translate_ui(page)
    page = render_math(page)
    page = resolve_theme_early(page)
    if draw_chart is not None:
        page = static_charts(page, draw_chart)
    page = drop_unused_scripts(page, is_search_page=is_search_page)
    page = inline_icons(page)
    page = fix_summaries(page)
    page = drop_hidden_sidebar_toggles(page)
    page = move_body_styles(page)
    page = unique_section_ids(page)
    page = bibliography_roles(page)
    page = meta_description(page)
    return mark_hangul(page)


# ----------------------------------------------------------------------------- charts

#: a chart as the notebook emits it (:func:`krdev.charts.chart_div`): its spec, then its text alternative
_CHART = re.compile(r'<div class="krdev-chart" id="(krdev-[0-9a-f]+)"([^>]*)>'
                    r'(<script type="application/json" class="krdev-spec">(.*?)</script>)'
                    r'(?:<noscript>.*?</noscript>)?</div>', re.S)
#: the label of the button that swaps a chart's picture for the interactive chart
EXPLORE = "Explore the interactive chart"


def page_language(page: str) -> str:
    """The page's language (``<html lang="...">``), ``en`` if it states none."""
    match = re.search(r'<html\b[^>]*\blang="([a-zA-Z-]+)"', page)
    return match.group(1).split("-")[0].lower() if match else "en"


def static_charts(page: str, draw) -> str:
    """Show every chart first as a picture drawn at build time, the interactive chart on request.

    ``draw(spec_json, chart_id)`` returns ``(src, width, height)`` of the chart's SVG picture (drawn
    from the same specification, with the same fonts). The chart's container keeps its text
    alternative (``role="img"`` and ``aria-label``) and its specification; the picture inside it has an
    empty ``alt`` (the container names it), its natural size (a chart wider than a phone scrolls
    sideways at its size, as the interactive one does) and loads lazily, except the page's first chart,
    often the largest thing on a phone's first screen, which the browser fetches at once with high
    priority (its largest contentful paint). A button after the container
    (outside ``role="img"``, which may hold nothing focusable) loads the Vega runtime and swaps the
    picture for the interactive chart: tooltips, and the controls of charts with parameters. Charts
    already processed are left as they are."""
    from krdev.i18n import gettext

    label = _html.escape(gettext(EXPLORE, page_language(page)), quote=True)

    seen = []

    def one(match: re.Match) -> str:
        chart_id, attrs, spec_tag, spec = match.groups()
        src, width, height = draw(spec, chart_id)
        loading = 'loading="lazy" decoding="async"' if seen else 'loading="eager" fetchpriority="high"'
        seen.append(chart_id)
        picture = (f'<img class="krdev-static" src="{_html.escape(src, quote=True)}" width="{width}" '
                   f'height="{height}" alt="" {loading} />')
        button = (f'<button type="button" class="krdev-explore pst-js-only" aria-controls="{chart_id}">'
                  f'{label}</button>')
        return f'<div class="krdev-chart" id="{chart_id}"{attrs}>{spec_tag}{picture}</div>{button}'

    return _CHART.sub(one, page)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height (CSS pixels, rounded up) of an SVG document's root element."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if not root:
        raise ValueError("not an SVG document: no <svg> element")
    sizes = [re.search(rf'\b{name}="([0-9.]+)(?:px)?"', root.group(0)) for name in ("width", "height")]
    if not all(sizes):
        raise ValueError(f"the SVG root states no width and height: {root.group(0)[:120]}")
    return tuple(-int(-float(s.group(1)) // 1) for s in sizes)


# ----------------------------------------------------------------------------- styles

_STYLESHEET = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*>[ \t]*\n?')
BUNDLE_PREFIX = "krdev-styles-"


def _local_href(tag: str) -> str | None:
    """The ``href`` of a local, all-media stylesheet link (``None`` for others, which stay as they are)."""
    href = re.search(r'\bhref="([^"]+)"', tag)
    media = re.search(r'\bmedia="([^"]*)"', tag)
    if not href or (media and media.group(1).strip() not in ("", "all", "screen")):
        return None
    url = href.group(1)
    return None if re.match(r"^(?:[a-z]+:|//|/)", url) else url.split("?")[0].split("#")[0]


def css_for_bundle(path: Path, static: Path, _depth: int = 0) -> str:
    """The text of style sheet ``path`` as it reads from ``static`` (the folder of the bundle):
    ``@import``s of local files inlined, relative ``url(...)`` references rebased, source maps dropped."""
    css = path.read_text(encoding="utf-8")

    def imported(match: re.Match) -> str:
        target = (path.parent / match.group(2)).resolve()
        if _depth < 5 and target.is_file() and not re.match(r"^(?:[a-z]+:|//)", match.group(2)):
            return css_for_bundle(target, static, _depth + 1)
        return match.group(0)

    def rebase(match: re.Match) -> str:
        url = match.group(2)
        if re.match(r"^(?:[a-z]+:|//|/|#)", url):
            return match.group(0)
        target = (path.parent / url.split("#")[0].split("?")[0]).resolve()
        rel = Path(__import__("os").path.relpath(target, static.resolve())).as_posix()
        rest = url[len(url.split("#")[0].split("?")[0]):]
        return f'url("{rel}{rest}")'

    css = re.sub(r"@import\s+(?:url\()?(['\"]?)([^'\")]+)\1\)?\s*;", imported, css)
    css = re.sub(r"url\((['\"]?)([^'\")]+)\1\)", rebase, css)
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)


def _write_bundle(static: Path, pattern: str, text: str, page_path: Path) -> str:
    """Write ``text`` once to ``static`` under a name made from its hash (``pattern`` with ``{}`` for
    the hash: pages sharing the same assets share the file) and return its URL relative to the page."""
    import hashlib
    import os

    target = static / pattern.format(hashlib.sha256(text.encode()).hexdigest()[:12])
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        from krdev.sphinxext import write_atomically

        write_atomically(target, text)  # pages sharing it may be processed at the same time
    return Path(os.path.relpath(target, page_path.parent)).as_posix()


_PURGED: dict = {}


def _purged(text: str, used: tuple) -> str:
    """:func:`purge_css` of a bundle's ``text``, computed once per text and word set (pages share bundles)."""
    key = (hash(text), id(used[0]))
    if key not in _PURGED:
        if len(_PURGED) > 32:
            _PURGED.clear()
        _PURGED[key] = purge_css(text, *used)
    return _PURGED[key]


def bundle_stylesheets(page: str, page_path: Path, static: Path, used: tuple | None = None) -> str:
    """Join the page's local style sheets into one file in ``static`` (named by its content, so pages
    with the same sheets share it and a changed sheet gives a new name) and link that file where the
    first of them was linked. Order is kept, so the cascade is unchanged; a sheet that is missing or
    for another medium stays linked on its own. On a phone's network this turns ten render-blocking
    requests, each waiting for a free connection, into one. With ``used`` (:func:`used_words` of the
    site's pages and scripts), the rules that cannot match anything in the site are left out
    (:func:`purge_css`): the bundle blocks the first paint until it has arrived and been parsed."""

    head, sep, body = page.partition("</head>")
    if not sep:
        return page
    found = []
    for match in _STYLESHEET.finditer(head):
        href = _local_href(match.group(0))
        path = (page_path.parent / href).resolve() if href else None
        if path is None or not path.is_file() or path.name.startswith(BUNDLE_PREFIX):
            continue
        found.append((match, path))
    if len(found) < 2:
        return page
    parts = [f"/* {path.relative_to(static.resolve()).as_posix() if path.is_relative_to(static.resolve()) else path.name} */\n"
             + css_for_bundle(path, static) for _, path in found]
    text = "\n".join(parts)
    if used is not None:
        text = _purged(text, used)
    href = _write_bundle(static, f"{BUNDLE_PREFIX}{{}}.css", text, page_path)
    out, last = [], 0
    for index, (match, _) in enumerate(found):
        out.append(head[last:match.start()])
        if index == 0:
            joined = " ".join(path.name for _, path in found)  # which sheets the bundle holds, in order
            out.append(f'    <link rel="stylesheet" type="text/css" href="{href}" data-sheets="{_html.escape(joined)}" />\n')
        last = match.end()
    out.append(head[last:])
    return "".join(out) + sep + body


# ----------------------------------------------------------------------------- theme script

#: the theme's (pydata-sphinx-theme 0.16–0.17, minified) tab-stop update: it reads an element's size,
#: writes its ``tabIndex``, reads the next one's size: every read after a write lays out the page again
_TAB_STOPS = re.compile(r"(document\.querySelectorAll\(\[\"pre\",(?:\"[^\"]*\",)*\"\.pst-scrollable-table-container\"\]"
                        r"\.join\(\", \"\)\))\.forEach\((\w)=>\{\2\.tabIndex=\2\.scrollWidth>\2\.clientWidth\|\|"
                        r"\2\.scrollHeight>\2\.clientHeight\?0:-1\}\)")
#: scrollable boxes of the book that the theme's list leaves out: chart cards and wide display formulas
#: scroll sideways on a phone
EXTRA_SCROLLABLE = ("div.krdev-chart", "div.krdev-math", "mjx-container[display=\"true\"]")


def batch_tab_stops(script: str) -> str:
    """Patch the theme's script so that setting tab stops on scrollable boxes does not lay out the
    whole page, once per element: it measures every box first and then writes the tab stops that
    changed (one layout), measures only boxes that are rendered (content below the first screen is
    laid out when the reader nears it: ``content-visibility: auto``), gives the others a tab stop
    until they are rendered and measured, and counts chart cards (which scroll sideways on a phone)
    as scrollable boxes. The theme's rule is unchanged: ``tabIndex`` 0 when the box scrolls, -1 when
    it does not. Raises ``ValueError`` if the theme's code is not the expected one."""
    if "krdevTabStops" in script:
        return script
    match = _TAB_STOPS.search(script)
    if not match:
        raise ValueError("the theme's tab-stop code was not found (pydata-sphinx-theme changed): "
                         "update krdev.webpage.batch_tab_stops")
    selectors = re.search(r"\[(\"pre\",.*?)\]\.join", match.group(1)).group(1)
    selector = ", ".join(re.findall(r'"([^"]*)"', selectors) + list(EXTRA_SCROLLABLE))
    patched = (
        "(window.krdevTabStops||(window.krdevTabStops=function(l){"
        "const r=l.filter(e=>!e.checkVisibility||e.checkVisibility({contentVisibilityAuto:!0}));"
        "const v=r.map(e=>e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1);"
        "l.forEach(e=>{if(r.indexOf(e)<0&&e.tabIndex!==0)e.tabIndex=0});"
        "r.forEach((e,i)=>{if(e.tabIndex!==v[i])e.tabIndex=v[i]});"
        "if(!window.krdevTabStopsWatch){window.krdevTabStopsWatch=1;"
        "document.addEventListener(\"contentvisibilityautostatechange\",function(ev){if(ev.skipped)return;"
        f"const a=ev.target.parentElement&&ev.target.parentElement.closest({selector!r});"
        f"window.krdevTabStops((a?[a]:[]).concat(Array.from(ev.target.querySelectorAll({selector!r}))))}},!0)}}}}))"
        f"(Array.from(document.querySelectorAll({selector!r})))")
    return script[:match.start()] + patched + script[match.end():]


#: small render-blocking scripts whose text goes into the page (one request less before the first paint)
INLINE_SCRIPTS = ("documentation_options.js",)


def inline_blocking_scripts(page: str, page_path: Path, names=INLINE_SCRIPTS) -> str:
    """Put the text of the small blocking scripts ``names`` (Sphinx's options object, which the inline
    lines after it extend, so it cannot be deferred) into the page instead of linking it."""
    def one(match: re.Match) -> str:
        path = (page_path.parent / match.group(1).split("?")[0]).resolve()
        if not path.is_file() or path.stat().st_size > 4096:
            return match.group(0)
        code = path.read_text(encoding="utf-8").replace("</", "<\\/").strip()
        return f"<script>{code}</script>"

    pattern = "|".join(re.escape(n) for n in names)
    head, sep, body = page.partition("</head>")
    head = re.sub(rf'<script src="([^"]*(?:{pattern})(?:\?[^"]*)?)"></script>', one, head)
    return head + sep + body


_DEFERRED_SCRIPT = re.compile(r'[ \t]*<script (?:defer(?:="defer")? src="([^"]+)"|src="([^"]+)" defer(?:="defer")?)>'
                              r'</script>[ \t]*\n?')
SCRIPT_BUNDLE_PREFIX = "krdev-scripts-"
#: deferred scripts kept apart: the chart script (a standalone chapter puts the Vega runtime before it)
#: and the search page's scripts (the search declares ``const Search``, which the scripts before it test
#: with ``typeof``: in one file that test would meet the declaration before it runs, and throw)
SEPARATE_SCRIPTS = ("krdev-charts.js", "searchtools.js", "language_data.js", "searchindex.js")


def bundle_deferred_scripts(page: str, page_path: Path, static: Path) -> str:
    """Join the page's local deferred scripts (head and body, in document order: the order deferred
    scripts run in) into one file in ``static``, named by its content, linked deferred where the
    first of them was. Scripts with other attributes, missing files and :data:`SEPARATE_SCRIPTS`
    stay as they are. Fewer requests compete with the page's first paint on a phone's network."""

    found = []
    for match in _DEFERRED_SCRIPT.finditer(page):
        href = match.group(1) or match.group(2)
        if re.match(r"^(?:[a-z]+:|//|/)", href) or href.split("?")[0].endswith(SEPARATE_SCRIPTS):
            continue
        path = (page_path.parent / href.split("?")[0].split("#")[0]).resolve()
        if not path.is_file() or path.name.startswith(SCRIPT_BUNDLE_PREFIX):
            continue
        found.append((match, path))
    if len(found) < 2:
        return page
    code = []
    for _, path in found:
        text = re.sub(r"\n?//# sourceMappingURL=\S*\s*$", "", path.read_text(encoding="utf-8"))
        code.append(f"/* {path.name} */\n{text}\n;")
    # a statement first ends the directive prologue: a "use strict" at the top of the first file would
    # otherwise make every file after it strict (and break those written for sloppy mode)
    text = "void 0;\n" + "\n".join(code) + "\n"
    href = _write_bundle(static, f"{SCRIPT_BUNDLE_PREFIX}{{}}.js", text, page_path)
    out, last = [], 0
    for index, (match, _) in enumerate(found):
        out.append(page[last:match.start()])
        if index == 0:
            out.append(f'    <script defer src="{href}"></script>\n')
        last = match.end()
    out.append(page[last:])
    return "".join(out)


# ----------------------------------------------------------------------------- icon fonts

#: the theme's Font Awesome fonts: the solid one is drawn by the header (breadcrumbs, the contents
#: toggle) on every page, so its subset goes into the style sheet itself (no request after the sheet);
#: the others, rarely drawn, stay separate files
ICON_FONTS = {"fa-solid-900": True, "fa-regular-400": False, "fa-brands-400": False}
_PUA = re.compile(r"\\u\{?(f[0-9a-f]{3}|e[0-9a-f]{3})\}?|\\(f[0-9a-f]{3}|e[0-9a-f]{3})(?![0-9a-f])|([\ue000-\uf8ff])", re.I)


def icon_codepoints(texts) -> set[int]:
    """The private-use code points (U+E000–U+F8FF, where icon fonts put their glyphs) that ``texts``
    (style sheets, scripts) name: literal characters, CSS escapes (``"\\f107"``) or JavaScript escapes
    (``"\\uf107"``). An icon font needs no other glyph."""
    found = set()
    for text in texts:
        for match in _PUA.finditer(text):
            found.add(int(match.group(1) or match.group(2), 16) if not match.group(3) else ord(match.group(3)))
    return found


def subset_font(source: Path, codepoints: set[int]) -> bytes:
    """``source`` (a TrueType font) cut down to the glyphs of ``codepoints``, as WOFF (zlib): the
    subsetting of fontTools, as the ``pyftsubset`` tool does it."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]  # the licence and copyright records stay
    import logging

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its per-table notes are not build output
    font = TTFont(str(source), recalcTimestamp=False)  # the source's date, not today's: same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def subset_icon_fonts(css: str, css_path: Path, codepoints: set[int]) -> str:
    """Point the ``@font-face`` rules of :data:`ICON_FONTS` in style sheet ``css`` (at ``css_path``)
    at subsets of the fonts holding only ``codepoints`` (see :func:`icon_codepoints`): the solid font,
    whose 150 kB the browser fetched at high priority on every page before the text could show, is put
    in the sheet as a ``data:`` URL (about 3 kB); the others are written next to their source as
    ``<name>.subset.woff``. Rules already rewritten and fonts not found are left as they are."""
    import base64

    def one(match: re.Match) -> str:
        rule = match.group(0)
        for name, inline in ICON_FONTS.items():
            url = re.search(rf'url\((["\']?)([^"\')]*/{name})\.woff2\1\)', rule)
            if not url:
                continue
            source = (css_path.parent / (url.group(2) + ".ttf")).resolve()
            if not source.is_file():
                return rule
            data = subset_font(source, codepoints)
            if inline:
                href = "data:font/woff;base64," + base64.b64encode(data).decode("ascii")
            else:
                (source.parent / f"{name}.subset.woff").write_bytes(data)
                href = f"{url.group(2)}.subset.woff"
            return re.sub(r"src:[^;}]*", f'src:url("{href}") format("woff")', rule, count=1)
        return rule

    return re.sub(r"@font-face\s*\{[^}]*\}", one, css)


# ----------------------------------------------------------------------------- unused style rules

_WORD = re.compile(r"[A-Za-z_][\w-]*")


def used_words(texts) -> tuple[frozenset, tuple]:
    """Every word of ``texts`` (the site's pages and scripts) that could be a class name or id, and
    the prefixes that scripts build names from (words ending in ``-``, as in ``"bs-popover-" + x``):
    the content side of :func:`purge_css`."""
    words = set()
    for text in texts:
        words.update(_WORD.findall(text))
    prefixes = tuple(sorted(w for w in words if w.endswith(("-", "_")) and len(w) >= 3))
    return frozenset(words), prefixes


def _selector_used(selector: str, words: frozenset, prefixes: tuple) -> bool:
    """Whether ``selector`` may match: every class and id it requires appears among ``words`` (or
    starts with one of ``prefixes``). Element names and attributes are not checked (scripts create any
    element); arguments of functional pseudo-classes (``:not(.x)``, ``:is(...)``) are not required.
    A selector with escapes is kept."""
    if "\\" in selector:
        return True
    plain = re.sub(r"\[[^\]]*\]", "", selector)  # attribute selectors: values are not names
    while "(" in plain:
        reduced = re.sub(r"\([^()]*\)", "", plain)
        if reduced == plain:
            return True
        plain = reduced
    for name in re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", plain):
        if name not in words and not name.startswith(prefixes):
            return False
    return True


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses, brackets and strings."""
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _css_blocks(css: str):
    """``(prelude, body)`` of each top-level statement of ``css`` (``body`` ``None`` for statements
    ending in ``;`` and for comments between statements, which come as their own prelude); strings
    and comments respected."""
    i, n, prelude_start = 0, len(css), 0
    while i < n:
        ch = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if css[prelude_start:i].strip() == "":
                yield css[i:end], None
                prelude_start = end
            i = end
        elif ch in "\"'":
            end = i + 1
            while end < n and css[end] != ch:
                end += 2 if css[end] == "\\" else 1
            i = end + 1
        elif ch == ";":
            yield css[prelude_start:i].strip(), None
            i += 1
            prelude_start = i
        elif ch == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css.startswith("/*", j):
                    end = css.find("*/", j + 2)
                    j = n if end < 0 else end + 2
                    continue
                c = css[j]
                if c in "\"'":
                    k = j + 1
                    while k < n and css[k] != c:
                        k += 2 if css[k] == "\\" else 1
                    j = k + 1
                    continue
                depth += (c == "{") - (c == "}")
                j += 1
            yield css[prelude_start:i].strip(), css[i + 1:j - 1]
            i = j
            prelude_start = i
        else:
            i += 1


#: at-rules whose blocks hold style rules (purged inside); other blocks (``@font-face``, ``@keyframes``,
#: ``@page``, ``@property``) are kept whole
_GROUPING = ("@media", "@supports", "@layer", "@container", "@document", "@-moz-document")


def purge_css(css: str, words: frozenset, prefixes: tuple = ()) -> str:
    """``css`` without the selectors that cannot match anything in the site (PurgeCSS's rule: a
    selector is dropped when a class or id it requires appears in none of the site's pages and
    scripts, see :func:`used_words`); a rule with no selector left is dropped, and a grouping at-rule
    left empty. Everything else (at-rules, custom properties, element and attribute selectors,
    comments) stays, in order."""
    out = []
    for prelude, body in _css_blocks(css):
        if body is None:
            out.append(prelude if prelude.startswith("/*") else prelude + ";")
        elif prelude.startswith("@"):
            if prelude.lower().startswith(_GROUPING):
                inner = purge_css(body, words, prefixes)
                if inner.strip():
                    out.append(f"{prelude}{{{inner}}}")
            else:
                out.append(f"{prelude}{{{body}}}")
        else:
            kept = [s for s in _split_top(prelude, ",") if _selector_used(s, words, prefixes)]
            if kept:
                out.append(f"{','.join(s.strip() for s in kept)}{{{body}}}")
    return "\n".join(out)
