"""Launching the notebooks elsewhere: Binder's environment files and the self-bootstrapping first cell."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.bootstrap import CELL_ID, TAGS, cell_source, repository_url

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_bootstraps_from_the_configured_repository(path):
    first = next(c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    assert first.get("id") == CELL_ID, "run tools/bootstrap.py"
    assert "".join(first["source"]) == cell_source(), "the cell is out of date with _config.yml: run tools/bootstrap.py"
    assert first["metadata"].get("tags") == TAGS
    assert repository_url() in "".join(first["source"])


def test_bootstrap_does_nothing_inside_the_repository(tmp_path):
    env = {**os.environ, "KRDEV_REPOSITORY": "git+file:///nonexistent", "KRDEV_HOME": str(tmp_path / "home")}
    env.pop("KRDEV_LIVE_CHARTS", None)
    code = cell_source() + "\nprint(os.environ.get('KRDEV_LIVE_CHARTS'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks", env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    assert not (tmp_path / "home").exists()


def _script(notebook: Path) -> str:
    """The notebook's code cells as one script (what a kernel would run top to bottom)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.slow
def test_a_notebook_copied_alone_installs_the_project_and_runs(tmp_path):
    """An empty folder, a fresh virtual environment and one notebook: the first cell clones the repository
    (here a local clone of the committed tree, through a git+file:// URL), installs it, and the chapter runs."""
    if not shutil.which("git"):
        pytest.skip("git is needed")
    clone = tmp_path / "origin"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(clone)], check=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    alone = tmp_path / "alone"
    alone.mkdir()
    notebook = alone / "regions-at-a-glance.ipynb"
    shutil.copyfile(ROOT / "notebooks" / notebook.name, notebook)
    script = alone / "run.py"
    script.write_text(_script(notebook) + "\nprint('ROWS', len(population), 'SHARE', capital_share)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KRDEV_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(KRDEV_REPOSITORY=f"git+file://{clone}", KRDEV_HOME=str(tmp_path / "home"), MPLBACKEND="Agg")
    result = subprocess.run([str(venv / "bin" / "python"), str(script)], cwd=alone, env=env, capture_output=True,
                            text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert (tmp_path / "home" / "data" / "datapackage.json").exists()
    match = re.search(r"ROWS (\d+) SHARE ([0-9.]+)", result.stdout)
    assert match and int(match.group(1)) > 17 * 20 and 0.3 < float(match.group(2)) < 0.6, result.stdout[-1000:]


def test_binder_environment_files():
    """What Binder (repo2docker) reads: runtime.txt, the pinned requirements.txt, apt.txt and start."""
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert minimum == ">=" + runtime.removeprefix("python-")
    assert f"Python {runtime.removeprefix('python-')}" in (ROOT / "requirements.txt").read_text().splitlines()[0]
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[-1] == "-e .", "the package itself is installed last (repo2docker then copies the repository first)"
    unpinned = [ln for ln in lines[:-1] if "==" not in ln]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    start = ROOT / "start"
    assert os.access(start, os.X_OK) and start.read_text().rstrip().endswith('exec "$@"')
    assert "KRDEV_LIVE_CHARTS=1" in start.read_text()
    packages = (ROOT / "apt.txt").read_text().split()
    if shutil.which("apt-cache"):
        for package in packages:
            shown = subprocess.run(["apt-cache", "show", package], capture_output=True, text=True)
            assert shown.returncode == 0, f"apt.txt names {package}, unknown to Debian"


def test_launch_buttons_point_at_working_routes():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    buttons = config["sphinx"]["config"]["html_theme_options"]["launch_buttons"]
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert buttons["colab_url"] == "https://colab.research.google.com"
    assert config["repository"]["url"] == config["sphinx"]["config"]["html_theme_options"]["repository_url"]
