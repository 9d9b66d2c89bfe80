"""Sphinx extension: what the book build needs beyond ``_config.yml``.

- Ships the Vega runtime once per site (``_static/krdev-vega.js``, from the bundle that
  ``vl-convert-python`` carries), the small script that embeds every chart, and the CSS.
- Copies the simplified boundary files (and the TopoJSON land layer) to ``_static/data/`` so maps
  load them once, and MathJax
  3 (from the ``sphinx-mathjax-offline`` wheel) to ``_static/mathjax/`` so formulas render offline.
- Adds a "Cite this chapter" box (APA and BibTeX) to every chapter page, generated from one
  metadata source: the book's title and authors in ``_config.yml``, :data:`krdev.__version__`,
  and ``html_baseurl``.
- Puts the version in the site footer.
- Post-processes every page for speed and accessibility (:mod:`krdev.webpage`): unused scripts
  dropped, icons inline, formulas as MathML, Korean marked ``lang="ko"``, valid summaries and ids,
  meta descriptions, a proper root page; the theme's Font Awesome script and icon rules are removed.
- Draws every chart as an SVG picture at build time (``_static/charts/<chart id>.svg``, cached in
  ``_build/cache/svg``), shown until the reader asks for the interactive chart, and joins each
  page's style sheets into one file (``_static/krdev-styles-<hash>.css``) and its deferred scripts
  into another (``_static/krdev-scripts-<hash>.js``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import re
import shutil
from pathlib import Path

from krdev import __version__

STATIC = Path(__file__).parent / "static"
NOT_CHAPTERS = {"genindex", "search", "bibliography", "glossary"}


def vega_bundle(cache_dir: Path) -> Path:
    """The Vega + Vega-Lite + Vega-Embed bundle, generated once and cached by version."""
    import vl_convert

    tag = f"{vl_convert.get_vega_version()}-{vl_convert.get_vega_embed_version()}-{__import__('altair').SCHEMA_VERSION}"
    path = cache_dir / f"krdev-vega-{hashlib.sha256(tag.encode()).hexdigest()[:10]}.js"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        vl_version = __import__("altair").SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
        bundle = vl_convert.javascript_bundle(vl_version=vl_version)
        # the bundle declares top-level constants (e.g. `_`) that clash with other scripts in the
        # page's shared global scope; a function scope keeps them private (it sets window.vegaEmbed)
        path.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
    return path


def cache_dir(outdir: Path) -> Path:
    """The build's cache folder (``_build/cache``) for a site in ``outdir`` (``_build/html`` or the
    Korean ``_build/html/ko``); never a folder of the published site."""
    outdir = Path(outdir).resolve()
    build = next((p for p in [outdir, *outdir.parents] if p.name == "_build"), outdir.parent)
    return build / "cache"


def _copy_assets(app) -> None:
    from krdev.paths import data_dir

    static = Path(app.outdir) / "_static"
    (static / "data").mkdir(parents=True, exist_ok=True)
    bundle = vega_bundle(cache_dir(app.outdir))
    stray = Path(app.outdir) / "cache"  # earlier builds of the Korean edition cached the bundle there
    if stray.is_dir() and all(p.name.startswith("krdev-vega-") for p in stray.iterdir()):
        shutil.rmtree(stray)
    shutil.copyfile(bundle, static / "krdev-vega.js")
    for name in ("krdev-charts.js", "krdev.css"):
        shutil.copyfile(STATIC / name, static / name)
    _slim_theme_assets(static)
    for geo in sorted((data_dir() / "processed").glob("*.geojson")):
        shutil.copyfile(geo, static / "data" / geo.name)
    from krdev.catalog import resources

    for res in resources():  # TopoJSON layers (the world's land) are served as published
        if res["format"] == "topojson":
            source = data_dir() / res["path"]
            shutil.copyfile(source, static / "data" / source.name)
    _copy_mathjax(static / "mathjax")


def _slim_theme_assets(static: Path) -> None:
    """The theme's Font Awesome script is replaced by inline SVG icons (:mod:`krdev.webpage`): drop
    it, and the icon rules of the theme's style sheet that only served it."""
    from krdev.webpage import (BUNDLE_PREFIX, batch_tab_stops, icon_codepoints, strip_icon_rules,
                               subset_icon_fonts)

    css = static / "styles" / "pydata-sphinx-theme.css"
    if css.exists():
        text = css.read_text(encoding="utf-8")
        slim = strip_icon_rules(text)
        # the icon fonts are cut down to the glyphs the style sheets still name
        sheets = [slim] + [p.read_text(encoding="utf-8") for p in static.rglob("*.css")
                           if p != css and not p.name.startswith(BUNDLE_PREFIX)]
        slim = subset_icon_fonts(slim, css, icon_codepoints(sheets))
        if slim != text:
            css.write_text(slim, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt", "pydata-sphinx-theme.css.map",
                 "pydata-sphinx-theme.js.map"):
        (static / "scripts" / name).unlink(missing_ok=True)
        (static / "styles" / name).unlink(missing_ok=True)
    script = static / "scripts" / "pydata-sphinx-theme.js"
    if script.exists():
        text = script.read_text(encoding="utf-8")
        patched = batch_tab_stops(text)
        if patched != text:
            script.write_text(re.sub(r"\n?//# sourceMappingURL=\S*", "", patched), encoding="utf-8")


