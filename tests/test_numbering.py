"""Exercises are numbered per chapter ("Exercise 4.2"), not through the whole book."""

from __future__ import annotations

import re

from krdev.numbering import renumber


def test_renumber_counts_chapters_with_exercises_in_reading_order():
    fignumbers = {
        "intro": {"figure": {"f1": (1,)}},
        "a": {"exercise": {"ex-a1": (1,), "ex-a2": (2,)}, "figure": {"f2": (2,)}},
        "b": {"exercise": {"ex-b2": (4,), "ex-b1": (3,)}},
        "c": {"exercise": {"ex-c1": (5,)}},
    }
    renumber(fignumbers, ["intro", "c", "a", "b"])
    assert fignumbers["c"]["exercise"] == {"ex-c1": (1, 1)}
    assert fignumbers["a"]["exercise"] == {"ex-a1": (2, 1), "ex-a2": (2, 2)}
    assert fignumbers["b"]["exercise"] == {"ex-b1": (3, 1), "ex-b2": (3, 2)}
    assert fignumbers["a"]["figure"] == {"f2": (2,)}  # figures keep Sphinx's numbers


def test_every_chapter_page_numbers_its_exercises_from_one(built_site):
    chapters = set()
    for page in sorted((built_site / "notebooks").glob("*.html")):
        numbers = list(dict.fromkeys(re.findall(r"Exercise (\d+)\.(\d+)", page.read_text(encoding="utf-8"))))
        if not numbers:
            continue
        chapter = {c for c, _ in numbers}
        assert len(chapter) == 1, f"{page.name}: exercises from several chapters {chapter}"
        assert [int(n) for _, n in numbers] == list(range(1, len(numbers) + 1)), f"{page.name}: {numbers}"
        chapters |= chapter
    assert len(chapters) >= 8, chapters
