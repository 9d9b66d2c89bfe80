"""Teaching apparatus of the chapters: the key measures computed once in plain pandas beside the
``krdev`` call (and checked against it when the notebook runs), and an exercise answered from the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = [p for p in NOTEBOOKS if p.stem != "data"]

# measure → (chapter, a word of the krdev call the plain-pandas cell is checked against)
KEY_MEASURES = {
    "location quotient": ("industrial-specialisation", "location_quotient"),
    "Theil index": ("inequality-convergence", "theil"),
    "Theil decomposition": ("inequality-convergence", "decomposition"),
    "β-convergence": ("inequality-convergence", "beta"),
    "net migration": ("capital-concentration", "net"),
    "degree centrality": ("municipal-networks", "degree"),
}


def _cells(name: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def plain_pandas_cells(name: str) -> list[str]:
    """The code cells tagged ``plain-pandas`` in a notebook."""
    return [_source(c) for c in _cells(name) if c["cell_type"] == "code"
            and "plain-pandas" in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("measure", KEY_MEASURES)
def test_key_measure_is_shown_in_plain_pandas_and_checked_against_krdev(measure):
    chapter, word = KEY_MEASURES[measure]
    cells = [c for c in plain_pandas_cells(chapter) if word.lower() in c.lower()]
    assert cells, f"{chapter}: no code cell tagged plain-pandas computes the {measure} (mentioning {word!r})"
    for cell in cells:
        assert re.search(r"\bassert\b|assert_allclose|assert_series_equal|assert_frame_equal", cell), \
            f"{chapter}: the plain-pandas {measure} cell does not check its result against the krdev function"
        assert len(cell.strip().splitlines()) <= 20, f"{chapter}: the plain-pandas {measure} cell is long"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_plain_pandas_cells_are_folded_and_introduced(path):
    cells = _cells(path.stem)
    for i, cell in enumerate(cells):
        if "plain-pandas" in cell.get("metadata", {}).get("tags", []):
            assert "hide-input" in cell["metadata"]["tags"], f"{path.name}: plain-pandas cell {i} is not folded"
            assert any(c["cell_type"] == "markdown" for c in cells[max(0, i - 2):i]), \
                f"{path.name}: plain-pandas cell {i} has no sentence introducing it"


def exercises(text: str) -> list[tuple[str, str]]:
    """(exercise, its solution) blocks of a chapter's Markdown, in order."""
    blocks = re.findall(r"```\{(exercise|solution)\}.*?```", text, re.S)
    bodies = re.findall(r"```\{(?:exercise|solution)\}.*?```", text, re.S)
    pairs, current = [], None
    for kind, body in zip(blocks, bodies):
        if kind == "exercise":
            current = body
        elif current is not None:
            pairs.append((current, body))
            current = None
    return pairs


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_an_exercise_answered_from_the_page_with_a_computed_answer(path):
    text = "\n".join(_source(c) for c in _cells(path.stem) if c["cell_type"] == "markdown")
    pairs = exercises(text)
    assert pairs, f"{path.name}: no exercise with a solution"
    from_page = [(e, s) for e, s in pairs if re.search(r":class:[^\n]*\bfrom-the-page\b", e)]
    assert from_page, f"{path.name}: no exercise marked ':class: from-the-page' (answered from the page itself)"
    for exercise, solution in from_page:
        assert "{glue:text}" in solution, f"{path.name}: the from-the-page solution states no computed answer"
        assert "krdev run" not in exercise, f"{path.name}: a from-the-page exercise must not need a re-run"


def test_exercise_pairing_on_a_hand_written_chapter():
    text = ("```{exercise}\n:label: a\n:class: from-the-page\nRead it.\n```\n"
            "```{solution} a\n:class: dropdown\n{glue:text}`x`\n```\n"
            "```{exercise}\nRe-run.\n```\n```{solution}\nDone.\n```\n")
    pairs = exercises(text)
    assert len(pairs) == 2 and "from-the-page" in pairs[0][0] and "glue:text" in pairs[0][1]