def _copy_mathjax(target: Path) -> None:
    """MathJax 3 (SVG output, fonts built in) from the ``sphinx-mathjax-offline`` wheel, served
    locally: ``tex-svg.js``, the TeX extensions it may autoload and the lazy-typesetting module. No CDN."""
    from importlib.metadata import files

    script = next(f for f in files("sphinx-mathjax-offline") if f.name == "tex-svg.js").locate()
    source = Path(script).parent
    if not (target / "ui" / "lazy.js").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "tex-svg.js", target / "tex-svg.js")
        shutil.copytree(source / "input" / "tex" / "extensions", target / "input" / "tex" / "extensions",
                        dirs_exist_ok=True)
        # lazy typesetting: formulas are typeset when they come into view (``mathjax3_config``)
        (target / "ui").mkdir(exist_ok=True)
        shutil.copyfile(source / "ui" / "lazy.js", target / "ui" / "lazy.js")


def _builder_inited(app) -> None:
    import time

    app.krdev_started_ns = time.time_ns()  # pages written from now on are post-processed
    if app.builder.format == "html":
        # the Vega runtime is not listed: krdev-charts.js loads it when a chart nears the viewport
        app.add_js_file("krdev-charts.js", priority=201, loading_method="defer")
        app.add_css_file("krdev.css")
        _keep_search_terms()


def _keep_search_terms() -> None:
    """Sphinx's English stop words include "near", so searching for the NEAR network (Association of
    North East Asia Regional Governments) found nothing; acronyms of the book's subject stay searchable."""
    from sphinx.search import en

    en.SearchEnglish.stopwords = frozenset(en.SearchEnglish.stopwords) - SEARCHABLE_STOPWORDS


