"""`make pdf`: the whole book and every chapter build as PDFs whose pages show Hangul.

The test runs the same command as `make pdf` in a private build folder, then checks that the Noto CJK
font is embedded, that Hangul is extractable as text, and that pages rendered to PNG are not blank.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

TOOLS = ("xelatex", "pdftotext", "pdftoppm", "pdffonts", "pdfinfo")


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    """``make pdf`` once, in a private build folder; returns that ``_build``."""
    missing = [t for t in TOOLS if not shutil.which(t)]
    assert not missing, f"install Debian's texlive-xetex texlive-lang-cjk latexmk poppler-utils (missing {missing})"
    build = tmp_path_factory.mktemp("pdf") / "_build"
    env = {**os.environ, "KRDEV_BUILD_DIR": str(build)}
    result = subprocess.run([sys.executable, "-m", "krdev", "pdf"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and (build / "book.pdf").exists(), result.stdout[-3000:] + result.stderr[-3000:]
    return build


def _text(pdf, *pages) -> str:
    limits = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *limits, str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.slow
@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_chapter_has_its_own_pdf(pdf_build, notebook):
    """Opens, has the chapter's title and its citation on page 1, Hangul as text, every figure, no code."""
    from krdev.chapterpdf import chapter_title

    pdf = pdf_build / "pdf" / "chapters" / f"{notebook.stem}.pdf"
    assert pdf.exists(), f"no PDF for {notebook.name}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    first = _text(pdf, 1)
    squeezed = "".join(first.split())  # pdftotext spaces Hangul unpredictably ("수 도권집중")
    assert "".join(chapter_title(notebook).split()) in squeezed
    assert "Citethischapter" in squeezed and "KoreanRegionalDevelopment" in squeezed
    text = _text(pdf)
    assert re.search(r"[가-힣]", text), "no extractable Hangul"
    source = notebook.read_text(encoding="utf-8")
    figures = len(re.findall(r"\{glue:figure\}", source))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    n_images = sum(1 for line in images.splitlines()[2:] if " image " in line)
    assert n_images >= figures, f"{notebook.name}: {figures} figures on the page, {n_images} images in the PDF"
    assert "charts.setup()" not in text and "import krdev" not in text, "folded code cells must be left out"


@pytest.mark.slow
def test_pdf_of_the_book_shows_hangul(pdf_build, tmp_path):
    pdf = pdf_build / "book.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts or "NotoSansCJK" in fonts, fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "수도권" in text and "시도" in text and "혁신도시" in text
    n_pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout).group(1))
    assert n_pages > 100, f"the whole book should be long, got {n_pages} pages"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    ink = [sum(Image.open(p).convert("L").histogram()[:128]) for p in pages]  # dark pixels per page
    assert max(ink) > 1000, "rendered pages are blank"


HANGUL_WORDS = re.compile(r"[가-힣]+ [가-힣]+")  # two Hangul words separated by a space


@pytest.mark.slow
@pytest.mark.parametrize("name", __import__("krdev.edition", fromlist=["x"]).KOREAN_NOTEBOOKS)
def test_every_korean_chapter_has_its_own_pdf(pdf_build, name):
    """The Korean edition's chapter PDF: its Korean title and Korean citation on page 1, Korean word
    spacing kept (xeCJK would otherwise run Korean words together), every figure, no folded code."""
    from krdev.chapterpdf import chapter_documents

    title = dict(chapter_documents(pdf_build / "pdf" / "src-ko", "ko"))[f"notebooks/{name}"]
    assert re.search(r"[가-힣]", title), f"{name}: the Korean title is missing from its catalogue"
    pdf = pdf_build / "pdf" / "chapters-ko" / f"{name}.pdf"
    assert pdf.exists(), f"no Korean PDF for {name}"
    first = _text(pdf, 1)
    squeezed = "".join(first.split())
    assert "".join(title.split()) in squeezed and "이장인용하기" in squeezed and "Citethischapter" not in squeezed
    assert len(HANGUL_WORDS.findall(first)) >= 20, f"{name}: Korean words run together on page 1:\n{first[:500]}"
    text = _text(pdf)
    source = (ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    figures = len(re.findall(r"\{glue:figure\}", source))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert sum(1 for line in images.splitlines()[2:] if " image " in line) >= figures
    assert "charts.setup()" not in text and "import krdev" not in text


@pytest.mark.slow
def test_korean_pdf_of_the_book(pdf_build):
    pdf = pdf_build / "book-ko.pdf"
    assert pdf.exists(), "make pdf wrote no Korean book PDF"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts or "NotoSansCJK" in fonts, fonts
    n_pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout).group(1))
    assert n_pages > 100, f"the whole Korean book should be long, got {n_pages} pages"
    text = _text(pdf)
    assert "학습 목표" in text and "이 장 인용하기" in " ".join(text.split())
    assert len(HANGUL_WORDS.findall(text)) > 1000
