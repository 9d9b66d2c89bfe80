"""The Korean edition (한국어판): built from the same staged sources as the English one.

Prose is translated through Sphinx's gettext machinery (Sphinx documentation, "Internationalization"):
``python -m krdev i18n`` extracts every translatable message of the staged book into ``.pot`` templates
(one per document, ``gettext_compact = False``) and merges them with ``sphinx-intl`` into the catalogues
under version control, ``locales/ko/LC_MESSAGES/<docname>.po``. A changed English paragraph becomes a
new (untranslated) or fuzzy entry there, and the Korean build marks such paragraphs with the class
``untranslated`` (``translation_progress_classes``), which the tests look for.

``make book`` runs each chapter for both editions in one kernel (:func:`korean_pass`,
:func:`krdev.runner.execute_passes`) and builds the two editions side by side with ``sphinx-build``
from the configuration Jupyter Book generates (``jupyter-book config sphinx``, :func:`build_html`):
the English one into ``_build/html``, the Korean one with ``-D language=ko`` into
``_build/html/ko``: same structure, same file names.

As a Sphinx extension (listed in ``_config.yml``) this module adds to every page a link to the same page
in the other edition (with ``lang``/``hreflang``), the matching ``<link rel="alternate">`` elements, and,
in the Korean edition, its typography (``krdev-ko.css``) and its full-text search, which Sphinx lacks for
Korean (:class:`krdev.search_ko.SearchKorean`: Hangul indexed and queried as stemmed syllable bigrams).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from krdev import i18n
from krdev.paths import REPO_ROOT

LANGUAGES = ("en", "ko")
LOCALES_DIR = REPO_ROOT / "locales"
# The documents whose every message the Korean edition must translate (tested): a document is added
# here once its catalogue is complete. The others still build in Korean, falling back to English text.
TRANSLATED = (
    "book/index",
    "book/part1-clusters-to-districts",
    "book/part2-balanced-development",
    "book/part3-intercity-networking",
    "book/how-to-cite",
    "book/bibliography",
    "book/glossary",
    "notebooks/regions-at-a-glance",
    "notebooks/industrial-specialisation",
    "notebooks/innovation-districts",
    "notebooks/sister-cities",
    "book/appendix/methods-networks",
    "book/appendix/reference-verification",
    "notebooks/capital-concentration",
    "notebooks/balanced-policy",
    "book/appendix/methods-concentration",
    "notebooks/inequality-convergence",
    "book/appendix/methods-inequality",
    "book/appendix/methods-specialisation",
    "notebooks/complexes-symbiosis",
    "notebooks/data",
    "book/appendix/methods",
    "book/appendix/reproducibility",
    "notebooks/decline-era",
    "notebooks/municipal-networks",
    "book/appendix/methods-decline",
)
# The chapters executed again with KRDEV_LANG=ko (after their English run, in the same kernel), so that
# what they compute (glued sentences, chart text, tables) is in Korean; the others are staged from
# their English execution.
KOREAN_NOTEBOOKS = (
    "regions-at-a-glance",
    "industrial-specialisation",
    "innovation-districts",
    "sister-cities",
    "capital-concentration",
    "balanced-policy",
    "inequality-convergence",
    "complexes-symbiosis",
    "data",
    "decline-era",
    "municipal-networks",
)
SWITCH_LABEL = {"en": "English", "ko": "한국어"}
SWITCH_ARIA = {"en": "Read this page in Korean", "ko": "이 페이지를 영어로 보기"}


def _sphinx_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def write_conf(stage_dir: Path, conf_dir: Path) -> Path:
    """Write the Sphinx ``conf.py`` that Jupyter Book generates from ``stage_dir``'s ``_config.yml``
    into ``conf_dir`` (outside the sources, so the English build is untouched), with the paths that
    Sphinx resolves against the configuration folder made absolute."""
    conf_dir.mkdir(parents=True, exist_ok=True)
    with _scratch_copy(stage_dir) as scratch:
        subprocess.run([_sphinx_bin("jupyter-book"), "config", "sphinx", str(scratch)], check=True,
                       stdout=subprocess.DEVNULL)
        text = (scratch / "conf.py").read_text(encoding="utf-8")
    text += (
        "\n# Added for the Korean edition (krdev.edition): paths resolved against the sources, one catalogue\n"
        "# per document, untranslated paragraphs marked in the HTML.\n"
        f"bibtex_bibfiles = [{str(stage_dir / 'references.bib')!r}]\n"
        f"html_favicon = {str(stage_dir / 'book/_static/favicon.png')!r}\n"
        f"locale_dirs = [{str(stage_dir / 'locales')!r}]\n"
        "gettext_compact = False\n"
        "translation_progress_classes = 'untranslated'\n"
    )
    path = conf_dir / "conf.py"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


class _scratch_copy:
    """A temporary folder holding only ``_config.yml`` (what ``jupyter-book config sphinx`` reads)."""

    def __init__(self, stage_dir: Path):
        self.stage_dir = stage_dir

    def __enter__(self) -> Path:
        import tempfile

        self.tmp = tempfile.TemporaryDirectory(prefix="krdev-conf-")
        scratch = Path(self.tmp.name)
        shutil.copyfile(self.stage_dir / "_config.yml", scratch / "_config.yml")
        return scratch

    def __exit__(self, *exc):
        self.tmp.cleanup()


def jobs(shared_with: int = 1) -> str:
    """Sphinx's ``-j``: ``KRDEV_SPHINX_JOBS``, else the processors (at most 4) divided among the
    ``shared_with`` builds running at once."""
    return os.environ.get("KRDEV_SPHINX_JOBS", str(max(1, min(4, (os.cpu_count() or 1) // shared_with))))


def build_edition(language: str, stage_dir: Path, build_dir: Path, *, strict: bool = True, fresh: bool = False,
                  echo=print, wait: bool = True, shared_with: int = 1):
    """Build one edition of the staged book with ``sphinx-build`` and the configuration Jupyter Book
    generates (:func:`write_conf`): English into ``build_dir/html``, Korean into ``build_dir/html/ko``.
    Sphinx reads and writes pages in ``-j`` processes (:func:`jobs`; the page post-processing of
    :mod:`krdev.sphinxext` follows). Returns the exit status (with ``wait=False``, the process)."""
    english = language == "en"
    conf_dir = build_dir / f"conf-{language}"
    write_conf(stage_dir, conf_dir)
    out = build_dir / "html" if english else build_dir / "html" / language
    doctrees = build_dir / (".doctrees" if english else f".doctrees-{language}")
    command = [_sphinx_bin("sphinx-build"), "-b", "html", "-q", "-c", str(conf_dir), "-D", f"language={language}",
               "-d", str(doctrees), "-j", jobs(shared_with), str(stage_dir), str(out)]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    if fresh:  # every page read and written again, and the search index made anew
        command += ["-E", "-a"]  # (an index left by an earlier build kept words split by an earlier language)
        (out / "searchindex.js").unlink(missing_ok=True)
    echo(f"Building the {'English' if english else 'Korean'} edition: sphinx-build " + " ".join(command[1:]))
    process = subprocess.Popen(command, cwd=stage_dir)
    return process if not wait else process.wait()


def korean_pass(build_dir: Path):
    """The Korean edition's :class:`krdev.runner.Pass` over :data:`KOREAN_NOTEBOOKS`, executed with
    ``KRDEV_LANG=ko`` into ``build_dir/executed-ko`` and cached in ``build_dir/cache-ko``. A chapter is
    run again when its computed-text catalogues (``krdev.po`` and ``computed/<chapter>.po``) change:
    their digest is compared with the one recorded by :func:`record_catalogues` after its last run."""
    from krdev import runner

    cache_dir = build_dir / "cache-ko"
    for path in _korean_paths():
        stamp = cache_dir / f"catalogue-{path.stem}.sha256"
        if not stamp.exists() or stamp.read_text() != _catalogue_digest(path):
            runner._cache_file(path, cache_dir).unlink(missing_ok=True)  # its messages changed: run again
    return runner.Pass("ko", build_dir / "executed-ko", cache_dir, only=KOREAN_NOTEBOOKS)


def _korean_paths() -> list[Path]:
    from krdev import runner

    paths = [runner.notebooks_dir() / f"{name}.ipynb" for name in KOREAN_NOTEBOOKS]
    return [p for p in paths if p.exists()]


def _catalogue_digest(path: Path) -> str:
    import hashlib

    folder = LOCALES_DIR / "ko" / "LC_MESSAGES"
    files = [folder / "krdev.po", folder / "computed" / f"{path.stem}.po"]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.exists())).hexdigest()


def record_catalogues(build_dir: Path, results: list) -> None:
    """After a run: the catalogue digest of every Korean chapter executed (or found cached) without
    failure, which :func:`korean_pass` compares with next time."""
    cache_dir = build_dir / "cache-ko"
    done = {r.notebook for r in results if r.language == "ko" and r.status != "failed"}
    for path in _korean_paths():
        if path.name in done:
            cache_dir.mkdir(parents=True, exist_ok=True)
            (cache_dir / f"catalogue-{path.stem}.sha256").write_text(_catalogue_digest(path))


def execute_korean(build_dir: Path, *, echo=print) -> list:
    """Execute :data:`KOREAN_NOTEBOOKS` alone with ``KRDEV_LANG=ko`` (see :func:`korean_pass`)."""
    from krdev import runner

    echo("Executing the Korean edition's chapters (KRDEV_LANG=ko)")
    results = runner.execute_all(_korean_paths(), passes=[korean_pass(build_dir)], echo=echo)
    record_catalogues(build_dir, results)
    return results


def stage_korean(build_dir: Path, english_executed: Path | None = None) -> Path:
    """The Korean edition's sources: the English staging (from ``english_executed``, by default the
    HTML build's executions) with the Korean executions in place of theirs."""
    from krdev import runner

    stage_dir = build_dir / "src-ko"
    runner.stage(english_executed or runner.EXECUTED_DIR, stage_dir, notebooks=runner.list_notebooks())
    for src in sorted((build_dir / "executed-ko" / "notebooks").glob("*.ipynb")):
        if not src.name.endswith(".failed.ipynb") and src.stem in KOREAN_NOTEBOOKS:
            runner._sync_file(src, stage_dir / "notebooks" / src.name)
    return stage_dir