SEARCHABLE_STOPWORDS = {"near"}


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``target`` and rename it into place: a process
    reading ``target`` meanwhile sees the old bytes or the new, never half of them."""
    import os

    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


def chart_drawer(outdir: Path, page: Path, drawn: set):
    """``draw(spec_json, chart_id)`` for :func:`krdev.webpage.static_charts` on ``page``: the chart's
    SVG picture written to ``_static/charts/<chart id>.svg`` (the id is a hash of the spec); returns
    its URL relative to the page and its size. ``drawn`` collects the files in use."""
    import json
    import os

    from krdev.charts import static_svg
    from krdev.webpage import svg_size

    folder = Path(outdir) / "_static" / "charts"
    cache = cache_dir(outdir) / "svg"

    def draw(spec_json: str, chart_id: str):
        target = folder / f"{chart_id}.svg"
        svg = static_svg(json.loads(spec_json.replace("<\\/", "</")), cache)
        if not target.exists() or target.read_text(encoding="utf-8") != svg:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(target, svg)  # pages are processed in parallel
        drawn.add(target.name)
        width, height = svg_size(svg)
        return Path(os.path.relpath(target, page.parent)).as_posix(), width, height

    return draw


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        _copy_assets(app)
        outdir = Path(app.outdir)
        # the Korean edition (``ko/``) is another Sphinx build, possibly still running: its own pages
        pages = [p for p in outdir.rglob("*.html") if "_static" not in p.parts and p.relative_to(outdir).parts[0] != "ko"]
        title = app.config.html_title or app.config.project
        # pages Sphinx did not write again were processed by the build that wrote them (a failed or
        # interrupted build makes the next one write every page: see krdev.runner)
        started = getattr(app, "krdev_started_ns", 0)
        written = [p for p in pages if p.stat().st_mtime_ns >= started]
        drawn = set().union(*_process_pages(outdir, written, title, getattr(app, "parallel", 0)))
        for page in set(pages) - set(written):
            drawn.update(re.findall(r'_static/charts/(krdev-[0-9a-f]+\.svg)"', page.read_text(encoding="utf-8")))
        join_assets(outdir, pages)
        _remove_unused(outdir / "_static", pages, drawn)


def _process_pages(outdir: Path, pages: list[Path], title: str, workers: int) -> list[set]:
    """:func:`process_page` for every page; with Sphinx's ``-j N`` (``workers``), in N processes, the
    largest pages (the chapters, whose charts are drawn) first. Processes are started afresh
    ("spawn"): the chart renderer's runtime, started in this one, must not be copied by a fork."""
    pages = sorted(pages, key=lambda p: -p.stat().st_size)
    if workers <= 1 or len(pages) < 2:
        return [process_page(outdir, page, title) for page in pages]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(min(workers, len(pages)), mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(process_page, [outdir] * len(pages), pages, [title] * len(pages)))


def process_page(outdir: Path, page: Path, title: str) -> set:
    """Post-process one written page in place (:mod:`krdev.webpage`: speed and accessibility fixes,
    chart pictures drawn; the root page made a proper page); return the names of the chart pictures
    it links. Its style sheets and scripts are joined afterwards (:func:`join_assets`)."""
    from krdev import webpage

    static = outdir / "_static"
    drawn: set[str] = set()
    text = page.read_text(encoding="utf-8")
    if page == outdir / "index.html" and "<!DOCTYPE" not in text:
        target = re.search(r"url=([^\"' ]+)", text).group(1)
        fixed = webpage.root_index(target, title,
                                   favicon="_static/favicon.png" if (static / "favicon.png").exists() else None)
    else:
        fixed = webpage.process(dedupe_inline_scripts(text), is_search_page=page == outdir / "search.html",
                                draw_chart=chart_drawer(outdir, page, drawn))
    drawn.update(re.findall(r'_static/charts/(krdev-[0-9a-f]+\.svg)"', fixed))  # pages drawn before
    if fixed != text:
        page.write_text(fixed, encoding="utf-8")
    return drawn


ASSET_TAGS = re.compile(r"<link\b[^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*</script>")


def join_assets(outdir: Path, pages: list[Path]) -> None:
    """Join each processed page's style sheets and deferred scripts into bundles (:mod:`krdev.webpage`),
    the style sheets without the rules that no page and no script of the edition can match (the words
    of every processed page and every script, :func:`krdev.webpage.used_words`, read once all pages
    are processed, whether in parallel or not)."""
    from krdev import webpage

    static = outdir / "_static"
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    # a page's words without its links to style sheets and scripts (file names, and the bundles of an
    # earlier build): the words are the same whether the page was joined before or not, so an
    # incremental build makes the bundles a clean build makes (tested)
    used = webpage.used_words([*(ASSET_TAGS.sub("", text) for text in texts.values()),
                               *(p.read_text(encoding="utf-8", errors="replace") for p in sorted(static.rglob("*.js")))])
    for page, text in texts.items():
        if "<!DOCTYPE" not in text:  # the build's redirect stub
            continue
        fixed = webpage.bundle_stylesheets(text, page, static, used=used)
        fixed = webpage.inline_blocking_scripts(fixed, page)
        fixed = webpage.bundle_deferred_scripts(fixed, page, static)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _remove_unused(static: Path, pages: list[Path], drawn: set) -> None:
    """Chart pictures and style and script bundles that no page links any more (written for an earlier
    version)."""
    from krdev.webpage import BUNDLE_PREFIX, SCRIPT_BUNDLE_PREFIX

    for svg in (static / "charts").glob("*.svg") if (static / "charts").is_dir() else []:
        if svg.name not in drawn:
            svg.unlink()
    linked = set()
    for page in pages:
        linked.update(re.findall(rf"((?:{BUNDLE_PREFIX}[0-9a-f]+\.css|{SCRIPT_BUNDLE_PREFIX}[0-9a-f]+\.js))",
                                 page.read_text(encoding="utf-8")))
    for bundle in [*static.glob(f"{BUNDLE_PREFIX}*.css"), *static.glob(f"{SCRIPT_BUNDLE_PREFIX}*.js")]:
        if bundle.name not in linked:
            bundle.unlink()


