"""Execute the notebooks with papermill (in parallel, cached by content hash) and build the book.

The pipeline of ``make book``:

1. check the data package (:func:`krdev.data.check`): a bad file stops here, named;
2. execute every notebook in ``notebooks/`` whose cache key changed, ``workers`` at a time, into
   ``_build/executed/`` (and, for the Korean edition, ``_build/executed-ko/``: see
   :func:`execute_passes`); the key hashes the notebook's source (outputs stripped), the data
   package descriptor (which records every data file's SHA-256), the ``krdev`` sources,
   ``requirements.txt`` and the parameters;
3. stage the book sources in ``_build/src`` (prose, configuration and the *executed* copies),
   writing only files whose bytes changed so Sphinx rebuilds only what changed;
4. build both editions' HTML (:func:`krdev.edition.build_html`: ``sphinx-build`` with the
   configuration Jupyter Book generates) with warnings as errors and notebook execution off.

A failing notebook stops the build with the notebook, the cell and the error.

Integrity: an executed notebook is written to a temporary file and renamed into place only once it
is complete (every code cell executed, no error output, the source's cells); the cache records the
SHA-256 of that output, so a partial, killed or edited output is never taken as cached. One build
at a time holds ``_build/build.lock``; SIGTERM and SIGHUP stop the workers and their kernels. After
a failed or interrupted HTML build, the next one re-reads every page (a failure fails again until
its cause is fixed).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import shutil
import signal
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
    language: str | None = None  # the pass's KRDEV_LANG (None: inherited)


@dataclass(frozen=True)
class Pass:
    """One language's executions: outputs in ``out_dir/notebooks``, cache records in ``cache_dir``.
    ``only`` (notebook stems) limits the pass to some notebooks."""

    language: str | None = None
    out_dir: Path = EXECUTED_DIR
    cache_dir: Path = CACHE_DIR
    only: tuple[str, ...] | None = None


def notebooks_dir() -> Path:
    return Path(os.environ.get("KRDEV_NOTEBOOKS_DIR", REPO_ROOT / "notebooks"))


def list_notebooks(directory: Path | None = None) -> list[Path]:
    """The executable chapters, sorted by name."""
    directory = directory or notebooks_dir()
    return sorted(p for p in directory.glob("*.ipynb") if not p.name.startswith("_"))


def source_digest(path: Path) -> str:
    """Hash of a notebook's cells (source, type, tags) and kernel, ignoring outputs and counts."""
    return cells_digest(json.loads(path.read_text(encoding="utf-8"))["cells"])


def cells_digest(cells: list[dict]) -> str:
    """Hash of cells' type, source and tags (see :func:`source_digest`)."""
    cells = [[c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
              sorted(c.get("metadata", {}).get("tags", []))] for c in cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


#: Files of the package that only the site build uses (static files served as-is, the Sphinx extensions
#: and page post-processing, PDFs, the Korean edition's build and search); no notebook imports them
#: (tested), so they are left out of the notebooks' cache key but are part of the site's
#: (:func:`staged_digest`): editing them rebuilds the pages without executing the notebooks again.
SITE_ONLY = ("static", "webpage.py", "sphinxext.py", "numbering.py", "chapterpdf.py", "edition.py", "search_ko.py",
             "terminology.py", "standalone.py", "__main__.py")


def package_files(*, site: bool = True) -> list[Path]:
    """Every file of the ``krdev`` package, whatever its type (code, styles, scripts, templates)."""
    root = REPO_ROOT / "krdev"
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo")
                  and (site or p.relative_to(root).parts[0] not in SITE_ONLY))


