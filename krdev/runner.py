"""Execute the notebooks with papermill (in parallel, cached by content hash) and build the book.

The pipeline of ``make book``:

1. check the data package (:func:`krdev.data.check`): a bad file stops here, named;
2. execute every notebook in ``notebooks/`` whose cache key changed, ``workers`` at a time, into
   ``_build/executed/``; the key hashes the notebook's source (outputs stripped), the data
   package descriptor (which records every data file's SHA-256), the ``krdev`` sources,
   ``requirements.txt`` and the parameters;
3. stage the book sources in ``_build/src`` (prose, configuration and the *executed* copies),
   writing only files whose bytes changed so Sphinx rebuilds only what changed;
4. run ``jupyter-book build`` with warnings as errors and notebook execution off.

A failing notebook stops the build with the notebook, the cell and the error.
"""

from __future__ import annotations

import ast
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from krdev.paths import REPO_ROOT

BUILD_DIR = Path(os.environ.get("KRDEV_BUILD_DIR", REPO_ROOT / "_build"))
EXECUTED_DIR = BUILD_DIR / "executed"
CACHE_DIR = BUILD_DIR / "cache"
STAGE_DIR = BUILD_DIR / "src"
BOOK_FILES = ("_config.yml", "_toc.yml", "references.bib", "benchmarks/results.md")
BOOK_DIRS = ("book", "locales")  # locales: the Korean edition's catalogues (krdev.edition)
KERNEL = "python3"


@dataclass
class Result:
    """What happened to one notebook."""

    notebook: str
    status: str  # "executed", "cached" or "failed"
    seconds: float = 0.0
    error: str = ""


def notebooks_dir() -> Path:
    return Path(os.environ.get("KRDEV_NOTEBOOKS_DIR", REPO_ROOT / "notebooks"))


def list_notebooks(directory: Path | None = None) -> list[Path]:
    """The executable chapters, sorted by name."""
    directory = directory or notebooks_dir()
    return sorted(p for p in directory.glob("*.ipynb") if not p.name.startswith("_"))


def source_digest(path: Path) -> str:
    """Hash of a notebook's cells (source, type, tags) and kernel, ignoring outputs and counts."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [[c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
              sorted(c.get("metadata", {}).get("tags", []))] for c in nb["cells"]]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def environment_digest() -> str:
    """Hash of everything besides the notebook that can change its outputs."""
    digest = hashlib.sha256(os.environ.get("KRDEV_STATIC_FIGURES", "").encode())
    from krdev.paths import data_dir

    for path in [data_dir() / "datapackage.json", REPO_ROOT / "requirements.txt",
                 *sorted((REPO_ROOT / "krdev").rglob("*.py"))]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(path: Path, parameters: dict | None = None, env_digest: str | None = None) -> str:
    payload = [source_digest(path), env_digest or environment_digest(), json.dumps(parameters or {}, sort_keys=True)]
    return hashlib.sha256("|".join(payload).encode()).hexdigest()


def _cache_file(path: Path, cache_dir: Path = CACHE_DIR) -> Path:
    return cache_dir / f"{path.stem}.json"


def _cache_record(path: Path, cache_dir: Path = CACHE_DIR) -> dict:
    """``{"key", "seconds"}`` recorded by ``path``'s last successful run (empty if never run)."""
    cache = _cache_file(path, cache_dir)
    return json.loads(cache.read_text()) if cache.exists() else {}


def _last_seconds(path: Path, cache_dir: Path = CACHE_DIR) -> float:
    return _cache_record(path, cache_dir).get("seconds", 0.0)


def is_cached(path: Path, key: str, output: Path, cache_dir: Path = CACHE_DIR) -> bool:
    return output.exists() and _cache_record(path, cache_dir).get("key") == key


