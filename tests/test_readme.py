"""The README's first screen: where the book is, how to cite and print, how to re-run, then the two commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = README.splitlines()[:30]


def paragraph(label: str) -> list[str]:
    lines = README.split("\n\n")
    found = [p for p in lines if p.startswith(f"**{label}**")]
    assert len(found) == 1, f"README has no single paragraph starting with **{label}**"
    return found[0].splitlines()


def test_reader_teacher_researcher_in_that_order_each_at_most_three_lines():
    intro = README[:README.index("## The two commands")]
    labels = ["Read it.", "Teach with it.", "Re-run a chapter."]
    positions = [intro.index(f"**{label}**") for label in labels]
    assert positions == sorted(positions)
    for label in labels:
        assert len(paragraph(label)) <= 3, label
    assert "make serve" in " ".join(paragraph("Read it."))
    teach = " ".join(paragraph("Teach with it."))
    assert "Cite this chapter" in teach and ".pdf" in teach


def test_the_two_commands_are_on_the_first_screen():
    screen = "\n".join(FIRST_SCREEN)
    assert re.search(r"^make book\b", screen, re.M) and re.search(r"^make test\b", screen, re.M)


def test_the_teacher_finds_the_cite_box_and_the_print_button_on_a_chapter(built_site):
    page = (built_site / "notebooks" / "regions-at-a-glance.html").read_text(encoding="utf-8")
    assert "Cite this chapter" in page
    assert 'onclick="window.print()"' in page and "btn-download-pdf-button" in page


@pytest.mark.slow
def test_the_first_screen_rerun_command_works(tmp_path):
    text = " ".join(paragraph("Re-run a chapter."))
    command = re.findall(r"`(\.venv/bin/python -m krdev run [^`]+)`", text)
    assert len(command) == 1
    args = shlex.split(command[0])
    out = tmp_path / "rerun.ipynb"
    args[args.index("-o") + 1] = str(out)
    result = subprocess.run([sys.executable, *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.exists()