def environment_digest(*, site: bool = False) -> str:
    """Hash of everything besides the notebook that can change its outputs (with ``site``: and
    the pages built from them)."""
    digest = hashlib.sha256(os.environ.get("KRDEV_STATIC_FIGURES", "").encode())
    from krdev.paths import data_dir

    for path in [data_dir() / "datapackage.json", REPO_ROOT / "requirements.txt", *package_files(site=site)]:
        if path.exists():
            digest.update(str(path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(path: Path, parameters: dict | None = None, env_digest: str | None = None) -> str:
    payload = [source_digest(path), env_digest or environment_digest(), json.dumps(parameters or {}, sort_keys=True)]
    return hashlib.sha256("|".join(payload).encode()).hexdigest()


def _cache_file(path: Path, cache_dir: Path = CACHE_DIR) -> Path:
    return cache_dir / f"{path.stem}.json"


def _cache_record(path: Path, cache_dir: Path = CACHE_DIR) -> dict:
    """``{"key", "seconds", "output"}`` recorded by ``path``'s last successful run (empty if never
    run or unreadable)."""
    cache = _cache_file(path, cache_dir)
    try:
        return json.loads(cache.read_text()) if cache.exists() else {}
    except (OSError, ValueError):
        return {}


def _last_seconds(path: Path, cache_dir: Path = CACHE_DIR) -> float:
    return _cache_record(path, cache_dir).get("seconds", 0.0)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_cached(path: Path, key: str, output: Path, cache_dir: Path = CACHE_DIR) -> bool:
    """True only if the record has this key *and* describes the bytes of ``output`` (a record is
    written only for a complete, validated output, see :func:`incomplete`)."""
    record = _cache_record(path, cache_dir)
    return output.exists() and record.get("key") == key and record.get("output") == _sha256(output)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def incomplete(output: Path, source: Path) -> str:
    """Why ``output`` is not a complete execution of ``source`` ("" if it is): unreadable, other
    cells than the source's, a code cell never executed, or an error output."""
    try:
        nb = json.loads(output.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"the executed notebook {output} cannot be read ({exc})"
    own = [c for c in cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if cells_digest(own) != source_digest(source):
        return f"the executed notebook {output} does not have the cells of {source.name}"
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if text.strip() and cell.get("execution_count") is None:
            return f"cell {index} of {output.name} was never executed (interrupted run?)"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"cell {index} of {output.name} has an error output ({out.get('ename')}: {out.get('evalue')})"
    return ""


def partial_path(output: Path) -> Path:
    """Where an execution writes before its output is complete (renamed to ``output`` after)."""
    return output.with_name(f".{output.stem}.{os.getpid()}.partial.ipynb")


def failed_path(output: Path) -> Path:
    """Where the last failed execution of a notebook is kept for inspection (one per notebook)."""
    return output.with_name(f"{output.stem}.failed.ipynb")


def ipc_kernel_config(directory: str):
    """Kernel manager configuration: talk to the kernel over Unix-domain sockets in ``directory``
    (private to this user, one folder per kernel) instead of unencrypted TCP on localhost."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(directory, "kernel")}})


def execute(path: Path, output: Path, parameters: dict | None = None) -> float:
    """Execute one notebook with papermill; return the seconds it took. Raises on a failing cell."""
    return execute_passes(path, [(None, output)], parameters)[0]


def _shared_kernel(sockets: str):
    """A kernel manager kept across a notebook's passes (papermill then leaves the kernel running,
    since it did not create it); it remembers the clients papermill opens, to close them after."""
    from jupyter_client.manager import AsyncKernelManager

    class SharedKernel(AsyncKernelManager):
        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.opened = [*getattr(self, "opened", []), kc]
            return kc

    return SharedKernel(kernel_name=KERNEL, config=ipc_kernel_config(sockets))


#: Run in a new kernel: what a fresh kernel's display formatters hold, to restore before each run.
KERNEL_SNAPSHOT = """
def _krdev_snapshot():
    shell = get_ipython()
    shell._krdev_pristine = {name: (dict(f.type_printers), dict(f.deferred_printers))
                             for name, f in shell.display_formatter.formatters.items()}
_krdev_snapshot()
del _krdev_snapshot
"""

#: Run before every later run in a kernel: back to what a fresh kernel with the same imports holds.
KERNEL_RESET = """
def _krdev_reset(language, cwd):
    import os, sys, warnings
    shell = get_ipython()
    if 'krdev.figuredata' in sys.modules:  # the package's record of the previous run
        sys.modules['krdev.figuredata'].reset()
    shell.run_line_magic('reset', '-f')  # every variable of the previous run
    for name, (types, deferred) in shell._krdev_pristine.items():  # e.g. a table formatter registered
        formatter = shell.display_formatter.formatters[name]
        formatter.type_printers.clear(); formatter.type_printers.update(types)
        formatter.deferred_printers.clear(); formatter.deferred_printers.update(deferred)
    if 'pandas' in sys.modules:  # options a notebook set, then those the package sets on import
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            sys.modules['pandas'].reset_option('all')
        if 'krdev.data' in sys.modules:
            sys.modules['krdev.data'].set_pandas_options()
    if 'altair' in sys.modules:
        alt = sys.modules['altair']
        alt.renderers.enable('default'); alt.theme.enable('default'); alt.data_transformers.enable('default')
    for module in list(sys.modules.values()):  # warnings shown once are shown again
        registry = getattr(module, '__warningregistry__', None)
        if isinstance(registry, dict):
            registry.clear()
    shell.execution_count = 1
    os.environ['KRDEV_LANG'] = language
    os.chdir(cwd)
_krdev_reset({language!r}, {cwd!r})
"""


def _execute_in(km, code: str) -> None:
    """Run ``code`` in the kernel of ``km`` (outputs discarded); raise if it fails."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        reply = run_sync(kc.execute_interactive)(code, store_history=False, allow_stdin=False, timeout=60,
                                                output_hook=lambda msg: None)
    finally:
        kc.stop_channels()
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the kernel could not be prepared: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def kernel_environment(language: str | None = None) -> dict:
    """The environment of a notebook kernel: this process's, with a fixed hash seed, ``KRDEV_LANG`` =
    ``language`` when given, and numba's compiler off (``NUMBA_DISABLE_JIT``): mapclassify and giddy
    compile their numba functions when they are imported, which takes longer than the book's few
    hundred regions take in plain Python; the results are the same (tested). Set for the kernel
    only: a process that imported numba with its compiler on must not see the switch change."""
    env = {**os.environ}
    env.setdefault("PYTHONHASHSEED", "0")
    env.setdefault("NUMBA_DISABLE_JIT", "1")
    if language:
        env["KRDEV_LANG"] = language
    return env


class Kernel:
    """One Jupyter kernel kept for several notebook runs (:func:`execute_passes`), talking over
    private Unix-domain sockets. ``closed`` once shut down (after a failure it is not reused)."""

    def __init__(self):
        self._sockets = tempfile.TemporaryDirectory(prefix="krdev-kernel-")
        self.config = ipc_kernel_config(self._sockets.name)
        self.km = _shared_kernel(self._sockets.name)
        self.runs = 0
        self.closed = False

    def prepare(self, language: str | None, cwd: Path) -> None:
        """Before a run: start the kernel in ``cwd`` (with ``KRDEV_LANG`` = ``language`` when given) and
        note its pristine state; or, if it ran before, reset it (:data:`KERNEL_RESET`): variables,
        the package's record of the run, display formatters, pandas and Altair options and warning
        registries as a fresh kernel has them, cells numbered from 1, the language and folder set."""
        from jupyter_core.utils import run_sync

        if not self.runs:
            run_sync(self.km.start_kernel)(cwd=str(cwd), env=kernel_environment(language),
                                           extra_arguments=["--HistoryManager.hist_file=:memory:"])
            _execute_in(self.km, KERNEL_SNAPSHOT)
        else:
            _execute_in(self.km, KERNEL_RESET.format(language=language or os.environ.get("KRDEV_LANG", "en"),
                                                     cwd=str(cwd)))
        self.runs += 1

    def close(self, now: bool = False) -> None:
        from jupyter_core.utils import run_sync

        if self.closed:
            return
        self.closed = True
        for kc in getattr(self.km, "opened", []):
            with contextlib.suppress(Exception):
                kc.stop_channels()
        with contextlib.suppress(Exception):
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=now)
        with contextlib.suppress(Exception):
            run_sync(self.km.cleanup_resources)()
        self._sockets.cleanup()


def execute_passes(path: Path, passes: list[tuple[str | None, Path]], parameters: dict | None = None, *,
                   done: list[float] | None = None, kernel: Kernel | None = None) -> list[float]:
    """Execute one notebook once per ``(language, output)`` pass, all in one kernel; return the
    seconds of each pass. Raises on a failing cell (the passes before it are written).

    The first pass in a new kernel runs with the environment's ``KRDEV_LANG`` (or ``language`` when
    given); before any other the kernel is reset (:meth:`Kernel.prepare`), so a pass computes from
    scratch exactly what a fresh kernel would (tested, byte for byte), but the libraries it imports
    (pandas, Altair, GeoPandas, PySAL...) are loaded and the validated data files kept. The Korean
    edition's run of a chapter costs a fraction of its English one this way; with ``kernel`` (kept by
    the caller, e.g. a build worker) the next notebook reuses it too. A failure shuts the kernel
    down. ``done`` receives each completed pass's seconds as it ends."""
    import papermill

    from krdev.errors import OutputError

    own = kernel is None
    kernel = kernel or Kernel()
    seconds = [] if done is None else done
    try:
        for language, final in passes:
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create the output folder {final.parent}: {exc.strerror}") from None
            output = partial_path(final)  # written to a temporary file, renamed only once complete
            start = time.perf_counter()
            try:
                kernel.prepare(language, path.parent)
                papermill.execute_notebook(
                    str(path), str(output), parameters=parameters or {}, kernel_name=KERNEL, progress_bar=False,
                    cwd=str(path.parent), log_output=False, report_mode=False, config=kernel.config, km=kernel.km,
                )
                normalise_outputs(output)
                problem = incomplete(output, path)
                if problem:
                    raise OutputError(problem)
                os.replace(output, final)
            except BaseException as exc:
                if output.exists() and not isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    with contextlib.suppress(OSError):
                        output.replace(failed_path(final))
                output.unlink(missing_ok=True)
                # never reuse a kernel a failure may have left in any state (interrupted: stop it at once)
                kernel.close(now=isinstance(exc, (KeyboardInterrupt, SystemExit)))
                if isinstance(exc, OSError) and getattr(exc, "filename", None) and Path(str(exc.filename)).parent == final.parent:
                    raise OutputError(f"cannot write the executed notebook {final}: {exc.strerror}") from None
                raise
            failed_path(final).unlink(missing_ok=True)
            seconds.append(time.perf_counter() - start)
    finally:
        if own:
            kernel.close()
    return seconds


STYLER_ID = re.compile(r"T_[0-9a-f]{5}(?![0-9a-f])")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def _stable_styler_ids(html_text: str, cell_index: int, output_index: int = 0) -> str:
    """pandas' Styler names each table with a random 5-hex id (``T_1a2b3``); number them instead, by
    cell and output (one cell may display several tables, and ids must stay unique on the page)."""
    seen: dict[str, str] = {}
    prefix = f"T_c{cell_index}" + (f"o{output_index}" if output_index else "")
    return STYLER_ID.sub(lambda m: seen.setdefault(m.group(0), f"{prefix}t{len(seen)}"), html_text)


def normalise_outputs(path: Path) -> None:
    """Drop execution timestamps and durations, number pandas' random table ids and blank memory
    addresses in object reprs, so two runs give the same file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].pop("papermill", None)
    for index, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        meta.pop("papermill", None)
        for out_index, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if data.get("text/html"):
                html_text = data["text/html"]
                data["text/html"] = _stable_styler_ids("".join(html_text) if isinstance(html_text, list) else html_text,
                                                       index, out_index)
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


class Interrupted(KeyboardInterrupt):
    """The build received SIGTERM or SIGHUP (or its parent died): stop, record nothing."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


@contextlib.contextmanager
def stop_on_signals():
    """Turn SIGTERM and SIGHUP into :class:`Interrupted` (so workers and kernels are stopped and
    nothing half-done is recorded); restore the previous handlers after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _worker_init() -> None:
    """In each worker: die with the runner (Linux parent-death signal), and turn SIGTERM into an
    exception so papermill shuts the kernel down and the partial output is removed."""
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGHUP, _raise_interrupted)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the runner already died before the signal was armed
            raise Interrupted(signal.SIGTERM)


#: A build worker's kernel, kept from one notebook to the next (:func:`_run_one`).
_WORKER_KERNEL: Kernel | None = None


def _run_one(path_str: str, passes: list[tuple[str | None, str]], parameters: dict,
             fresh: bool = False) -> list[tuple[float, str]]:
    """In a worker: every pass of one notebook, in the worker's kernel (reset before each pass, see
    :func:`execute_passes`); ``(seconds, error)`` per pass (a pass after a failed one is not run, and
    says so). ``fresh``: a kernel of its own instead."""
    global _WORKER_KERNEL
    path, done = Path(path_str), []
    if fresh:
        kernel = None
    elif _WORKER_KERNEL is None or _WORKER_KERNEL.closed:
        _WORKER_KERNEL = Kernel()
        # when the worker ends (nothing is running in the kernel then: it is stopped at once)
        multiprocessing.util.Finalize(None, _WORKER_KERNEL.close, kwargs={"now": True}, exitpriority=10)
        kernel = _WORKER_KERNEL
    else:
        kernel = _WORKER_KERNEL
    try:
        execute_passes(path, [(language, Path(output)) for language, output in passes], parameters, done=done,
                       kernel=kernel)
        return [(seconds, "") for seconds in done]
    except Interrupted as exc:
        # leave now: a worker that returned to its queue would wait forever once the runner is gone;
        # the kernel notices its parent has exited and stops too
        os._exit(128 + exc.signum)
    except BaseException as exc:  # report everything, including kernel deaths
        kept = failed_path(Path(passes[len(done)][1]))
        error = describe_failure(exc, path) + (f"\n  executed cells kept in {kept}" if kept.exists() else "")
        skipped = [(0.0, f"{path.name}: not executed in {language or 'the default language'} (the pass before failed)")
                   for language, _ in passes[len(done) + 1:]]
        return [(seconds, "") for seconds in done] + [(0.0, error)] + skipped


def remove_leftovers(directory: Path, notebooks: list[Path]) -> None:
    """Remove partial outputs of interrupted runs, and failed copies of notebooks that no longer
    exist or have since run successfully (one failed copy per failing notebook is kept)."""
    if not directory.exists():
        return
    names = {p.stem for p in notebooks}
    for path in directory.glob(".*.partial.ipynb"):
        path.unlink(missing_ok=True)
    for path in directory.glob("*.failed.ipynb"):
        if path.name.removesuffix(".failed.ipynb") not in names:
            path.unlink(missing_ok=True)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and stop the running workers (their kernels follow)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()  # SIGTERM: papermill stops the kernel and removes the partial output
    deadline = time.monotonic() + 10
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()  # its kernel notices the parent is gone and exits
                process.join(timeout=5)


def execute_all(paths: list[Path] | None = None, *, workers: int | None = None, force: bool = False,
                out_dir: Path = EXECUTED_DIR, cache_dir: Path = CACHE_DIR, language: str | None = None,
                passes: list[Pass] | None = None, fresh_kernels: bool = False, echo=print) -> list[Result]:
    """Execute every notebook whose cache key changed, in parallel; print one timing line each.

    ``language`` (e.g. ``"ko"``) is given to the kernels as ``KRDEV_LANG``; by default they inherit it.
    With ``passes``, each notebook is executed once per :class:`Pass` that needs it, all of them in
    one kernel (:func:`execute_passes`): the Korean edition's run of a chapter follows its English
    one without a second kernel start, imports and data reads. Each pass keeps its own cache. A worker
    keeps its kernel for its next notebook (reset in between); ``fresh_kernels`` starts one per notebook."""
    from tqdm import tqdm

    paths = list_notebooks() if paths is None else paths
    passes = passes or [Pass(language, out_dir, cache_dir)]
    env = environment_digest()
    for ps in passes:
        remove_leftovers(ps.out_dir / "notebooks", paths)
    todo: dict[Path, list[tuple[Pass, str, Path]]] = {}
    results = []
    for path in paths:
        for ps in passes:
            if ps.only is not None and path.stem not in ps.only:
                continue
            key = cache_key(path, None, env)
            output = ps.out_dir / "notebooks" / path.name
            if not force and is_cached(path, key, output, ps.cache_dir):
                results.append(Result(path.name, "cached", language=ps.language))
                echo(f"  cached    {path.name}{_tag(ps)}")
            else:
                todo.setdefault(path, []).append((ps, key, output))
    if todo:
        # longest first (by the last recorded times, else by source size): the slowest notebook
        # must not start last when workers share the queue
        order = sorted(todo, key=lambda p: (-sum(_last_seconds(p, ps.cache_dir) for ps, _, _ in todo[p]), -p.stat().st_size))
        workers = workers or os.cpu_count() or 1
        echo(f"Executing {len(order)} notebook(s) with {min(workers, len(order))} worker(s)")
        # "spawn", not fork: the runner may have other threads (the bundle) whose locks a fork would copy
        context = multiprocessing.get_context("spawn")
        for path in order:  # a record describes only the output it was written for
            for ps, _, _ in todo[path]:
                _cache_file(path, ps.cache_dir).unlink(missing_ok=True)
        pool = ProcessPoolExecutor(max_workers=min(workers, len(order)), mp_context=context, initializer=_worker_init)
        try:
            futures = {pool.submit(_run_one, str(p), [(ps.language, str(o)) for ps, _, o in todo[p]], {}, fresh_kernels): p
                       for p in order}
            with tqdm(total=len(futures), unit="nb", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                for future in as_completed(futures):
                    path = futures[future]
                    try:
                        outcomes = future.result()
                    except Exception as exc:  # the worker itself died (killed, out of memory)
                        error = f"{path.name}: the execution stopped ({type(exc).__name__}: {exc})"
                        outcomes = [(0.0, error)] * len(todo[path])
                    bar.update(1)
                    timings = []
                    for (ps, key, output), (seconds, error) in zip(todo[path], outcomes):
                        if not error:
                            error = incomplete(output, path)  # never record what is not complete
                        if error:
                            results.append(Result(path.name, "failed", seconds, error, ps.language))
                            echo(f"  FAILED    {path.name}{_tag(ps)}\n  {error}")
                            continue
                        ps.cache_dir.mkdir(parents=True, exist_ok=True)
                        _write_atomically(_cache_file(path, ps.cache_dir), json.dumps(
                            {"key": key, "seconds": round(seconds, 2), "output": _sha256(output)}))
                        results.append(Result(path.name, "executed", seconds, language=ps.language))
                        timings.append(f"{seconds:6.1f} s{_tag(ps)}")
                    if timings:
                        echo(f"  executed  {path.name}  " + " +".join(timings))
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    return sorted(results, key=lambda r: (r.notebook, r.language or ""))


def _tag(ps: Pass) -> str:
    return f" ({ps.language})" if ps.language else ""


def _sync_file(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` only if the bytes differ (keeps mtimes stable for Sphinx)."""
    data = src.read_bytes()
    if dst.exists() and dst.read_bytes() == data:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return True


