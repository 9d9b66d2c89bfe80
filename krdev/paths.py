"""Where things are (kept free of heavy imports: the Sphinx extension and the runner use it)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder: ``$KRDEV_DATA_DIR`` if set, else ``data/`` in the repository."""
    return Path(os.environ.get("KRDEV_DATA_DIR", REPO_ROOT / "data")).resolve()