def enabled() -> bool:
    """Whether ``make book`` builds the Korean edition: yes, unless ``KRDEV_EDITIONS`` (a comma-separated
    list, default ``en,ko``) leaves ``ko`` out, e.g. to time the English edition alone."""
    return "ko" in [e.strip() for e in os.environ.get("KRDEV_EDITIONS", "en,ko").split(",")]


def build_html(stage_dir: Path, build_dir: Path, *, echo=print, fresh: bool = False) -> int:
    """The HTML of ``make book``, after the executions: the English edition from ``stage_dir`` and, when
    :func:`enabled`, the Korean one from :func:`stage_korean`, their two Sphinx builds side by side
    (each reads and writes its own pages, the processors shared between them: see below). Returns the first
    non-zero exit status, naming the edition."""
    korean = enabled()
    # the Korean build is the longer (every translated paragraph is parsed again, Hangul indexed for
    # search): it gets every processor, the English one half, and the English finishes first
    processes = {"English": build_edition("en", stage_dir, build_dir, echo=echo, fresh=fresh, wait=False,
                                          shared_with=2 if korean else 1)}
    if korean:
        processes["Korean"] = build_edition("ko", stage_korean(build_dir), build_dir, echo=echo, fresh=fresh,
                                            wait=False)
    else:
        echo("Korean edition skipped (KRDEV_EDITIONS)")
    try:
        statuses = {name: process.wait() for name, process in processes.items()}
    except BaseException:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        raise
    for name, status in statuses.items():
        if status:
            echo(f"the {name} edition's build reported warnings or errors (treated as errors); see above")
            return status
    return 0


