"""A PDF of every chapter, built with the whole-book PDF by ``make pdf``, and linked from the chapter.

- :func:`setup` (a Sphinx extension): when ``KRDEV_CHAPTER_PDFS`` is set (``make pdf`` sets it), adds
  one LaTeX document per executable chapter (``notebooks/<name>.tex``, Sphinx's "howto" class) next to
  ``book.tex``, so one LaTeX build writes all of them and Jupyter Book's XeLaTeX step compiles all of
  them (Hangul via xeCJK, figures as PNG from vl-convert, exactly as the whole book).
  In every LaTeX document, code cells folded on the page (``hide-input``) are left out (the
  parameters stay), and each chapter's first page carries its citation (the same APA text as the
  "Cite this chapter" box). The chapter documents have no table of contents (:data:`CHAPTER_PREAMBLE`),
  so the title, the citation and the body start on page 1 whatever the chapter's length. Figures keep
  their captions; their source line is part of the picture.
- In the HTML build, a chapter whose PDF exists (``_build/pdf/chapters/<name>.pdf``) links it at the
  top of its page, and the PDF is copied to ``_build/html/pdf/``; without it, there is no link.
- :func:`collect` copies the chapter PDFs out of the LaTeX folder after ``make pdf``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

ENV_FLAG = "KRDEV_CHAPTER_PDFS"
PDF_DIR_NAME = "chapters"


def chapter_title(notebook: Path) -> str:
    """The text of the notebook's first ``# `` heading."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            match = re.search(r"^# (.+)$", text, re.M)
            if match:
                return match.group(1).strip()
    return notebook.stem


def translated_title(srcdir: Path, docname: str, title: str, language: str) -> str:
    """``title`` in ``language``: its translation in the document's catalogue
    (``locales/<language>/LC_MESSAGES/<docname>.po`` in the sources), else the title itself."""
    path = Path(srcdir) / "locales" / language / "LC_MESSAGES" / f"{docname}.po"
    if language == "en" or not path.exists():
        return title
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        message = read_po(handle).get(title)
    return str(message.string) if message is not None and message.string and not message.fuzzy else title


def chapter_documents(srcdir: Path, language: str = "en") -> list[tuple[str, str]]:
    """(docname, title) of every executable chapter in the staged sources, the title in ``language``."""
    return [(f"notebooks/{p.stem}", translated_title(srcdir, f"notebooks/{p.stem}", chapter_title(p), language))
            for p in sorted((srcdir / "notebooks").glob("*.ipynb"))]


def _language(app) -> str:
    return app.config.language or "en"


# Added to the LaTeX preamble of every document; acts only in the chapter documents (the "howto" class):
# no table of contents after the title, so the citation and the body start on page 1 however long the
# chapter is (its sections remain as PDF bookmarks). The whole book (another class) keeps its contents.
CHAPTER_PREAMBLE = r"""
\makeatletter
\@ifclassloaded{sphinxhowto}{\renewcommand{\sphinxtableofcontents}{}}{}
\makeatother
"""


def _config_inited_latex(app, config) -> None:
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "") + CHAPTER_PREAMBLE
    config.latex_elements = elements


def _add_chapter_documents(app, env, docnames) -> None:
    """Runs when reading starts, i.e. after Jupyter Book has set ``latex_documents`` from ``_config.yml``
    (it refuses to adjust a list of several documents, so the chapters are added afterwards)."""
    if not os.environ.get(ENV_FLAG) or app.builder.format != "latex":
        return
    config = app.config
    author = (getattr(config, "krdev_authors", None) or [config.author])[0]
    documents = list(config.latex_documents)
    present = {doc[0] for doc in documents}
    for docname, title in chapter_documents(Path(app.srcdir), _language(app)):
        if docname not in present:
            documents.append((docname, f"{Path(docname).name}.tex", title, author, "howto", False))
    config.latex_documents = documents


def _cell_inputs_to_fold(doctree):
    from docutils import nodes

    for cell in list(doctree.findall(nodes.container)):
        classes = cell.get("classes", [])
        if "cell" in classes and any(c in classes for c in ("tag_hide-input", "tag_remove-input", "tag_hide-cell")):
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    yield cell, child