def book_metadata(app) -> dict:
    """Title, authors, year, version and base URL of the book (one source for every citation)."""
    config = app.config
    authors = getattr(config, "krdev_authors", None) or [config.author]
    return {
        "book": config.html_title or config.project,  # Jupyter Book sets html_title from `title`
        "authors": authors,
        "year": getattr(config, "krdev_year", None) or _dt.date.today().year,
        "version": __version__,
        "url": (config.html_baseurl or "").rstrip("/") + "/",
    }


def _apa_authors(authors: list[str]) -> str:
    return ", ".join(authors[:-1]) + (", & " if len(authors) > 1 else "") + authors[-1]


def citation(meta: dict, chapter_title: str, pagename: str) -> dict:
    """APA and BibTeX strings for one chapter."""
    url = f"{meta['url']}{pagename}.html"
    key = re.sub(r"[^a-z0-9]+", "", pagename.split("/")[-1].lower())[:24] + str(meta["year"])
    apa = (f"{_apa_authors(meta['authors'])} ({meta['year']}). {chapter_title}. In <i>{html.escape(meta['book'])}</i> "
           f"(Version {meta['version']}). {url}")
    bibtex = (
        f"@incollection{{{key},\n"
        f"  author    = {{{' and '.join(meta['authors'])}}},\n"
        f"  title     = {{{chapter_title}}},\n"
        f"  booktitle = {{{meta['book']}}},\n"
        f"  year      = {{{meta['year']}}},\n"
        f"  edition   = {{Version {meta['version']}}},\n"
        f"  url       = {{{url}}}\n"
        f"}}"
    )
    return {"apa": apa, "bibtex": bibtex, "key": key}


def _is_chapter(pagename: str) -> bool:
    name = pagename.split("/")[-1]
    return pagename.startswith(("notebooks/", "book/")) and name not in NOT_CHAPTERS


def dedupe_inline_scripts(html_text: str) -> str:
    """Remove repeated identical inline ``<script>`` lines in a page's head.

    sphinx-thebe's configuration script reaches some pages twice (it is registered by more than one
    extension hook), and the second copy throws "Identifier 'THEBE_JS_URL' has already been
    declared" in the browser console. Only exact repeats of inline scripts are removed.
    """
    head, sep, rest = html_text.partition("</head>")
    seen, lines = set(), []
    for line in head.split("\n"):
        stripped = line.strip()
        if stripped.startswith("<script>") and stripped.endswith("</script>"):
            if stripped in seen:
                continue
            seen.add(stripped)
        lines.append(line)
    return "\n".join(lines) + sep + rest


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or not _is_chapter(pagename) or "body" not in context:
        return
    title = re.sub(r"<[^>]+>", "", context.get("title", pagename))
    cite = citation(book_metadata(app), html.unescape(title), pagename)
    box = (
        '<aside class="krdev-cite admonition" aria-label="Cite this chapter">'
        '<p class="admonition-title">Cite this chapter</p>'
        f'<p class="krdev-cite-apa">{cite["apa"]}</p>'
        f'<details><summary>BibTeX</summary><pre class="krdev-cite-bibtex">{html.escape(cite["bibtex"])}</pre></details>'
        "</aside>"
    )
    context["body"] = context["body"] + box


