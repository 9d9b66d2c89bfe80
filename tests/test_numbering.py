"""Exercises are numbered per chapter ("Exercise 4.2"), not through the whole book."""

from __future__ import annotations

import re

import pytest

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


@pytest.mark.parametrize("fast", [False, True])
def test_numref_reads_each_referenced_doctree_once(tmp_path, monkeypatch, fast):
    """Sphinx reads the referenced document's whole doctree for every ``numref``; the book's domain
    (``sphinxext.numref_domain``) reads it once per build and gives the same figure numbers."""
    from sphinx.cmd.build import build_main
    from sphinx.environment import BuildEnvironment

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "numfig = True\nextensions = ['numref_once']\n" if fast else "numfig = True\n", encoding="utf-8")
    (src / "numref_once.py").write_text(
        "from krdev.sphinxext import numref_domain\n\ndef setup(app):\n"
        "    app.add_domain(numref_domain(), override=True)\n    return {'parallel_read_safe': True}\n", encoding="utf-8")
    (src / "index.rst").write_text("Book\n====\n\n.. toctree::\n\n   a\n   b\n", encoding="utf-8")
    (src / "a.rst").write_text("A\n=\n\n.. _fig-one:\n\n.. figure:: pic.png\n\n   One\n\n"
                               ".. _fig-two:\n\n.. figure:: pic.png\n\n   Two\n", encoding="utf-8")
    (src / "b.rst").write_text("B\n=\n\nSee :numref:`fig-one`, :numref:`fig-two` and :numref:`fig-one` again.\n",
                               encoding="utf-8")
    (src / "pic.png").write_bytes(b"")
    reads: list[str] = []
    original = BuildEnvironment.get_doctree

    def counting(self, docname):
        reads.append(docname)
        return original(self, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    monkeypatch.syspath_prepend(str(src))
    assert build_main(["-q", "-b", "html", str(src), str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "b.html").read_text(encoding="utf-8")
    assert "Fig. 1" in html and "Fig. 2" in html
    assert reads.count("a") == (1 if fast else 3) + 1  # the numrefs' reads, and its own page's writing


def test_quick_make_document_gives_independent_documents_with_default_settings():
    """The build's stand-in for MyST's ``make_document`` (``sphinxext.quick_make_document``): each
    document gets docutils' default settings, and its own copy of them."""
    import myst_parser.mdit_to_docutils.base as base
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser

    from krdev.sphinxext import quick_make_document

    make = quick_make_document()
    first, second = make("a.md"), make("b.md")
    def plain(settings):  # DependencyList has no equality of its own
        return {k: v for k, v in vars(settings).items() if k != "record_dependencies"}

    assert plain(first.settings) == plain(get_default_settings(RSTParser)) == plain(base.make_document().settings)
    assert first.settings.record_dependencies is not second.settings.record_dependencies
    first.settings.report_level = 5
    first.settings.warning_stream = None
    assert second.settings.report_level == get_default_settings(RSTParser).report_level
    assert make().settings.report_level != 5 and first.settings is not second.settings
    assert first["source"] == "a.md"


def test_bibtex_plugins_are_registered_as_their_entry_points_name_them():
    """``sphinxext.register_bibtex_plugins``: pybtex then finds each plugin without scanning the
    installed packages, and finds the same class as before."""
    from importlib.metadata import entry_points

    import pybtex.plugin as plugin

    from krdev.sphinxext import register_bibtex_plugins

    expected = {("pybtex.style.formatting", "plain"), ("pybtex.backends", "plaintext"), ("pybtex.backends", "html")}
    assert register_bibtex_plugins() >= len(expected)
    for group, name in expected:
        point = next(iter(entry_points(group=group, name=name)))
        assert plugin._RUNTIME_PLUGINS[group][name] is point.load()
        assert plugin.find_plugin(group, name) is point.load()
