"""Chapter PDFs: which documents, the citation on the first page, and the link only when the PDF exists."""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes

from krdev import chapterpdf
from tests.conftest import ROOT


def test_every_notebook_is_a_chapter_document_with_its_title():
    docs = dict(chapterpdf.chapter_documents(ROOT))
    assert set(docs) == {f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert docs["notebooks/regions-at-a-glance"] == "Korea's regions at a glance"


def test_citation_keeps_the_book_title_in_italics():
    parts = chapterpdf._apa_nodes("A (2026). Ch. In <i>Book &amp; more</i> (Version 1). https://x/")
    assert [type(p) for p in parts] == [nodes.Text, nodes.emphasis, nodes.Text]
    assert parts[1].astext() == "Book & more"


def test_korean_chapter_documents_take_the_title_from_the_catalogue(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name, title in [("a", "Sister cities"), ("b", "Networks")]:
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text(
            '{"cells": [{"cell_type": "markdown", "source": ["# %s\\n"]}]}' % title, encoding="utf-8")
    catalogues = tmp_path / "locales" / "ko" / "LC_MESSAGES" / "notebooks"
    catalogues.mkdir(parents=True)
    (catalogues / "a.po").write_text('msgid "Sister cities"\nmsgstr "자매도시"\n', encoding="utf-8")
    (catalogues / "b.po").write_text('#, fuzzy\nmsgid "Networks"\nmsgstr "네트워크"\n', encoding="utf-8")
    assert chapterpdf.chapter_documents(tmp_path, "ko") == [("notebooks/a", "자매도시"), ("notebooks/b", "Networks")]
    assert chapterpdf.chapter_documents(tmp_path) == [("notebooks/a", "Sister cities"), ("notebooks/b", "Networks")]


def test_pdf_folders_of_the_two_editions(tmp_path):
    html = tmp_path / "_build" / "html"
    assert chapterpdf.pdf_dir(html) == tmp_path / "_build" / "pdf" / "chapters"
    assert chapterpdf.pdf_dir(html / "ko", "ko") == tmp_path / "_build" / "pdf" / "chapters-ko"


def _page(tmp_path, with_pdf: bool, language: str = "en"):
    outdir = tmp_path / "_build" / "html"
    outdir.mkdir(parents=True)
    folder = chapterpdf.pdf_dir(outdir / "ko" if language == "ko" else outdir, language)
    if with_pdf:
        folder.mkdir(parents=True)
        (folder / "sister-cities.pdf").write_bytes(b"%PDF-1.5")
    if language == "ko":
        outdir = outdir / "ko"
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(outdir),
                          config=SimpleNamespace(language=language))
    context = {"body": "<h1>Sister cities</h1>"}
    chapterpdf._page_context(app, "notebooks/sister-cities", "page.html", context, None)
    return context["body"]


def test_chapter_page_links_its_pdf_only_when_it_exists(tmp_path):
    assert "PDF of this chapter" not in _page(tmp_path / "a", with_pdf=False)
    body = _page(tmp_path / "b", with_pdf=True)
    assert '<a href="../pdf/sister-cities.pdf" download>PDF of this chapter</a>' in body


def test_korean_chapter_page_links_its_korean_pdf(tmp_path):
    assert "PDF" not in _page(tmp_path / "a", with_pdf=False, language="ko")
    body = _page(tmp_path / "b", with_pdf=True, language="ko")
    assert '<a href="../pdf/sister-cities.pdf" download>이 장의 PDF</a>' in body