def extension_digest() -> str:
    """Hash of this extension's code and static files: when it changes every page must be rewritten
    (Sphinx tracks configuration changes, not extension code, so it is passed as a config value)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(STATIC.iterdir()):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _config_inited(app, config) -> None:
    config.krdev_extension_digest = extension_digest()
    options = dict(config.html_theme_options or {})
    footer = options.get("extra_footer", "")
    from krdev import i18n

    language = (config.language or "en").split("_")[0]
    stamp = i18n.gettext("Version {version}", language, version=__version__)
    if stamp not in footer:
        licences = i18n.gettext("code MIT, text CC BY 4.0, data per source", language)
        options["extra_footer"] = (footer + " " if footer else "") + f"<p>{stamp} · {licences}</p>"
    config.html_theme_options = options


def numref_domain():
    """Sphinx's standard domain, resolving ``{numref}`` references without unpickling the target's
    doctree once per reference.

    Sphinx 7 (``StandardDomain._resolve_numref_xref``) reads the whole doctree of the referenced
    document from its pickle for every ``{numref}``, only to look up the labelled node. A chapter's
    doctree carries its executed outputs (megabytes), so the book's few dozen figure and table
    references cost about ten seconds per edition. Here each doctree is read once per process
    (:data:`_NUMREF_DOCTREES`, emptied when a build reads sources again); the node is only
    inspected, never changed, so sharing the read copy is safe.
    """
    from sphinx.domains.std import StandardDomain

    class NumrefOnceDomain(StandardDomain):
        def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
            cache = _NUMREF_DOCTREES.setdefault(id(env), {})
            read = env.get_doctree

            def get_doctree(docname):
                if docname not in cache:
                    cache[docname] = read(docname)
                return cache[docname]

            env.get_doctree = get_doctree  # an instance attribute: the method is back after the call
            try:
                return super()._resolve_numref_xref(env, fromdocname, builder, typ, target, node, contnode)
            finally:
                del env.get_doctree

    return NumrefOnceDomain


_NUMREF_DOCTREES: dict[int, dict] = {}


def quick_make_document():
    """MyST's ``make_document`` with docutils' default settings built once per parser class and
    deep-copied for each document (the same document, about five times faster).

    MyST 3 calls it for every piece of Markdown it renders, even when Sphinx hands it the document
    to fill (``options.get("document", make_document())`` evaluates its default first), and building
    docutils' default settings parses every option of every component. The Korean edition renders
    each translated paragraph on its own, a few thousand times per build."""
    import copy
    import functools

    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    defaults = functools.lru_cache(maxsize=None)(get_default_settings)

    def make_document(source_path="notset", parser_cls=RSTParser):
        return new_document(source_path, settings=copy.deepcopy(defaults(parser_cls)))

    return make_document


def register_bibtex_plugins() -> int:
    """Register every installed pybtex plugin (styles, back ends, parsers) once as a runtime plugin
    (``pybtex.plugin.register_plugin``), the same class its entry point names; return how many.

    pybtex looks a plugin up on every use, first among runtime plugins and then by scanning every
    installed package's entry points (``importlib.metadata``, about ten milliseconds each time); the
    bibliography extension does so for each citation it resolves, a few hundred times per edition."""
    from importlib.metadata import distributions

    from pybtex.plugin import PluginGroupNotFound, register_plugin

    count = 0
    points = [p for d in distributions() for p in d.entry_points if p.group.startswith("pybtex.")]
    for point in points:
        try:
            count += bool(register_plugin(point.group, point.name, point.load(), force=True))
        except (PluginGroupNotFound, ImportError, ValueError):
            continue  # a group pybtex does not look up, or a plugin that cannot load: left to pybtex
    return count


def _install_quick_make_document() -> None:
    import myst_parser.mdit_to_docutils.base as base

    if not getattr(base.make_document, "krdev_quick", False):
        base.make_document = quick_make_document()
        base.make_document.krdev_quick = True


def _forget_numref_doctrees(*_args) -> None:
    _NUMREF_DOCTREES.clear()


def setup(app):
    app.add_domain(numref_domain(), override=True)
    _install_quick_make_document()
    register_bibtex_plugins()
    app.connect("env-before-read-docs", _forget_numref_doctrees)
    app.connect("build-finished", _forget_numref_doctrees, priority=900)
    app.add_config_value("krdev_authors", None, "html")
    app.add_config_value("krdev_year", None, "html")
    app.add_config_value("krdev_extension_digest", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    # after the other extensions' build-finished handlers, which copy style sheets this one bundles
    app.connect("build-finished", _build_finished, priority=800)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
