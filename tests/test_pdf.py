"""`make pdf` path: the LaTeX build of one chapter produces a PDF whose pages show Hangul.

The whole-book PDF is built by `make pdf`; the test builds one chapter (same code path, faster) and
checks that the Noto CJK font is embedded, that Hangul is extractable as text, and that a page
rendered to PNG is not blank.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

TOOLS = ("xelatex", "pdftotext", "pdftoppm", "pdffonts")


@pytest.mark.slow
def test_pdf_of_one_chapter_shows_hangul(tmp_path):
    missing = [t for t in TOOLS if not shutil.which(t)]
    assert not missing, f"install Debian's texlive-xetex texlive-lang-cjk latexmk poppler-utils (missing {missing})"
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "regions-at-a-glance.ipynb", notebooks)
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/glossary\nchapters:\n  - file: notebooks/regions-at-a-glance\n",
                   encoding="utf-8")
    env = {**os.environ, "KRDEV_NOTEBOOKS_DIR": str(notebooks), "KRDEV_BUILD_DIR": str(tmp_path / "_build"),
           "KRDEV_TOC": str(toc)}
    result = subprocess.run([sys.executable, "-m", "krdev", "pdf"], cwd=ROOT, env=env, capture_output=True, text=True)
    pdf = tmp_path / "_build" / "book.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts or "NotoSansCJK" in fonts, fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "수도권" in text and "시도" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    ink = [sum(1 for px in Image.open(p).convert("L").getdata() if px < 128) for p in pages]
    assert max(ink) > 1000, "rendered pages are blank"
