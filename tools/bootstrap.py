"""Write the self-bootstrapping first code cell into every notebook, from the repository URL in ``_config.yml``.

A notebook opened on its own (e.g. in Colab, or copied out of the repository) installs the book's code
and data package from the repository, then runs; inside the repository the cell does nothing.
Run after changing ``repository.url`` in ``_config.yml`` (a test checks every notebook is up to date)::

    .venv/bin/python tools/bootstrap.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CELL_ID = "bootstrap"
TAGS = ["hide-input", "remove-cell"]  # not shown on the book's pages

TEMPLATE = '''# Running this notebook on its own (Colab, or a copy outside the repository)? This cell installs the book's
# code and data from its repository; inside the repository it does nothing.
import os, pathlib, subprocess, sys
REPOSITORY = os.environ.get("KRDEV_REPOSITORY", "{url}")
if not any((d / "krdev" / "__init__.py").exists() for d in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]):
    home = pathlib.Path(os.environ.get("KRDEV_HOME", pathlib.Path.home() / "krdev-compendium"))
    if not (home / "krdev").exists():
        subprocess.run(["git", "clone", "--depth", "1", REPOSITORY.removeprefix("git+"), str(home)], check=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], cwd=home, check=True)
    sys.path.insert(0, str(home))
    os.environ.setdefault("KRDEV_LIVE_CHARTS", "1")'''


def repository_url(config: Path = ROOT / "_config.yml") -> str:
    return yaml.safe_load(config.read_text(encoding="utf-8"))["repository"]["url"]


def cell_source(url: str | None = None) -> str:
    return TEMPLATE.format(url=url or repository_url())


def first_code_index(cells) -> int:
    """Where the bootstrap cell goes: before the first code cell (after the chapter's title and question)."""
    return next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))


def update(path: Path, source: str) -> bool:
    """Make the bootstrap cell ``path``'s first code cell (replacing an older one); True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    others = [c for c in nb.cells if c.get("id") != CELL_ID]
    existing = [c for c in nb.cells if c.get("id") == CELL_ID]
    index = first_code_index(others)
    if existing and existing[0].source == source and nb.cells[index] is existing[0]:
        return False
    cell = nbformat.v4.new_code_cell(source)
    cell.id = CELL_ID
    cell.metadata["tags"] = list(TAGS)
    nb.cells = others[:index] + [cell] + others[index:]
    nbformat.write(nb, path)
    return True


def main() -> int:
    source = cell_source()
    changed = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if update(p, source)]
    print(f"bootstrap cell updated in {len(changed)} notebook(s): {', '.join(changed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
