"""Notebooks: clean in git, parameterised, deterministic; a failing notebook fails the build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from krdev import runner
from tests.conftest import ROOT

NOTEBOOKS = runner.list_notebooks(ROOT / "notebooks")


def test_jupyter_book_is_the_1x_line():
    from importlib.metadata import version

    assert version("jupyter-book").split(".")[0] == "1"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_git_has_no_outputs(path):
    tracked = subprocess.run(["git", "ls-files", str(path)], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert not runner._has_outputs(path), f"{path.name} carries outputs or execution counts; strip them"
    assert tracked or True  # untracked notebooks are checked too
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_a_documented_parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    lines = [line for line in "".join(cells[0]["source"]).splitlines() if line.strip() and "=" in line]
    assert lines and all("#" in line for line in lines), "every parameter needs a comment"
    source = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "params.validate(" in source
    assert "pd.read_csv" not in source and "read_file(" not in source, "load data through krdev.data"


def test_cache_key_changes_with_source_and_parameters(tmp_path):
    path = NOTEBOOKS[0]
    key = runner.cache_key(path, {}, "env")
    assert key == runner.cache_key(path, {}, "env")
    assert key != runner.cache_key(path, {"a": 1}, "env")
    assert key != runner.cache_key(path, {}, "other-env")
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# changed\n"
    changed = tmp_path / path.name
    changed.write_text(json.dumps(nb), encoding="utf-8")
    assert runner.cache_key(changed, {}, "env") != key
    # outputs do not change the key
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [{"output_type": "stream", "name": "stdout", "text": "x"}], 3
    with_outputs = tmp_path / "with_outputs.ipynb"
    with_outputs.write_text(json.dumps(nb), encoding="utf-8")
    assert runner.source_digest(with_outputs) == runner.source_digest(path)


def _broken_notebook(directory: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1  # fine", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("raise ValueError('deliberately broken for the test')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = directory / "broken.ipynb"
    nbformat.write(nb, path)
    return path


def _env_with_broken_notebook(tmp_path: Path) -> dict:
    """Environment pointing the runner at a folder holding only a broken notebook, and a private build."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _broken_notebook(notebooks)
    return {**__import__("os").environ, "KRDEV_NOTEBOOKS_DIR": str(notebooks), "KRDEV_BUILD_DIR": str(tmp_path / "_build")}