def _apa_nodes(apa_html: str):
    """The APA string of :func:`krdev.sphinxext.citation` (``<i>`` around the book title) as docutils nodes."""
    from docutils import nodes

    out = []
    for index, part in enumerate(re.split(r"</?i>", apa_html)):
        text = html.unescape(part)
        if text:
            out.append(nodes.emphasis(text=text) if index % 2 else nodes.Text(text))
    return out


def _doctree_resolved(app, doctree, docname) -> None:
    if app.builder.format != "latex":
        return
    from docutils import nodes

    for cell, child in list(_cell_inputs_to_fold(doctree)):
        cell.remove(child)
    language = _language(app)
    chapters = {doc: title for doc, title in chapter_documents(Path(app.srcdir), language)}
    if docname not in chapters or not os.environ.get(ENV_FLAG):
        return
    from krdev import i18n
    from krdev.sphinxext import book_metadata, citation

    meta = book_metadata(app)
    box = nodes.paragraph()
    box += nodes.strong(text=i18n.gettext("Cite this chapter", language) + ": ")
    if language == "ko":  # the Korean edition's reference style first (as in its cite box), its own URL
        from krdev.edition import kci_reference

        box += nodes.Text(html.unescape(kci_reference(meta, chapters[docname], f"{meta['url']}ko/{docname}.html")))
    else:
        box.extend(_apa_nodes(citation(meta, chapters[docname], docname)["apa"]))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None else 0, box)


def pdf_dir(outdir: Path, language: str = "en") -> Path:
    """Where ``make pdf`` leaves the chapter PDFs for an HTML ``outdir``: ``_build/pdf/chapters`` for the
    English edition (``_build/html``), ``_build/pdf/chapters-ko`` for the Korean one (``_build/html/ko``)."""
    if language == "en":
        return Path(outdir).parent / "pdf" / PDF_DIR_NAME
    return Path(outdir).parent.parent / "pdf" / f"{PDF_DIR_NAME}-{language}"


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or not pagename.startswith("notebooks/") or "body" not in context:
        return
    name = pagename.split("/")[-1]
    language = _language(app)
    if not (pdf_dir(app.outdir, language) / f"{name}.pdf").exists():
        return
    from krdev import i18n

    href = "../" * pagename.count("/") + f"pdf/{name}.pdf"
    link = (f'<p class="krdev-chapter-pdf"><a href="{href}" download>{i18n.gettext("PDF of this chapter", language)}</a> '
            f'{i18n.gettext("(figures, captions and sources; code left out)", language)}</p>')
    context["body"] = link + context["body"]


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        source = pdf_dir(app.outdir, _language(app))
        if source.is_dir():
            target = Path(app.outdir) / "pdf"
            target.mkdir(exist_ok=True)
            for pdf in source.glob("*.pdf"):
                shutil.copyfile(pdf, target / pdf.name)


def collect(latex_dir: Path, target: Path) -> list[Path]:
    """Copy the compiled chapter PDFs (every ``*.pdf`` but ``book.pdf``) from ``latex_dir`` to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for pdf in sorted(latex_dir.glob("*.pdf")):
        if pdf.name != "book.pdf":
            shutil.copyfile(pdf, target / pdf.name)
            copied.append(target / pdf.name)
    return copied


def _pdf_state(app) -> str:
    """Which chapter PDFs exist (names and sizes): pages are rewritten when it changes."""
    source = pdf_dir(app.outdir, _language(app))
    return ",".join(f"{p.name}:{p.stat().st_size}" for p in sorted(source.glob("*.pdf"))) if source.is_dir() else ""


def _config_inited_html(app, config) -> None:
    config.krdev_chapter_pdfs = _pdf_state(app)


def setup(app):
    app.add_config_value("krdev_chapter_pdfs", "", "html")
    app.connect("env-before-read-docs", _add_chapter_documents)
    app.connect("config-inited", _config_inited_html)
    app.connect("config-inited", _config_inited_latex)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
