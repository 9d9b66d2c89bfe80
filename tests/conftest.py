"""Shared fixtures: a scratch copy of the data package, and the built site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of ``data/`` that a test may corrupt; returns its path."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def rehash(directory: Path, name: str) -> None:
    """Record the current SHA-256 of resource ``name`` in ``directory``'s descriptor (to reach later checks)."""
    from krdev.data import sha256

    path = directory / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"] == name:
            res["hash"] = "sha256:" + sha256(directory / res["path"])
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture(scope="session")
def built_site():
    """Build the book (reusing the cache: only changed notebooks execute) and return ``_build/html``.

    ``KRDEV_SITE_DIR`` points the site tests at an existing build instead (e.g. a partial book).
    """
    import os

    if os.environ.get("KRDEV_SITE_DIR"):
        return Path(os.environ["KRDEV_SITE_DIR"])
    status = subprocess.call([sys.executable, "-m", "krdev", "build"], cwd=ROOT)
    assert status == 0, "the book build failed; see the output above"
    assert (SITE / "index.html").exists()
    return SITE


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from tests.webcheck import CHROMIUM, CHROMIUM_ARGS

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run tools/setup-system.sh (make test does)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