def stage(executed_dir: Path = EXECUTED_DIR, stage_dir: Path = STAGE_DIR, notebooks: list[Path] | None = None) -> int:
    """Mirror the book sources into ``stage_dir``; the executed notebooks replace the sources
    (only those of ``notebooks`` when given, never failed or partial copies)."""
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
    names = None if notebooks is None else {p.name for p in notebooks}
    for src in (executed_dir / "notebooks").glob("*.ipynb"):
        if src.name.startswith(".") or src.name.endswith(".failed.ipynb") or (names is not None and src.name not in names):
            continue
        wanted[stage_dir / "notebooks" / src.name] = src
    changed = sum(_sync_file(src, dst) for dst, src in wanted.items())
    for path in list(stage_dir.rglob("*")) if stage_dir.exists() else []:
        if path.is_file() and path not in wanted:
            path.unlink()
    return changed


def build_book(*, strict: bool = True, echo=print, stage_dir: Path = STAGE_DIR, output_parent: Path | None = None,
               builder: str = "html", fresh: bool = False) -> int:
    """Run jupyter-book on the staged sources into ``_build/html``; return its exit status.
    ``fresh``: re-read every page (Sphinx otherwise skips pages it read before, with their warnings)."""
    output_parent = output_parent or BUILD_DIR.parent
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(stage_dir), "--path-output",
               str(output_parent), "--builder", builder, "--quiet"]  # Sphinx warnings and errors only
    if strict:
        command += ["-W", "-n", "--keep-going"]
    if fresh:
        command += ["--all"]
    echo("Building the book: jupyter-book " + " ".join(command[1:]))
    return subprocess.call(command, cwd=REPO_ROOT)


