"""Write a notebook from a compact Python description (used by contributors, not by the build).

Usage in a script::

    from tools.nbwrite import md, code, params, write
    write("notebooks/x.ipynb", [md("# Title"), params("year = 2020  # ..."), code("...")])

Cells get no outputs and no execution counts, as the repository requires.
"""

from __future__ import annotations

import nbformat


def md(text: str):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str, tags=("hide-input",)):
    """A code cell; by convention its source is folded on the page (``hide-input``), one click away."""
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def params(text: str):
    """The parameters cell (tagged ``parameters``), shown on the page."""
    return code(text, tags=["parameters"])


def write(path: str, cells) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:02d}"
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8") as handle:
        nbformat.write(nb, handle)