def build_pdf(pdf_root: Path, *, echo=print) -> int:
    """The Korean half of ``make pdf`` (run after the English half, with static figures): the Korean
    chapters executed with ``KRDEV_LANG=ko``, staged over the English PDF executions, and built by
    Sphinx's LaTeX builder with ``language=ko`` and XeLaTeX (``sphinx-build -M latexpdf``, Sphinx
    documentation, "Builders"). Writes ``<build>/book-ko.pdf`` and ``<build>/pdf/chapters-ko/*.pdf``."""
    from krdev import chapterpdf

    if not enabled():
        echo("Korean PDF skipped (KRDEV_EDITIONS)")
        return 0
    failed = [r for r in execute_korean(pdf_root, echo=echo) if r.status == "failed"]
    if failed:
        for r in failed:
            echo(f"  - {r.error}")
        return 1
    stage_dir = stage_korean(pdf_root, pdf_root / "executed")
    conf_dir = pdf_root / "conf-ko"
    conf = write_conf(stage_dir, conf_dir)
    text = conf.read_text(encoding="utf-8")
    import yaml

    root = yaml.safe_load((stage_dir / "_toc.yml").read_text(encoding="utf-8"))["root"]
    addition = f"latex_documents = [({root!r}, 'book.tex', html_title, author, 'manual', False)]\n"
    if addition not in text:  # jupyter-book sets the book's LaTeX document itself; sphinx-build needs it here
        conf.write_text(text + addition, encoding="utf-8")
    out = pdf_root / "_build-ko"
    command = [_sphinx_bin("sphinx-build"), "-M", "latexpdf", str(stage_dir), str(out), "-q", "-c", str(conf_dir),
               "-D", "language=ko", "-d", str(pdf_root / ".doctrees-ko")]
    echo("Building the Korean PDFs: sphinx-build " + " ".join(command[1:]))
    status = subprocess.call(command, cwd=stage_dir, stdout=subprocess.DEVNULL)
    latex = out / "latex"
    if status or not (latex / "book.pdf").exists():
        echo(f"the Korean LaTeX build failed; see {latex}/*.log")
        return status or 1
    build_dir = pdf_root.parent
    shutil.copyfile(latex / "book.pdf", build_dir / "book-ko.pdf")
    copied = chapterpdf.collect(latex, build_dir / "pdf" / f"{chapterpdf.PDF_DIR_NAME}-ko")
    echo(f"Korean PDF written: {build_dir / 'book-ko.pdf'}; {len(copied)} chapter PDFs")
    return 0


