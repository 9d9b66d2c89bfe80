"""`make pdf`: the whole book builds as a PDF whose pages show Hangul.

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


@pytest.mark.slow
def test_pdf_of_the_book_shows_hangul(tmp_path):
    missing = [t for t in TOOLS if not shutil.which(t)]
    assert not missing, f"install Debian's texlive-xetex texlive-lang-cjk latexmk poppler-utils (missing {missing})"
    env = {**os.environ, "KRDEV_BUILD_DIR": str(tmp_path / "_build")}
    result = subprocess.run([sys.executable, "-m", "krdev", "pdf"], cwd=ROOT, env=env, capture_output=True, text=True)
    pdf = tmp_path / "_build" / "book.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout[-3000:] + result.stderr[-3000:]
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