class BuildLocked(RuntimeError):
    """Another build holds the lock of this build folder."""


@contextlib.contextmanager
def build_lock(build_dir: Path | None = None, *, wait: bool = True, echo=print):
    """Hold ``build_dir/build.lock`` (an OS file lock, released when the process ends, even if
    killed). A second build waits for it, or with ``wait=False`` raises :class:`BuildLocked`."""
    import fcntl

    build_dir = Path(build_dir or BUILD_DIR)
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / "build.lock"
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            message = f"another build is running in {build_dir} ({holder})"
            if not wait:
                raise BuildLocked(message + "; wait for it to finish, or run this one with another KRDEV_BUILD_DIR") from None
            echo(message + "; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        yield path
    finally:
        handle.close()


def build(*, workers: int | None = None, force: bool = False, echo=print, wait: bool = True) -> int:
    """The whole of ``make book``, under the build lock; returns a process exit status."""
    try:
        with build_lock(wait=wait, echo=echo), stop_on_signals():
            return _build(workers=workers, force=force, echo=echo)
    except BuildLocked as exc:
        echo(f"BUILD LOCKED: {exc}")
        return 3
    except Interrupted as exc:
        echo(f"\nBuild interrupted by {exc}; workers stopped, nothing incomplete was recorded")
        return 128 + exc.signum


def _build(*, workers: int | None = None, force: bool = False, echo=print) -> int:
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
    from krdev import edition

    notebooks = list_notebooks()
    korean_pass = edition.korean_pass(BUILD_DIR) if edition.enabled() else None
    # each chapter runs once per edition in one kernel: the Korean run follows the English one
    passes = [Pass()] + ([korean_pass] if korean_pass else [])
    results = execute_all(notebooks, workers=workers, force=force, passes=passes, echo=echo)
    bundle.join()
    if korean_pass:
        edition.record_catalogues(BUILD_DIR, results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        echo(f"\n{len(failed)} notebook execution(s) failed; the book was not built:")
        for r in failed:
            echo(f"  - {r.error}")
        return 1
    stage(notebooks=notebooks)
    stamp, digest = CACHE_DIR / "html-build.json", staged_digest()
    pending = CACHE_DIR / "html-pending"  # present while Sphinx runs and after it failed
    index = BUILD_DIR / "html" / "index.html"
    recorded = _read_json(stamp)
    pages_intact = recorded.get("pages") == pages_digest(BUILD_DIR / "html")
    korean = not edition.enabled() or (index.parent / "ko" / "index.html").exists()  # the Korean edition
    if not force and index.exists() and korean and not pending.exists() and recorded.get("digest") == digest and pages_intact:
        echo(f"Book up to date (sources, executed notebooks and code unchanged): {index}")
        return 0
    stamp.unlink(missing_ok=True)
    fresh = force or pending.exists() or (bool(recorded) and not pages_intact)  # pages changed outside a build
    if pending.exists():
        echo("The last HTML build failed or was interrupted: every page is read again")
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(json.dumps({"digest": digest}))
    started = time.perf_counter()
    status = edition.build_html(STAGE_DIR, BUILD_DIR, echo=echo, fresh=fresh)
    if status:
        return status
    echo(f"  HTML built in {time.perf_counter() - started:.1f} s")
    stamp_asset_versions(BUILD_DIR / "html")
    stamp_asset_versions(BUILD_DIR / "html" / "ko")  # the Korean pages against the Korean edition's own assets
    _write_atomically(stamp, json.dumps({"digest": digest, "pages": pages_digest(BUILD_DIR / "html")}))
    pending.unlink()
    echo(f"Book built in {time.perf_counter() - start:.1f} s: {index}")
    return 0


def pages_digest(html_dir: Path) -> str:
    """Hash of every page of the built site (path and bytes): a page removed or altered since the
    last successful build makes the next build run Sphinx again."""
    digest = hashlib.sha256()
    for page in sorted(html_dir.rglob("*.html")) if html_dir.exists() else []:
        digest.update(page.relative_to(html_dir).as_posix().encode() + b"\0" + page.read_bytes())
    return digest.hexdigest()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text()) if path.exists() else {}
    except (OSError, ValueError):
        return {}


ASSET_URL = re.compile(r'(<(?:link|script)\b[^>]*?\b(?:href|src)=")([^"?#]*?_static/([^"?#]+))(\?v=[0-9a-f]+)?(")')


def stamp_asset_versions(html_dir: Path) -> int:
    """Give every local ``_static`` stylesheet and script link the ``?v=`` checksum of the file it
    points to (Sphinx's own scheme), so that pages written by a clean build and by an incremental
    one are identical: Sphinx adds the checksum only for files already in the output folder, which
    after a clean build excludes the assets copied at the end. Returns the number of pages changed."""
    from sphinx.builders.html._assets import _file_checksum

    sums: dict[str, str] = {}
    changed = 0

    def version(match: re.Match) -> str:
        name = match.group(3)
        if name not in sums:
            sums[name] = _file_checksum(html_dir / "_static", name)
        checksum = sums[name]
        return match.group(1) + match.group(2) + (f"?v={checksum}" if checksum else "") + match.group(5)

    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed = ASSET_URL.sub(version, text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def staged_digest(stage_dir: Path = STAGE_DIR) -> str:
    """Hash of every staged file (path and bytes) and of the code and requirements: if it is the
    one recorded after the last successful HTML build, Sphinx has nothing to do."""
    digest = hashlib.sha256(environment_digest(site=True).encode())
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
    try:
        with build_lock(echo=echo), stop_on_signals():
            return _build_pdf(pdf_root, workers=workers, echo=echo)
    except Interrupted as exc:
        echo(f"\nPDF build interrupted by {exc}; nothing incomplete was recorded")
        return 128 + exc.signum


def _build_pdf(pdf_root: Path, *, workers: int | None = None, echo=print) -> int:
    import shutil as _shutil

    os.environ["KRDEV_STATIC_FIGURES"] = "1"
    results = execute_all(workers=workers, out_dir=pdf_root / "executed", cache_dir=pdf_root / "cache", echo=echo)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        for r in failed:
            echo(f"  - {r.error}")
        return 1
    stage(pdf_root / "executed", pdf_root / "src", notebooks=list_notebooks())
    status = build_book(strict=False, echo=echo, stage_dir=pdf_root / "src", output_parent=pdf_root, builder="pdflatex")
    produced = pdf_root / "_build" / "latex" / "book.pdf"
    if status or not produced.exists():
        echo("the LaTeX build failed; see _build/pdf/_build/latex/*.log")
        return status or 1
    _shutil.copyfile(produced, BUILD_DIR / "book.pdf")
    echo(f"PDF written: {BUILD_DIR / 'book.pdf'}")
    from krdev import edition

    return edition.build_pdf(pdf_root, echo=echo)


PROTECTED_DIRS = ("notebooks", "data", "book", "krdev", "tests", ".git")


def _tracked(path: Path) -> bool:
    """Whether ``path`` is a file tracked by the repository's git (False without git)."""
    try:
        result = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=REPO_ROOT,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def check_output_path(output: Path, source: Path, *, overwrite: bool = False) -> Path:
    """Refuse an output path that would overwrite sources: the notebook itself, a file tracked by
    the repository, anything inside ``notebooks/``, ``data/``, ``book/``, ``krdev/`` (or tests,
    .git), a path that is not an ``.ipynb`` file, or (unless ``overwrite``) an existing file; and
    name an output folder that cannot be written. Returns the resolved path."""
    from krdev.errors import OutputError

    target = Path(output).expanduser().resolve()
    if target.suffix != ".ipynb":
        raise OutputError(f"output {output} must be a notebook file ending in .ipynb")
    if target == Path(source).resolve():
        raise OutputError(f"output {output} is the source notebook itself; choose another path, e.g. /tmp/{target.name}")
    root = REPO_ROOT.resolve()
    if target.is_relative_to(root):
        top = target.relative_to(root).parts[0]
        if top in PROTECTED_DIRS or len(target.relative_to(root).parts) == 1:
            raise OutputError(f"output {output} lies inside the repository's sources ({top}); "
                              f"write it under _build/ or outside the repository")
        if _tracked(target):
            raise OutputError(f"output {output} is a file tracked by the repository; choose another path")
    if target.is_dir():
        raise OutputError(f"output {output} is a folder; give a file name ending in .ipynb")
    if target.exists() and not overwrite:
        raise OutputError(f"output {output} exists; pass --overwrite to replace it")
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write the output {output}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write the output {output}: the folder {folder} is not writable")
    return target


def run(path: Path, output: Path, parameters: dict, echo=print, *, overwrite: bool = False) -> int:
    """Re-execute one chapter with new parameters into ``output`` (``python -m krdev run``)."""
    import papermill

    from krdev.errors import ParameterError
    from krdev.params import coerce, validate, year_ranges

    output = check_output_path(output, path, overwrite=overwrite)
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
    validate(ranges=year_ranges(path.stem), **typed)
    with stop_on_signals():
        seconds = execute(path, output, typed)
    echo(f"{path.name} executed with {typed} in {seconds:.1f} s -> {output}")
    return 0


def _has_outputs(path: Path) -> bool:  # used by tests and the pre-commit check
    nb = json.loads(path.read_text(encoding="utf-8"))
    return any(c.get("outputs") or c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")


def clean() -> None:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