def drop_obsolete(text: str) -> str:
    """A catalogue without its obsolete entries (``#~`` lines, kept by ``sphinx-intl update`` for
    messages the sources no longer have): they would keep superseded English text under version control."""
    import re

    text = re.sub(r"(?m)^(?:#[,.] .*\n)*(?:#~.*(?:\n|$))+", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def update_catalogues(stage_dir: Path, build_dir: Path, *, echo=print) -> int:
    """Extract the staged book's messages and merge them into ``locales/ko/LC_MESSAGES/*.po``
    (``sphinx-intl update``): new messages arrive empty, changed ones fuzzy."""
    conf_dir = build_dir / "conf-ko"
    write_conf(stage_dir, conf_dir)
    pot_dir = build_dir / "gettext"
    shutil.rmtree(pot_dir, ignore_errors=True)
    status = subprocess.call([_sphinx_bin("sphinx-build"), "-b", "gettext", "-q", "-c", str(conf_dir),
                              "-d", str(build_dir / ".doctrees-gettext"), str(stage_dir), str(pot_dir)],
                             cwd=stage_dir)
    if status:
        return status
    shutil.rmtree(pot_dir / "_static", ignore_errors=True)
    status = subprocess.call([_sphinx_bin("sphinx-intl"), "update", "-p", str(pot_dir), "-d", str(LOCALES_DIR),
                              "-l", "ko", "-w", "0", "--line-width", "-1"], stdout=subprocess.DEVNULL)
    if not status:  # the catalogues carry no build-machine paths in their comments
        for po in LOCALES_DIR.rglob("*.po"):
            text = po.read_text(encoding="utf-8")
            cleaned = drop_obsolete("\n".join(line for line in text.split("\n") if not line.startswith("#: ")))
            if cleaned != text:
                po.write_text(cleaned, encoding="utf-8")
        echo(f"Catalogues updated in {LOCALES_DIR.relative_to(REPO_ROOT)}/ko/LC_MESSAGES")
    return status


def counterpart(pagename: str, language: str) -> str:
    """Relative URL, from page ``pagename`` of the ``language`` edition, of the same page in the other."""
    up = "../" * pagename.count("/")
    return f"../{up}{pagename}.html" if language == "ko" else f"{up}ko/{pagename}.html"


def kci_reference(meta: dict, chapter_title: str, url: str) -> str:
    """A chapter reference in the style common to Korean journals indexed by KCI (한국학술지인용색인):
    저자(연도). 「장 제목」. 『책 제목』, 버전. URL — chapter titles in single corner brackets, book titles
    in double corner brackets (the Korean counterparts of quotation marks and italics)."""
    import html as _html

    authors = ", ".join(meta["authors"])
    return (f"{_html.escape(authors)}({meta['year']}). 「{_html.escape(chapter_title)}」. "
            f"『{_html.escape(meta['book'])}』, {_html.escape(i18n.gettext('Version {version}', 'ko', version=meta['version']))}. "
            f"{url}")


def _korean_cite_box(app, pagename: str, context: dict) -> None:
    """In the Korean edition, the cite box (made by krdev.sphinxext) gets its Korean label, a KCI-style
    reference first, and the Korean page's URL in every style."""
    import html as _html
    import re

    body = context["body"]
    if 'class="krdev-cite' not in body:
        return
    from krdev.sphinxext import book_metadata

    meta = book_metadata(app)
    english_url, korean_url = f"{meta['url']}{pagename}.html", f"{meta['url']}ko/{pagename}.html"
    title = _html.unescape(re.sub(r"<[^>]+>", "", context.get("title", pagename)))
    label = i18n.gettext("Cite this chapter", "ko")
    start = body.index('<aside class="krdev-cite')
    box = body[start:].replace(english_url, korean_url)
    box = box.replace('aria-label="Cite this chapter"', f'aria-label="{label}"', 1)
    box = box.replace('<p class="admonition-title">Cite this chapter</p>',
                      f'<p class="admonition-title">{label}</p>'
                      f'<p class="krdev-cite-kci"><span class="krdev-cite-style">{i18n.gettext("KCI style", "ko")}</span> '
                      f'{kci_reference(meta, title, korean_url)}</p>'
                      '<p class="krdev-cite-apa-label"><span class="krdev-cite-style">APA</span></p>', 1)
    context["body"] = body[:start] + box


def _page_context(app, pagename, templatename, context, doctree) -> None:
    language = "ko" if (app.config.language or "en").startswith("ko") else "en"
    if language == "ko" and "body" in context:
        _korean_cite_box(app, pagename, context)
    other = "en" if language == "ko" else "ko"
    href = counterpart(pagename, language)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other}" href="{href}" />')
    if "body" not in context:
        return
    switch = (f'<nav class="krdev-lang" aria-label="{SWITCH_ARIA[language]}">'
              f'<a class="krdev-lang-switch" href="{href}" hreflang="{other}" lang="{other}" rel="alternate">'
              f"{SWITCH_LABEL[other]}</a></nav>")
    context["body"] = switch + context["body"]


