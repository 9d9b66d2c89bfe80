"""Sphinx extension: exercises numbered per chapter ("Exercise 4.2"), not 1–28 across the book.

``sphinx-exercise`` takes an exercise's number from Sphinx's figure numbering
(``env.toc_fignumbers[docname]["exercise"]``), which, in an unnumbered table of contents, counts
through the whole book. After Sphinx has assigned the numbers, :func:`renumber` replaces them by
``(chapter, n)``: chapters are the documents that contain exercises, counted in reading order (the
order of the table of contents), and ``n`` counts the exercises within the chapter. Solutions and
``{ref}``/``{numref}`` references read the same table, so they follow.
"""

from __future__ import annotations


def reading_order(env) -> list[str]:
    """Every document in the order a reader meets it (depth first through the toctrees)."""
    order, seen = [], set()

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order


def renumber(fignumbers: dict, order: list[str], figtype: str = "exercise") -> dict:
    """``{docname: {figtype: {id: (chapter, n)}}}`` with chapters counted among documents having ``figtype``.

    Within a chapter the existing relative order of the numbers is kept.
    """
    chapter = 0
    for doc in order:
        numbers = fignumbers.get(doc, {}).get(figtype)
        if not numbers:
            continue
        chapter += 1
        ranked = sorted(numbers, key=lambda label: numbers[label])
        fignumbers[doc][figtype] = {label: (chapter, i) for i, label in enumerate(ranked, start=1)}
    return fignumbers


def _env_get_updated(app, env) -> list[str]:
    before = {doc: dict(n.get("exercise", {})) for doc, n in env.toc_fignumbers.items()}
    renumber(env.toc_fignumbers, reading_order(env))
    return [doc for doc, n in env.toc_fignumbers.items() if n.get("exercise") and n.get("exercise") != before.get(doc)]


def setup(app):
    # priority 900: after Sphinx's own TocTreeCollector has assigned the book-wide numbers (priority 500)
    app.connect("env-get-updated", _env_get_updated, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