def ipc_kernel_config(directory: str):
    """Kernel manager configuration: talk to the kernel over Unix-domain sockets in ``directory``
    (private to this user, one folder per kernel) instead of unencrypted TCP on localhost."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(directory, "kernel")}})


def execute(path: Path, output: Path, parameters: dict | None = None) -> float:
    """Execute one notebook with papermill; return the seconds it took. Raises on a failing cell."""
    import papermill

    os.environ.setdefault("PYTHONHASHSEED", "0")
    output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="krdev-kernel-") as sockets:
        papermill.execute_notebook(
            str(path), str(output), parameters=parameters or {}, kernel_name=KERNEL, progress_bar=False,
            cwd=str(path.parent), log_output=False, report_mode=False, config=ipc_kernel_config(sockets),
        )
    normalise_outputs(output)
    return time.perf_counter() - start


STYLER_ID = re.compile(r"T_[0-9a-f]{5}(?![0-9a-f])")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def _stable_styler_ids(html_text: str, cell_index: int) -> str:
    """pandas' Styler names each table with a random 5-hex id (``T_1a2b3``); number them instead."""
    seen: dict[str, str] = {}
    return STYLER_ID.sub(lambda m: seen.setdefault(m.group(0), f"T_c{cell_index}t{len(seen)}"), html_text)


def normalise_outputs(path: Path) -> None:
    """Drop execution timestamps and durations, number pandas' random table ids and blank memory
    addresses in object reprs, so two runs give the same file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].pop("papermill", None)
    for index, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        meta.pop("papermill", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.get("text/html"):
                html_text = data["text/html"]
                data["text/html"] = _stable_styler_ids("".join(html_text) if isinstance(html_text, list) else html_text, index)
            if data.get("text/plain"):  # object reprs carry memory addresses ("<Styler at 0x7f...>")
                plain = data["text/plain"]
                data["text/plain"] = MEMORY_ADDRESS.sub(" at 0x…>", "".join(plain) if isinstance(plain, list) else plain)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def describe_failure(exc: BaseException, notebook: Path) -> str:
    """A short report naming the notebook, the failing cell and the error."""
    cell = getattr(exc, "exec_count", None)
    index = getattr(exc, "cell_index", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    source = getattr(exc, "source", "")
    where = f"cell {index}" if index is not None else "a cell"
    if cell is not None:
        where += f" (execution count {cell})"
    snippet = "\n".join("    " + line for line in str(source).splitlines()[:6])
    return f"{notebook.name}: {where} raised {ename}: {evalue}" + (f"\n  source:\n{snippet}" if snippet else "")


def _run_one(path_str: str, output_str: str, parameters: dict) -> tuple[float, str]:
    path, output = Path(path_str), Path(output_str)
    try:
        return execute(path, output, parameters), ""
    except BaseException as exc:  # report everything, including kernel deaths
        if output.exists():
            failed = output.with_suffix(".failed.ipynb")
            output.replace(failed)
        return 0.0, describe_failure(exc, path)


def execute_all(paths: list[Path] | None = None, *, workers: int | None = None, force: bool = False,
                out_dir: Path = EXECUTED_DIR, cache_dir: Path = CACHE_DIR, echo=print) -> list[Result]:
    """Execute every notebook whose cache key changed, in parallel; print one timing line each."""
    from tqdm import tqdm

    paths = list_notebooks() if paths is None else paths
    env = environment_digest()
    todo, results = [], []
    for path in paths:
        key = cache_key(path, None, env)
        output = out_dir / "notebooks" / path.name
        if not force and is_cached(path, key, output, cache_dir):
            results.append(Result(path.name, "cached"))
            echo(f"  cached    {path.name}")
        else:
            todo.append((path, key, output))
    if todo:
        # longest first (by the last recorded time, else by source size): the slowest notebook
        # must not start last when workers share the queue
        todo.sort(key=lambda item: (-_last_seconds(item[0], cache_dir), -item[0].stat().st_size))
        workers = workers or os.cpu_count() or 1
        echo(f"Executing {len(todo)} notebook(s) with {min(workers, len(todo))} worker(s)")
        # "spawn", not fork: the runner may have other threads (the bundle) whose locks a fork would copy
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context) as pool:
            futures = {pool.submit(_run_one, str(p), str(o), {}): (p, k, o) for p, k, o in todo}
            with tqdm(total=len(futures), unit="nb", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                for future in as_completed(futures):
                    path, key, output = futures[future]
                    seconds, error = future.result()
                    bar.update(1)
                    if error:
                        results.append(Result(path.name, "failed", seconds, error))
                        echo(f"  FAILED    {path.name}\n  {error}")
                    else:
                        cache_dir.mkdir(parents=True, exist_ok=True)
                        _cache_file(path, cache_dir).write_text(json.dumps({"key": key, "seconds": round(seconds, 2)}))
                        results.append(Result(path.name, "executed", seconds))
                        echo(f"  executed  {path.name}  {seconds:6.1f} s")
    return sorted(results, key=lambda r: r.notebook)


def _sync_file(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` only if the bytes differ (keeps mtimes stable for Sphinx)."""
    data = src.read_bytes()
    if dst.exists() and dst.read_bytes() == data:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return True