def _translate_toctree_captions(app, doctree) -> None:
    """Part captions of the table of contents (inserted by sphinx-external-toc after Sphinx's
    translation transform) taken from the document's catalogue, so the Korean sidebar is in Korean."""
    if not (app.config.language or "").startswith("ko"):
        return
    from sphinx import addnodes

    toctrees = [n for n in doctree.findall(addnodes.toctree) if n.get("caption")]
    if not toctrees:
        return
    path = Path(app.srcdir) / "locales" / "ko" / "LC_MESSAGES" / f"{app.env.docname}.po"
    if not path.exists():
        return
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        messages = {str(m.id): str(m.string) for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    for node in toctrees:
        node["caption"] = messages.get(node["caption"], node["caption"])


def _builder_inited(app) -> None:
    if app.builder.format == "html" and (app.config.language or "").startswith("ko"):
        app.add_css_file("krdev-ko.css")


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html" and (app.config.language or "").startswith("ko"):
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).parent / "static" / "krdev-ko.css", static / "krdev-ko.css")


def _config_inited(app, config) -> None:
    import hashlib

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "static" / "krdev-ko.css").read_bytes())
    digest.update((Path(__file__).parent / "search_ko.py").read_bytes())  # the search index too
    config.krdev_edition_digest = digest.hexdigest()[:16]  # pages are rewritten when this code changes
    # sphinx-multitoc-numbering does not declare parallel safety, so Sphinx warns (fatal under -W) and
    # reads serially. It is safe: it only replaces TocTreeCollector.assign_section_numbers (patched at
    # builder-inited, before the read workers fork), which Sphinx calls in the main process after the
    # workers' environments are merged; it keeps no per-document state of its own.
    extension = app.extensions.get("sphinx_multitoc_numbering")
    if extension is not None and extension.parallel_read_safe is None:
        extension.parallel_read_safe = True


def _computed_output_transform():
    from docutils import nodes
    from sphinx.transforms import SphinxTransform

    class ComputedOutputIsNotProse(SphinxTransform):
        """Text that a chapter's code cells display (the Data chapter's Markdown sections, say) is not a
        message of the prose catalogue: the Korean edition executes the chapter in Korean, so that text is
        already in the reader's language. Marked ``translatable = False`` before Sphinx's ``Locale``
        transform (priority 20), it is neither extracted into ``<docname>.po`` nor marked untranslated."""

        default_priority = 10

        def apply(self, **kwargs):
            for container in self.document.findall(nodes.container):
                # a chapter's computed output, or a record a program writes (the benchmark's results,
                # which change with every run and are shown as recorded)
                if {"cell_output", "krdev-record"} & set(container.get("classes", [])):
                    for node in container.findall(nodes.TextElement):
                        if not isinstance(node, nodes.Inline):  # inline nodes are never messages of their own
                            node["translatable"] = False

    return ComputedOutputIsNotProse


def setup(app):
    from krdev.search_ko import SearchKorean

    app.add_search_language(SearchKorean)  # used by the Korean build (language=ko) only
    app.add_transform(_computed_output_transform())
    app.add_config_value("krdev_edition_digest", "", "env")  # this code changed: re-read every page
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-read", _translate_toctree_captions)
    app.connect("html-page-context", _page_context, priority=600)  # after krdev.sphinxext's cite box
    app.connect("build-finished", _build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