@pytest.mark.slow
def test_a_failing_notebook_fails_the_build_and_is_named(tmp_path):
    env = _env_with_broken_notebook(tmp_path)
    result = subprocess.run([sys.executable, "-m", "krdev", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "broken.ipynb" in result.stdout and "ValueError" in result.stdout and "cell 1" in result.stdout
    assert "deliberately broken" in result.stdout
    assert not (tmp_path / "_build" / "html").exists(), "the book must not be built after a failure"


@pytest.mark.slow
def test_make_book_fails_on_a_broken_notebook(tmp_path):
    """The README command itself: `make book` exits non-zero and names the notebook."""
    env = _env_with_broken_notebook(tmp_path)
    result = subprocess.run(["make", "book"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "broken.ipynb" in result.stdout


@pytest.mark.slow
def test_execution_is_deterministic(built_site, tmp_path):
    """Every notebook executed again gives byte-identical output to the copy the book was built from.

    Each chapter runs here in a fresh kernel per language, while the build runs its Korean pass in
    the kernel of its English one, and a build worker's next chapter in the same kernel again
    (``runner.execute_passes``): the equality shows that a reset kernel computes what a fresh one
    computes (nothing of one run leaks into the next)."""
    from krdev import edition

    build = runner.BUILD_DIR
    for language, built in ((None, runner.EXECUTED_DIR), ("ko", build / "executed-ko")):
        if language and not edition.enabled():
            continue
        out = tmp_path / (language or "en")
        paths = [p for p in NOTEBOOKS if not language or p.stem in edition.KOREAN_NOTEBOOKS]
        results = runner.execute_all(paths, force=True, passes=[runner.Pass(language, out, out / "cache")],
                                     fresh_kernels=True, echo=lambda *a: None)
        assert all(r.status == "executed" for r in results), [r.error for r in results if r.error]
        differing = [p.name for p in paths
                     if (out / "notebooks" / p.name).read_bytes() != (built / "notebooks" / p.name).read_bytes()]
        assert not differing, f"outputs ({language or 'en'}) differ between two executions: {differing}"


def test_a_second_pass_in_one_kernel_starts_from_a_clean_slate(tmp_path):
    """Two passes of one notebook in one kernel (as the build runs a chapter for each edition, and a
    worker's next chapter): the second sees none of the first's variables, records, options or
    display formatters, and numbers its cells from 1, as a fresh kernel would."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\nimport pandas as pd\nfrom krdev import figuredata\n"
                                  "html = get_ipython().display_formatter.formatters['text/html']\n"
                                  "print(os.environ.get('KRDEV_LANG'), 'leftover' in dir(), figuredata.loaded_resources(),"
                                  " pd.get_option('display.max_colwidth'), pd.DataFrame in html.type_printers)"),
        nbformat.v4.new_code_cell("leftover = 1\nfiguredata.record_resource('regions')\n"
                                  "pd.set_option('display.max_colwidth', None)\nhtml.for_type(pd.DataFrame, lambda df: 'x')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "probe.ipynb"
    nbformat.write(nb, source)
    first, second = tmp_path / "en" / "probe.ipynb", tmp_path / "ko" / "probe.ipynb"
    seconds = runner.execute_passes(source, [(None, first), ("ko", second)])
    assert len(seconds) == 2
    runs = [json.loads(p.read_text(encoding="utf-8"))["cells"] for p in (first, second)]
    printed = ["".join(cells[0]["outputs"][0]["text"]).split() for cells in runs]
    assert printed[0][1:] == ["False", "[]", "50", "False"]
    # no variable, record, pandas option or display formatter left by the first pass
    assert printed[1] == ["ko", "False", "[]", "50", "False"]
    assert [c["execution_count"] for c in runs[1]] == [1, 2]


def test_run_state_of_the_package_is_reset_between_passes():
    """The only module-level state that notebooks change is the one :func:`figuredata.reset` clears:
    any other module-level list, dict or set mutated by a function would leak from one edition's run
    of a chapter into the other's."""
    import ast

    from krdev import figuredata

    mutators = {"append", "extend", "add", "update", "clear", "setdefault", "pop", "insert", "remove", "discard"}
    leaking = []
    for path in sorted((ROOT / "krdev").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if path.relative_to(ROOT / "krdev").parts[0] in runner.SITE_ONLY:
            continue  # build-time modules never run in a kernel (tested in test_integrity)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        containers = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                      for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                      if isinstance(t, ast.Name) and isinstance(node.value, (ast.List, ast.Dict, ast.Set, ast.Call))
                      and not (isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") not in {"list", "dict", "set"})}
        for node in ast.walk(tree):
            target = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in mutators:
                target = node.func.value
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    if isinstance(t, ast.Subscript):
                        target = t.value
            if isinstance(target, ast.Name) and target.id in containers and any(
                    isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and node in list(ast.walk(f)) for f in tree.body):
                leaking.append(f"{module}.{target.id}")
    reset_clears = {"krdev.figuredata._LOADED", "krdev.figuredata._PARAMETERS"}
    assert set(leaking) == reset_clears, sorted(set(leaking))
    figuredata.record_resource("regions")
    figuredata.record_parameters({"x": 1})
    figuredata.reset()
    assert figuredata.loaded_resources() == [] and figuredata.parameters_in_force() == {}


@pytest.mark.slow
def test_cli_run_with_parameters_and_errors(tmp_path):
    path = "notebooks/regions-at-a-glance.ipynb"
    out = tmp_path / "glance-2000.ipynb"
    ok = subprocess.run([sys.executable, "-m", "krdev", "run", path, "-p", "population_year", "2000", "-o", str(out)],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    text = out.read_text(encoding="utf-8")
    assert "population_year = 2000" in text and "Registered population by 시도, 2000" in text
    unknown = subprocess.run([sys.executable, "-m", "krdev", "run", path, "-p", "popultion_year", "2000"],
                             cwd=ROOT, capture_output=True, text=True)
    assert unknown.returncode == 2 and "popultion_year" in unknown.stderr and "population_year" in unknown.stderr
    out_of_range = subprocess.run([sys.executable, "-m", "krdev", "run", path, "-p", "population_year", "1980"],
                                  cwd=ROOT, capture_output=True, text=True)
    from krdev.params import year_ranges

    lo, hi = year_ranges("regions-at-a-glance")["population_year"]  # the years of the data
    assert out_of_range.returncode == 2 and f"{lo}–{hi}" in out_of_range.stderr
    bad_code = subprocess.run([sys.executable, "-m", "krdev", "run", path, "-p", "capital_region", "11,41"],
                              cwd=ROOT, capture_output=True, text=True)
    assert bad_code.returncode == 2 and "'41'" in bad_code.stderr


def test_cli_list_shows_parameters():
    result = subprocess.run([sys.executable, "-m", "krdev", "list"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "population_year = 2025" in result.stdout and "base_year = 2015" in result.stdout


def _toc_notebooks() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("file", "")).startswith("notebooks/"):
                found.append(node["file"].split("/")[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def test_every_notebook_is_in_the_table_of_contents():
    assert sorted(_toc_notebooks()) == sorted(p.stem for p in NOTEBOOKS)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem != "data"], ids=lambda p: p.name)
def test_chapter_has_the_teaching_apparatus(path):
    """Objectives first, takeaways and 2–4 exercises with solutions last, one of them a re-run with
    `python -m krdev run`; sources cited and Korean terms linked to the glossary."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Learning objectives" in "".join(nb["cells"][0]["source"])
    assert "## Key takeaways" in text
    exercises = text.count("```{exercise}")
    assert 2 <= exercises <= 4 and text.count("```{solution}") == exercises
    assert "python -m krdev run notebooks/" in text
    assert "{cite" in text and "{term}" in text
    assert "{glue:figure}" in text, "figures are glued with caption and name"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figure_captions_carry_no_roles(path):
    """A citation or glossary link inside a figure caption breaks the LaTeX build (hyperref in a
    moving argument): cite in the paragraph instead."""
    import re

    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for block in re.findall(r"```\{glue:figure\}.*?```", "".join(cell["source"]), re.S):
            assert "{cite" not in block and "{term}" not in block, block[:120]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_is_folded_but_parameters_are_shown(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            assert ("parameters" in tags) != ("hide-input" in tags), "".join(cell["source"])[:80]


def test_site_only_modules_are_not_used_by_notebooks_or_what_they_import():
    """Files left out of the notebooks' cache key must not change what a notebook computes: no notebook
    and no module a notebook can reach imports them."""
    import re

    from krdev.runner import SITE_ONLY

    modules = {name.removesuffix(".py") for name in SITE_ONLY if name.endswith(".py")}
    pattern = re.compile(r"(?:from krdev(?:\.(\w+))? import ([\w, ]+)|import krdev\.(\w+))")

    def imported(text: str) -> set[str]:
        found = set()
        for sub, names, direct in pattern.findall(text):
            found |= {sub} if sub else {n.strip() for n in names.split(",")}
            found |= {direct} if direct else set()
        return found & modules

    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert not imported(code), f"{path.name} imports site-only modules {imported(code)}"
    site_side = modules | {"runner", "__init__"}
    for module in sorted((ROOT / "krdev").rglob("*.py")):
        if module.stem in site_side:
            continue
        used = imported(module.read_text(encoding="utf-8"))
        assert not used, f"krdev/{module.relative_to(ROOT / 'krdev')} imports site-only modules {used}"
    assert imported("from krdev import charts, webpage") == {"webpage"}  # the check itself bites


def test_kernel_settings_do_not_leak_into_the_build_process(tmp_path, monkeypatch):
    """The kernels run with numba's compiler off and the language of their pass; the process that
    runs them (the build, or the test suite, which imports numba with its compiler on) keeps its own
    environment."""
    import os

    import nbformat

    monkeypatch.delenv("NUMBA_DISABLE_JIT", raising=False)
    monkeypatch.delenv("KRDEV_LANG", raising=False)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('NUMBA_DISABLE_JIT'), os.environ.get('KRDEV_LANG'))")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "probe.ipynb"
    nbformat.write(nb, source)
    runner.execute_passes(source, [("ko", tmp_path / "out" / "probe.ipynb")])
    cells = json.loads((tmp_path / "out" / "probe.ipynb").read_text(encoding="utf-8"))["cells"]
    assert "".join(cells[0]["outputs"][0]["text"]).split() == ["1", "ko"]
    assert "NUMBA_DISABLE_JIT" not in os.environ and "KRDEV_LANG" not in os.environ
