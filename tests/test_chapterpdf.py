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


def _page(tmp_path, with_pdf: bool):
    outdir = tmp_path / "_build" / "html"
    outdir.mkdir(parents=True)
    if with_pdf:
        (tmp_path / "_build" / "pdf" / "chapters").mkdir(parents=True)
        (tmp_path / "_build" / "pdf" / "chapters" / "sister-cities.pdf").write_bytes(b"%PDF-1.5")
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(outdir))
    context = {"body": "<h1>Sister cities</h1>"}
    chapterpdf._page_context(app, "notebooks/sister-cities", "page.html", context, None)
    return context["body"]


def test_chapter_page_links_its_pdf_only_when_it_exists(tmp_path):
    assert "PDF of this chapter" not in _page(tmp_path / "a", with_pdf=False)
    body = _page(tmp_path / "b", with_pdf=True)
    assert '<a href="../pdf/sister-cities.pdf" download>PDF of this chapter</a>' in body