def stage(executed_dir: Path = EXECUTED_DIR, stage_dir: Path = STAGE_DIR) -> int:
    """Mirror the book sources into ``stage_dir``; the executed notebooks replace the sources."""
    wanted: dict[Path, Path] = {}
    for name in BOOK_FILES:
        if (REPO_ROOT / name).exists():
            wanted[stage_dir / name] = REPO_ROOT / name
    if os.environ.get("KRDEV_TOC"):  # a contributor's partial table of contents
        wanted[stage_dir / "_toc.yml"] = Path(os.environ["KRDEV_TOC"])
    for folder in BOOK_DIRS:
        for src in (REPO_ROOT / folder).rglob("*"):
            if src.is_file() and "__pycache__" not in src.parts:
                wanted[stage_dir / src.relative_to(REPO_ROOT)] = src
    for src in (executed_dir / "notebooks").glob("*.ipynb"):
        if not src.name.endswith(".failed.ipynb"):
            wanted[stage_dir / "notebooks" / src.name] = src
    changed = sum(_sync_file(src, dst) for dst, src in wanted.items())
    for path in list(stage_dir.rglob("*")) if stage_dir.exists() else []:
        if path.is_file() and path not in wanted:
            path.unlink()
    return changed


def build_book(*, strict: bool = True, echo=print, stage_dir: Path = STAGE_DIR, output_parent: Path | None = None,
               builder: str = "html") -> int:
    """Run jupyter-book on the staged sources into ``_build/html``; return its exit status."""
    output_parent = output_parent or BUILD_DIR.parent
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(stage_dir), "--path-output",
               str(output_parent), "--builder", builder, "--quiet"]  # Sphinx warnings and errors only
    if strict:
        command += ["-W", "-n", "--keep-going"]
    echo("Building the book: jupyter-book " + " ".join(command[1:]))
    return subprocess.call(command, cwd=REPO_ROOT)


