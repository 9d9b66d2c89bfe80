"""Build integrity: every fault injected here ends in a non-zero exit that names the culprit, or in a
correct and complete book, never in a wrong book with exit status 0 (issue 11).

Fast tests call the functions (or the CLI where it stops before any kernel starts); the tests marked
``slow`` build a one-chapter book from a probe notebook in a private build folder.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from krdev import data, params, runner
from krdev import errors as E
from krdev.build_data import accept, build as build_data
from tests.conftest import ROOT

PROBE_VALUE = 4321


# ------------------------------------------------------------------ helpers: a probe notebook and book


def _probe_notebook(directory: Path, *, glue_key: str = "probe_value", name: str = "probe") -> Path:
    """A chapter that (optionally) signals it started, sleeps ``$KRDEV_TEST_SLEEP`` seconds, glues a value."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Probe chapter\n\nThe glued value is {{glue:text}}`{glue_key}`.\n"),
        nbformat.v4.new_code_cell("rows = 3  # rows", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, pathlib, time\n"
            "from myst_nb import glue\n"
            "if os.environ.get('KRDEV_TEST_MARKER'):\n"
            "    pathlib.Path(os.environ['KRDEV_TEST_MARKER']).write_text('started')\n"
            "time.sleep(float(os.environ.get('KRDEV_TEST_SLEEP', '0')))", metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_code_cell(f"glue('probe_value', {PROBE_VALUE}, display=False)", metadata={"tags": ["hide-input"]}),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _probe_book(tmp_path: Path, **kwargs) -> dict:
    """Environment for a private one-chapter book: its notebooks, table of contents and build folder."""
    _probe_notebook(tmp_path / "notebooks", **kwargs)
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: notebooks/probe\n", encoding="utf-8")
    return {**os.environ, "KRDEV_NOTEBOOKS_DIR": str(tmp_path / "notebooks"), "KRDEV_TOC": str(toc),
            "KRDEV_BUILD_DIR": str(tmp_path / "_build"), "KRDEV_TEST_SLEEP": "0"}


def _build(env: dict, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "krdev", "build", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _processes_of(build_dir: str) -> list[int]:
    """Live processes (workers, kernels) whose environment names this build folder (Linux /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and f"KRDEV_BUILD_DIR={build_dir}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                if "State:\tZ" not in (proc / "status").read_text():
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


def _page(env: dict) -> str:
    return (Path(env["KRDEV_BUILD_DIR"]) / "html" / "notebooks" / "probe.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 1. interrupted execution


def test_incomplete_outputs_are_recognised(tmp_path):
    source = _probe_notebook(tmp_path)
    nb = json.loads(source.read_text(encoding="utf-8"))
    executed = tmp_path / "executed.ipynb"

    def write(cells_update):
        copy = json.loads(json.dumps(nb))
        for index, cell in enumerate(copy["cells"]):
            if cell["cell_type"] == "code":
                cell["execution_count"] = index
        cells_update(copy["cells"])
        executed.write_text(json.dumps(copy), encoding="utf-8")
        return runner.incomplete(executed, source)

    assert write(lambda cells: None) == ""
    assert "never executed" in write(lambda cells: cells[3].update(execution_count=None))  # killed before the last cell
    assert "error output" in write(lambda cells: cells[3].update(outputs=[
        {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}]))
    assert "does not have the cells" in write(lambda cells: cells.pop())  # truncated notebook
    executed.write_text('{"cells": [', encoding="utf-8")  # a file cut while written
    assert "cannot be read" in runner.incomplete(executed, source)


def test_a_record_describes_only_the_output_it_was_written_for(tmp_path):
    source = _probe_notebook(tmp_path)
    output, cache = tmp_path / "out" / "probe.ipynb", tmp_path / "cache"
    output.parent.mkdir()
    output.write_text("complete\n", encoding="utf-8")
    cache.mkdir()
    runner._cache_file(source, cache).write_text(json.dumps({"key": "k", "output": runner._sha256(output)}))
    assert runner.is_cached(source, "k", output, cache)
    output.write_text("partial (a run killed after the record was written)\n", encoding="utf-8")
    assert not runner.is_cached(source, "k", output, cache)
    runner._cache_file(source, cache).write_text('{"key": "k"')  # a record cut while written
    assert not runner.is_cached(source, "k", output, cache)


def test_leftovers_of_interrupted_and_failed_runs_are_removed(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    kept = [folder / "probe.failed.ipynb"]
    removed = [folder / ".probe.1234.partial.ipynb", folder / "gone.failed.ipynb"]
    for path in kept + removed:
        path.write_text("{}", encoding="utf-8")
    runner.remove_leftovers(folder, [tmp_path / "probe.ipynb"])
    assert all(p.exists() for p in kept) and not any(p.exists() for p in removed)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_killed_mid_execution_is_never_published_half_done(tmp_path, signum):
    """Build, then force a re-execution and kill it while the notebook runs, then build again: the
    second build must execute the notebook again and publish the complete chapter."""
    env = _probe_book(tmp_path)
    first = _build(env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert str(PROBE_VALUE) in _page(env)
    marker = tmp_path / "started"
    slow = {**env, "KRDEV_TEST_SLEEP": "120", "KRDEV_TEST_MARKER": str(marker)}
    process = subprocess.Popen([sys.executable, "-m", "krdev", "build", "--force"], cwd=ROOT, env=slow,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert marker.exists(), "the probe notebook never started"
    time.sleep(1.0)
    process.send_signal(signum)
    out, _ = process.communicate(timeout=120)
    assert process.returncode != 0, out
    if signum == signal.SIGTERM:
        assert "interrupted by SIGTERM" in out
    executed = Path(env["KRDEV_BUILD_DIR"]) / "executed" / "notebooks"
    deadline = time.time() + 30  # the workers die with the runner (parent-death signal), their kernels follow
    while _processes_of(env["KRDEV_BUILD_DIR"]) and time.time() < deadline:
        time.sleep(0.5)
    assert not _processes_of(env["KRDEV_BUILD_DIR"]), "workers or kernels outlived the killed build"
    assert not list(executed.glob(".*.partial.ipynb")), "the partial output is removed"
    again = _build(env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "executed  probe.ipynb" in again.stdout, "the interrupted notebook must run again"
    assert runner.incomplete(executed / "probe.ipynb", tmp_path / "notebooks" / "probe.ipynb") == ""
    assert str(PROBE_VALUE) in _page(env)
    assert not list(executed.glob(".*.partial.ipynb")), "partial outputs are cleaned up"


# ------------------------------------------------------------------ 2. run -o onto sources


@pytest.mark.parametrize("target", ["notebooks/regions-at-a-glance.ipynb", "notebooks/new.ipynb", "data/x.ipynb",
                                    "book/x.ipynb", "krdev/x.ipynb", "README.md", "references.ipynb"])
def test_run_refuses_outputs_among_the_sources(target):
    with pytest.raises(E.OutputError) as info:
        runner.check_output_path(ROOT / target, ROOT / "notebooks" / "regions-at-a-glance.ipynb")
    assert target.split("/")[-1] in str(info.value)


def test_run_refuses_to_overwrite_unless_told(tmp_path):
    source = ROOT / "notebooks" / "regions-at-a-glance.ipynb"
    existing = tmp_path / "mine.ipynb"
    existing.write_text("{}", encoding="utf-8")
    with pytest.raises(E.OutputError, match="exists; pass --overwrite"):
        runner.check_output_path(existing, source)
    assert runner.check_output_path(existing, source, overwrite=True) == existing.resolve()
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(E.OutputError, match="is a file, not a folder"):
        runner.check_output_path(blocker / "out.ipynb", source)


def test_cli_run_onto_the_source_notebook_is_refused_and_changes_nothing():
    path = ROOT / "notebooks" / "regions-at-a-glance.ipynb"
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "krdev", "run", str(path.relative_to(ROOT)), "-p", "population_year",
                             "2000", "-o", str(path.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "regions-at-a-glance.ipynb" in result.stderr and "source" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.slow
def test_an_unwritable_output_is_named_not_blamed_on_a_cell(tmp_path):
    source = _probe_notebook(tmp_path)
    with pytest.raises(E.OutputError) as info:
        runner.execute(source, Path("/proc/krdev-probe/out.ipynb"))
    assert "/proc/krdev-probe" in str(info.value)


# ------------------------------------------------------------------ 3. a failed Sphinx build fails again


@pytest.mark.slow
def test_a_broken_glue_key_fails_every_build_until_fixed(tmp_path):
    env = _probe_book(tmp_path, glue_key="no_such_key")
    for attempt in (1, 2):
        result = _build(env)
        assert result.returncode != 0, f"build {attempt} passed with a missing glue key"
        assert "no_such_key" in result.stdout + result.stderr
    _probe_notebook(tmp_path / "notebooks")  # the fix
    fixed = _build(env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert str(PROBE_VALUE) in _page(env)
    page = Path(env["KRDEV_BUILD_DIR"]) / "html" / "notebooks" / "probe.html"
    page.write_text("altered after the build", encoding="utf-8")  # a page changed outside a build
    again = _build(env)
    assert again.returncode == 0 and "Book up to date" not in again.stdout
    assert str(PROBE_VALUE) in _page(env)


# ------------------------------------------------------------------ 4. markup in the descriptor


INJECTED = '<script>alert("x")</script> [click](javascript:alert(1)) {cite}`nothing` $x$ | cell'


def _render(markdown_text: str) -> str:
    """Render like MyST does (CommonMark with raw HTML allowed)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown_text)


def test_descriptor_text_reaches_the_page_as_text_only():
    from krdev.pages import resource_section

    res = json.loads(json.dumps(data.resource("regions")))
    for key in ("title", "description", "krdev:coverage", "krdev:caveats"):
        res[key] = INJECTED
    res["sources"] = [{"title": INJECTED, "path": "javascript:alert(1)"}]
    res["licenses"] = [{"title": INJECTED}]
    res["name"] = "regions`<b>x</b>"
    res["krdev:vintage"] = {"label": INJECTED, "release": INJECTED, "base_year": INJECTED, "provisional_years": [INJECTED]}
    html_text = _render(resource_section(res, data.load("regions")))
    assert "<script" not in html_text and "<b>" not in html_text and 'href="javascript' not in html_text
    assert html_text.count("&lt;script&gt;") >= 9, "the text is shown, escaped"


def test_table_cells_from_data_are_escaped_in_styled_tables():
    import pandas as pd

    frame = pd.DataFrame({"name": ["<script>alert(1)</script>"]})
    assert "<script>" not in frame.style.to_html() and "&lt;script&gt;" in frame.style.to_html()


def test_descriptor_text_that_differs_from_the_catalogue_is_refused(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][3]["description"] = INJECTED
    (data_copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(E.MetadataError) as info:
        data.check(data_copy)
    assert package["resources"][3]["name"] in str(info.value) and "'description'" in str(info.value)


# ------------------------------------------------------------------ 5. a resource removed from the descriptor


def test_a_removed_resource_fails_the_check_naming_it(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    removed = package["resources"].pop(7)["name"]
    (data_copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(E.MetadataError) as info:
        data.check(data_copy)
    assert removed in str(info.value) and "lacks" in str(info.value)


def test_a_removed_resource_stops_the_build_before_any_notebook_runs(data_copy, tmp_path):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    removed = package["resources"].pop(0)["name"]
    (data_copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    env = {**_probe_book(tmp_path), "KRDEV_DATA_DIR": str(data_copy)}
    result = _build(env, timeout=300)
    assert result.returncode == 2 and removed in result.stdout and "DATA ERROR" in result.stdout
    assert "Executing" not in result.stdout and not (tmp_path / "_build" / "executed").exists()


# ------------------------------------------------------------------ 6. CSS and JavaScript edits


def test_every_package_file_counts_for_the_site_and_static_files_not_for_notebooks(tmp_path, monkeypatch):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "krdev", copy / "krdev", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "requirements.txt", copy / "requirements.txt")
    stage = tmp_path / "src"
    stage.mkdir()
    monkeypatch.setattr(runner, "REPO_ROOT", copy)
    site, notebooks = runner.staged_digest(stage), runner.environment_digest()
    with open(copy / "krdev" / "static" / "krdev.css", "a", encoding="utf-8") as handle:
        handle.write("\n/* edited */\n")
    assert runner.staged_digest(stage) != site, "a CSS edit must rebuild the site"
    assert runner.environment_digest() == notebooks, "a CSS edit must not re-execute the notebooks"
    with open(copy / "krdev" / "static" / "krdev-charts.js", "a", encoding="utf-8") as handle:
        handle.write("\n// edited\n")
    site2 = runner.staged_digest(stage)
    assert site2 not in (site,)
    (copy / "krdev" / "template.json").write_text("{}", encoding="utf-8")  # any non-Python package file
    assert runner.environment_digest() != notebooks and runner.staged_digest(stage) != site2


@pytest.mark.slow
def test_a_css_edit_reaches_the_site(tmp_path):
    """In a copy of the repository: build, edit the stylesheet, build again; the new stylesheet is
    served and every page links it with its new checksum."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", "*.egg-info"))
    env = {**_probe_book(tmp_path), "PYTHONPATH": str(copy), "KRDEV_DATA_DIR": str(copy / "data")}
    run = lambda: subprocess.run([sys.executable, "-m", "krdev", "build"], cwd=copy, env=env, capture_output=True,
                                 text=True, timeout=900)
    first = run()
    assert first.returncode == 0, first.stdout + first.stderr
    css = copy / "krdev" / "static" / "krdev.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited for the test */\n", encoding="utf-8")
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Book up to date" not in second.stdout and "executed  probe" not in second.stdout
    html_dir = Path(env["KRDEV_BUILD_DIR"]) / "html"
    served = (html_dir / "_static" / "krdev.css").read_bytes()
    assert served == css.read_bytes()
    crc = f"{zlib.crc32(served):08x}"
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "krdev.css" not in text:
            continue
        if f"krdev.css?v={crc}" in text:  # linked on its own, with its new checksum
            continue
        # or joined into the page's style-sheet bundle (named by its content): the bundle has the edit
        bundles = [page.parent / href.split("?")[0] for href in
                   re.findall(r'<link [^>]*href="([^"]+\.css[^"]*)"[^>]*data-sheets="[^"]*krdev\.css', text)]
        assert bundles and all("/* edited for the test */" in b.read_text(encoding="utf-8") for b in bundles), page.name


def test_asset_links_carry_the_checksum_of_the_file(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "krdev.css").write_text("body {}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    page = tmp_path / "sub" / "page.html"
    page.write_text('<link rel="stylesheet" href="../_static/krdev.css" />'
                    '<link href="../_static/krdev.css?v=00000000" rel="stylesheet" />'
                    '<script src="../_static/theme.js?digest=abc"></script>', encoding="utf-8")
    runner.stamp_asset_versions(tmp_path)
    crc = f"{zlib.crc32(b'body {}' + bytes([10])):08x}"
    text = page.read_text(encoding="utf-8")
    assert text.count(f"krdev.css?v={crc}") == 2 and "theme.js?digest=abc" in text


# ------------------------------------------------------------------ 7. corrupted raw files and `make data`


RAW = "raw/kosis_grdp_per_capita/grdp_per_capita_by_sido_1985_2021.csv"


def _snapshot(directory: Path) -> dict:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in [directory / "datapackage.json", *sorted((directory / "processed").iterdir())]}


def _change_a_digit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    cells = lines[5].split(",")
    cells[-4] = str(int(cells[-4]) + 1)  # a per-capita GRDP figure
    lines[5] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def test_make_data_refuses_an_undeclared_raw_change(data_copy):
    before = _snapshot(data_copy)
    _change_a_digit(data_copy / RAW)
    with pytest.raises(E.RawChangeError) as info:
        build_data(data_copy, boundaries=False)
    message = str(info.value)
    assert "grdp_per_capita_by_sido_1985_2021.csv changed" in message and "data accept" in message
    assert _snapshot(data_copy) == before, "nothing is rewritten"
    with pytest.raises(E.RawChangeError):  # the book's data check refuses it too
        data.check(data_copy)


@pytest.mark.parametrize("fault", ["cp949", "truncated"])
def test_a_declared_but_unreadable_raw_file_leaves_nothing_half_written(data_copy, fault):
    before = _snapshot(data_copy)
    path = data_copy / RAW
    raw = path.read_bytes()
    if fault == "cp949":
        path.write_bytes(raw.replace(b"Seoul", "서울".encode("utf-8")).decode("utf-8").encode("cp949"))
    else:
        path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(E.DataError) as info:
        accept([path], data_copy)  # declaring it reads it strictly
    assert "grdp_per_capita_by_sido_1985_2021.csv" in str(info.value)
    sums = data.read_raw_checksums(data_copy)
    sums[RAW.removeprefix("raw/")] = data.sha256(path)  # declared by hand, bypassing accept
    data.write_raw_checksums(sums, data_copy)
    with pytest.raises(E.DataError) as info:
        build_data(data_copy, boundaries=False)
    assert "grdp_per_capita_by_sido_1985_2021.csv" in str(info.value)
    assert ("cp949" in str(info.value)) == (fault == "cp949")
    assert _snapshot(data_copy) == before
    assert not list(data_copy.glob(".make-data-*")), "the temporary build folder is removed"


def test_make_data_error_is_a_message_not_a_traceback(data_copy):
    _change_a_digit(data_copy / RAW)
    result = subprocess.run([sys.executable, "-m", "krdev", "data", "build"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "KRDEV_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "DATA ERROR" in result.stderr and "Traceback" not in result.stderr
    assert "grdp_per_capita_by_sido_1985_2021.csv" in result.stderr


@pytest.mark.slow
def test_a_declared_change_is_rebuilt(data_copy):
    _change_a_digit(data_copy / RAW)
    assert any("grdp_per_capita_by_sido_1985_2021.csv" in line for line in accept([data_copy / RAW.rsplit("/", 1)[0]], data_copy))
    package = build_data(data_copy, boundaries=False)
    data.check(data_copy)
    assert package["resources"] and data.verify_raw(data_copy) > 0
    changed = data.load("grdp_per_capita", data_copy)
    original = data.load("grdp_per_capita")
    assert (changed.grdp_per_capita.fillna(-1) != original.grdp_per_capita.fillna(-1)).sum() == 1


def test_every_raw_file_has_a_recorded_checksum():
    assert data.verify_raw() == len(data.raw_files()) > 0


@pytest.mark.parametrize("culprit", ["descriptor", "file"])
def test_a_hash_mismatch_says_which_side_is_wrong(data_copy, culprit):
    rel = data.resource("regions", data_copy)["path"]
    if culprit == "descriptor":
        package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
        next(r for r in package["resources"] if r["name"] == "regions")["hash"] = "sha256:" + "0" * 64
        (data_copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    else:
        with open(data_copy / rel, "a", encoding="utf-8") as handle:
            handle.write("\n")
    with pytest.raises(E.HashMismatchError) as info:
        data.load("regions", data_copy)
    message = str(info.value)
    assert ("the descriptor is wrong" in message) == (culprit == "descriptor")
    assert ("so the file changed" in message) == (culprit == "file")


# ------------------------------------------------------------------ 8. two builds at once


def test_a_second_build_stops_or_waits_with_a_clear_message(tmp_path):
    env = _probe_book(tmp_path)
    build_dir = Path(env["KRDEV_BUILD_DIR"])
    with runner.build_lock(build_dir):
        result = _build(env, "--no-wait", timeout=120)
        assert result.returncode == 3 and "another build is running" in result.stdout and f"pid {os.getpid()}" in result.stdout
        waiting = subprocess.Popen([sys.executable, "-m", "krdev", "build"], cwd=ROOT,
                                   env={**env, "KRDEV_DATA_DIR": str(tmp_path / "no-data")},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(3)
        assert waiting.poll() is None, "the second build must wait for the lock"
    out, _ = waiting.communicate(timeout=120)
    assert "waiting for it to finish" in out and "DATA ERROR" in out  # it ran after the lock was released


@pytest.mark.slow
def test_two_concurrent_builds_both_give_a_complete_book(tmp_path):
    env = _probe_book(tmp_path)
    first = subprocess.Popen([sys.executable, "-m", "krdev", "build"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    second = subprocess.Popen([sys.executable, "-m", "krdev", "build"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    outs = [p.communicate(timeout=900)[0] for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert any("waiting for it to finish" in out for out in outs)
    assert str(PROBE_VALUE) in _page(env)


# ------------------------------------------------------------------ 9. parameters


@pytest.mark.parametrize("kwargs,fragment", [
    ({"lq_threshold": math.nan}, "finite"),
    ({"lq_threshold": math.inf}, "finite"),
    ({"min_gva_million_krw": -math.inf}, "finite"),
    ({"min_share": math.nan}, "finite"),
    ({"some_float_parameter": math.nan}, "finite"),
    ({"permutations": 2 * 10**9}, f"from 0 to {params.MAX_PERMUTATIONS}"),
    ({"permutations": -1}, "from 0"),
    ({"n_classes": 10**6}, "from 2 to 9"),
    ({"top_pairs": 10**9}, "from 1 to 50"),
    ({"income_classes": 1}, "(or 0)"),
])
def test_non_finite_and_huge_parameters_are_refused(kwargs, fragment):
    with pytest.raises(E.ParameterError) as info:
        params.validate(**kwargs)
    assert fragment in str(info.value) and list(kwargs)[0] in str(info.value)


@pytest.mark.parametrize("name,value", [("lq_threshold", "nan"), ("lq_threshold", "inf"),
                                        ("min_gva_million_krw", "1e400")])
def test_cli_refuses_non_finite_parameters_before_running(name, value, tmp_path):
    result = subprocess.run([sys.executable, "-m", "krdev", "run", "notebooks/industrial-specialisation.ipynb", "-p", name,
                             value, "-o", str(tmp_path / "out.ipynb")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and name in result.stderr and not (tmp_path / "out.ipynb").exists()


def test_cli_refuses_huge_permutations_before_running(tmp_path):
    result = subprocess.run([sys.executable, "-m", "krdev", "run", "notebooks/inequality-convergence.ipynb", "-p",
                             "permutations", "2000000000", "-o", str(tmp_path / "out.ipynb")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "permutations" in result.stderr and str(params.MAX_PERMUTATIONS) in result.stderr


def test_year_ranges_are_the_years_of_the_data():
    population = data.load("population_registered")
    years = (int(population.year.min()), int(population.year.max()))
    assert params.year_ranges("regions-at-a-glance") == {"population_year": years, "base_year": years}
    assert params.year_ranges("capital-concentration")["end_year"][1] == years[1]
    grdp = data.load("grdp_per_capita")
    first, last = int(grdp.year.min()), int(grdp.year.max())
    assert params.year_ranges("inequality-convergence") == {"start_year": (first, last - 1), "end_year": (first + 1, last),
                                                            "split_year": (first + 1, last - 1)}


def test_year_ranges_follow_the_data(data_copy):
    """Drop the last year of the registered population: the allowed range follows, nothing else edited
    (newer data extend it the same way)."""
    from tests.conftest import rehash

    rel = data.resource("population_registered", data_copy)["path"]
    lines = (data_copy / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    last_year = max(int(line.split(",")[0]) for line in lines[1:])
    kept = [lines[0]] + [line for line in lines[1:] if not line.startswith(f"{last_year},")]
    (data_copy / rel).write_text("".join(kept), encoding="utf-8")
    rehash(data_copy, "population_registered")
    assert params.year_ranges("regions-at-a-glance", data_copy)["population_year"][1] == last_year - 1


@pytest.mark.parametrize("path", runner.list_notebooks(ROOT / "notebooks"), ids=lambda p: p.name)
def test_notebooks_take_their_year_ranges_from_the_one_table(path):
    import papermill

    nb = json.loads(path.read_text(encoding="utf-8"))
    source = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    declared = papermill.inspect_notebook(str(path))
    year_params = {n for n in declared if n.endswith("_year") and n not in ("sigungu_year", "compare_year")}
    assert "ranges={" not in source, "no year range typed into a notebook"
    assert set(params.year_ranges(path.stem)) == year_params
    if year_params:
        assert f'ranges=params.year_ranges("{path.stem}")' in source
    for name in year_params:  # every default lies in the range
        lo, hi = params.year_ranges(path.stem)[name]
        assert lo <= int(declared[name]["default"]) <= hi, name


def test_list_and_cli_show_the_same_range():
    lo, hi = params.year_ranges("regions-at-a-glance")["population_year"]
    listed = subprocess.run([sys.executable, "-m", "krdev", "list"], cwd=ROOT, capture_output=True, text=True)
    assert f"[allowed: {lo}–{hi}]" in listed.stdout
    refused = subprocess.run([sys.executable, "-m", "krdev", "run", "notebooks/regions-at-a-glance.ipynb", "-p",
                              "population_year", str(hi + 1)], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and f"{lo}–{hi}" in refused.stderr


# ------------------------------------------------------------------ 10. clean and incremental builds agree


@pytest.mark.slow
def test_clean_and_incremental_builds_give_identical_html(tmp_path):
    incremental = _probe_book(tmp_path / "a")
    assert _build(incremental).returncode == 0
    nb_path = tmp_path / "a" / "notebooks" / "probe.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    text = "".join(nb["cells"][0]["source"])
    nb["cells"][0]["source"] = text.replace("The glued value", "The value glued")
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    result = _build(incremental)
    assert result.returncode == 0, result.stdout + result.stderr
    clean = _probe_book(tmp_path / "b")
    shutil.copyfile(nb_path, tmp_path / "b" / "notebooks" / "probe.ipynb")
    assert _build(clean).returncode == 0
    a, b = Path(incremental["KRDEV_BUILD_DIR"]) / "html", Path(clean["KRDEV_BUILD_DIR"]) / "html"
    pages = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    assert pages == sorted(p.relative_to(b) for p in b.rglob("*.html"))
    differing = [str(p) for p in pages if (a / p).read_bytes() != (b / p).read_bytes()]
    assert not differing, differing
