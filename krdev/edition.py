"""The Korean edition (한국어판): built from the same staged sources as the English one.

Prose is translated through Sphinx's gettext machinery (Sphinx documentation, "Internationalization"):
``python -m krdev i18n`` extracts every translatable message of the staged book into ``.pot`` templates
(one per document, ``gettext_compact = False``) and merges them with ``sphinx-intl`` into the catalogues
under version control, ``locales/ko/LC_MESSAGES/<docname>.po``. A changed English paragraph becomes a
new (untranslated) or fuzzy entry there, and the Korean build marks such paragraphs with the class
``untranslated`` (``translation_progress_classes``), which the tests look for.

``make book`` builds the English edition with ``jupyter-book build`` into ``_build/html`` and then, from
the configuration Jupyter Book generates (``jupyter-book config sphinx``), the Korean one with
``sphinx-build -D language=ko -j N`` into ``_build/html/ko``: same structure, same file names.

As a Sphinx extension (listed in ``_config.yml``) this module adds to every page a link to the same page
in the other edition (with ``lang``/``hreflang``), the matching ``<link rel="alternate">`` elements, and,
in the Korean edition, its typography (``krdev-ko.css``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from krdev.paths import REPO_ROOT

LANGUAGES = ("en", "ko")
LOCALES_DIR = REPO_ROOT / "locales"
# The documents whose every message the Korean edition must translate (tested): a document is added
# here once its catalogue is complete. The others still build in Korean, falling back to English text.
TRANSLATED = (
    "book/index",
    "book/part1-clusters-to-districts",
    "book/how-to-cite",
    "book/bibliography",
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


def jobs() -> str:
    return os.environ.get("KRDEV_SPHINX_JOBS", str(max(1, min(4, os.cpu_count() or 1))))


def build_korean(stage_dir: Path, build_dir: Path, *, strict: bool = True, echo=print) -> int:
    """Build the Korean edition of the staged book into ``build_dir/html/ko``; return the exit status."""
    conf_dir = build_dir / "conf-ko"
    write_conf(stage_dir, conf_dir)
    command = [_sphinx_bin("sphinx-build"), "-b", "html", "-q", "-c", str(conf_dir), "-D", "language=ko",
               "-d", str(build_dir / ".doctrees-ko"), "-j", jobs(), str(stage_dir), str(build_dir / "html" / "ko")]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    echo("Building the Korean edition: sphinx-build " + " ".join(command[1:]))
    start = time.perf_counter()
    status = subprocess.call(command, cwd=stage_dir)
    echo(f"  Korean edition built in {time.perf_counter() - start:.1f} s")
    return status


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
            cleaned = "\n".join(line for line in text.split("\n") if not line.startswith("#: "))
            if cleaned != text:
                po.write_text(cleaned, encoding="utf-8")
        echo(f"Catalogues updated in {LOCALES_DIR.relative_to(REPO_ROOT)}/ko/LC_MESSAGES")
    return status


def counterpart(pagename: str, language: str) -> str:
    """Relative URL, from page ``pagename`` of the ``language`` edition, of the same page in the other."""
    up = "../" * pagename.count("/")
    return f"../{up}{pagename}.html" if language == "ko" else f"{up}ko/{pagename}.html"


def _page_context(app, pagename, templatename, context, doctree) -> None:
    language = "ko" if (app.config.language or "en").startswith("ko") else "en"
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
    config.krdev_edition_digest = digest.hexdigest()[:16]  # pages are rewritten when this code changes
    # sphinx-multitoc-numbering does not declare parallel safety; Sphinx then reads serially and warns
    # (fatal under -W). Declare the same conservative assumption explicitly: serial read, parallel write.
    extension = app.extensions.get("sphinx_multitoc_numbering")
    if extension is not None and extension.parallel_read_safe is None:
        extension.parallel_read_safe = False


def setup(app):
    app.add_config_value("krdev_edition_digest", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