def build(*, workers: int | None = None, force: bool = False, echo=print) -> int:
    """The whole of ``make book``; returns a process exit status."""
    from krdev import data
    from krdev.errors import DataError

    start = time.perf_counter()
    echo("Checking the data package")
    try:
        report = data.check(cache_file=CACHE_DIR / "validated-data.json")
    except DataError as exc:
        echo(f"DATA ERROR: {exc}")
        return 2
    echo(f"  {len(report)} resources valid")
    # the site's Vega runtime bundle is independent of the notebooks: prepare it meanwhile
    from krdev.sphinxext import vega_bundle

    bundle = threading.Thread(target=vega_bundle, args=(CACHE_DIR,), daemon=True)
    bundle.start()
    results = execute_all(workers=workers, force=force, echo=echo)
    bundle.join()
    failed = [r for r in results if r.status == "failed"]
    if failed:
        echo(f"\n{len(failed)} notebook(s) failed; the book was not built:")
        for r in failed:
            echo(f"  - {r.error}")
        return 1
    stage()
    stamp, digest = CACHE_DIR / "html-build.json", staged_digest()
    index = BUILD_DIR / "html" / "index.html"
    if not force and index.exists() and (index.parent / "ko" / "index.html").exists() and stamp.exists() and json.loads(stamp.read_text()).get("digest") == digest:
        echo(f"Book up to date (sources, executed notebooks and code unchanged): {index}")
        return 0
    stamp.unlink(missing_ok=True)
    status = build_book(echo=echo)
    if status:
        echo("jupyter-book reported warnings or errors (treated as errors); see above")
        return status
    from krdev import edition

    status = edition.build(BUILD_DIR, echo=echo)
    if status:
        echo("the Korean edition's build reported warnings or errors (treated as errors); see above")
        return status
    stamp.write_text(json.dumps({"digest": digest}))
    echo(f"Book built in {time.perf_counter() - start:.1f} s: {index}")
    return 0


def staged_digest(stage_dir: Path = STAGE_DIR) -> str:
    """Hash of every staged file (path and bytes) and of the code and requirements: if it is the
    one recorded after the last successful HTML build, Sphinx has nothing to do."""
    digest = hashlib.sha256(environment_digest().encode())
    for path in sorted(p for p in stage_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(stage_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_pdf(*, workers: int | None = None, echo=print) -> int:
    """``make pdf``: execute with static figures (PNG via vl-convert), then build with XeLaTeX."""
    import shutil as _shutil

    if not _shutil.which("xelatex"):
        echo("xelatex not found: install Debian's texlive-xetex texlive-lang-cjk latexmk texlive-latex-extra")
        return 2
    pdf_root = BUILD_DIR / "pdf"
    os.environ["KRDEV_STATIC_FIGURES"] = "1"
    results = execute_all(workers=workers, out_dir=pdf_root / "executed", cache_dir=pdf_root / "cache", echo=echo)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        for r in failed:
            echo(f"  - {r.error}")
        return 1
    stage(pdf_root / "executed", pdf_root / "src")
    status = build_book(strict=False, echo=echo, stage_dir=pdf_root / "src", output_parent=pdf_root, builder="pdflatex")
    produced = pdf_root / "_build" / "latex" / "book.pdf"
    if status or not produced.exists():
        echo("the LaTeX build failed; see _build/pdf/_build/latex/*.log")
        return status or 1
    _shutil.copyfile(produced, BUILD_DIR / "book.pdf")
    echo(f"PDF written: {BUILD_DIR / 'book.pdf'}")
    return 0


def run(path: Path, output: Path, parameters: dict, echo=print) -> int:
    """Re-execute one chapter with new parameters into ``output`` (``python -m krdev run``)."""
    import papermill

    from krdev.errors import ParameterError
    from krdev.params import coerce, validate

    declared = papermill.inspect_notebook(str(path))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ParameterError(f"{path.name} has no parameter(s) {unknown}; its parameters are {sorted(declared)}")
    typed = {}
    for name, text in parameters.items():
        try:
            default = ast.literal_eval(declared[name]["default"])
        except (ValueError, SyntaxError):
            default = declared[name]["default"]
        typed[name] = coerce(name, text, default) if isinstance(text, str) else text
    validate(**typed)
    seconds = execute(path, output, typed)
    echo(f"{path.name} executed with {typed} in {seconds:.1f} s -> {output}")
    return 0


def _has_outputs(path: Path) -> bool:  # used by tests and the pre-commit check
    nb = json.loads(path.read_text(encoding="utf-8"))
    return any(c.get("outputs") or c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")


def clean() -> None:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
