"""Build benchmark: our pipeline against the stock one, measured as ratios in a single run.

Run with ``make bench`` (not part of the test suite). On a fresh clone of the repository's HEAD in a
temporary folder it measures:

- clean build: ``make book`` with empty ``_build/`` and caches, both editions (English and Korean), and
  the English edition alone (``KRDEV_EDITIONS=en make book``) on another fresh clone;
- stock build: plain ``jupyter-book build`` with ``execute_notebooks: force`` (one notebook after
  another, the standard pipeline) on another fresh clone;
- no-op rebuild: ``make book`` again, nothing changed;
- one-notebook rebuild: one Markdown cell of one notebook changed; one prose page changed;
- per-notebook execution times (from the runner's cache records);
- page weight: bytes of each page plus what only it loads (shared ``_static`` assets counted once),
  inline chart data, total site size, largest page;
- chart readiness: navigation start to every chart drawn, per page, in headless Chromium with a
  cold cache; median over pages;
- Lighthouse 12 (mobile preset, simulated throttling) on every page served with gzip as a static host
  does, and on the stock Jupyter Book template's landing page built in the same run: performance
  score, largest contentful paint and total blocking time (``tools/web``, ``npm ci --prefix tools/web``);
- first-time set-up: ``make venv`` (uv, pip as fallback) against plain ``python3 -m venv`` +
  ``pip install -r requirements.txt``, each on its own fresh clone with its own empty package caches
  (a new machine), and whether both give the same installed versions; with the clean build, the
  first ``make book`` on a fresh clone against the same with the plain pip set-up.

``--setup-only`` measures the set-up alone and adds it to the recorded results (the first-book ratio
then uses the recorded clean build); ``--lighthouse-only`` does the same for Lighthouse on the
current ``_build/html``.

Writes ``benchmarks/results.json`` and ``benchmarks/results.md`` (included in the book's
reproducibility appendix). Machines are shared and noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CHROMIUM = os.environ.get("KRDEV_CHROMIUM", "/usr/bin/chromium")
TARGETS = {
    "clean_vs_stock": 1.0, "clean_en_vs_stock": 0.6, "noop_vs_clean": 0.1, "one_notebook_vs_clean": 0.35, "one_page_vs_clean": 0.35,
    "median_page_kb": 500, "largest_page_kb": 2048, "median_chart_ready_s": 1.5,
    "min_lighthouse_mobile": 90, "max_lcp_s": 2.5, "max_tbt_ms": 200,
    "first_book_vs_pip": 0.5,
}
#: measures where larger is better (the others are ceilings)
FLOORS = {"min_lighthouse_mobile"}


def fresh_clone(name: str, parent: Path) -> Path:
    """A clone of HEAD sharing this repository's virtual environment (no reinstall)."""
    target = parent / name
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(target)], check=True)
    (target / ".venv").symlink_to(VENV)
    past = time.time() - 10 * 365 * 86400  # requirements older than the venv's stamp: no reinstall
    for name in ("requirements.txt", "pyproject.toml"):
        os.utime(target / name, (past, past))
    results = target / "benchmarks" / "results.md"
    if not results.exists():  # first ever run: the appendix includes this file
        results.write_text("No benchmark has been recorded yet.\n", encoding="utf-8")
    return target


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"command failed in {cwd}: {' '.join(command)}")
    return seconds


def edit_notebook_markdown(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = source + "\n\nA sentence added by the benchmark.\n"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def stock_build(copy: Path) -> float:
    config = copy / "_config.yml"
    text = config.read_text(encoding="utf-8").replace(
        'execute_notebooks: "off"', "execute_notebooks: force\n  timeout: 1200")
    config.write_text(text, encoding="utf-8")
    return timed([str(VENV / "bin" / "jupyter-book"), "build", str(copy)], copy)


# ------------------------------------------------------------------ page weight and readiness

SPEC_RE = re.compile(r'<script type="application/json" class="krdev-spec">(.*?)</script>', re.S)
ASSET_RE = re.compile(r'(?:src|href)="([^"#?]+)(?:\?[^"]*)?"')


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("genindex.html", "search.html")
                  and p != site / "index.html")


def page_weight(site: Path) -> list[dict]:
    rows = []
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        own = len(text.encode())
        for ref in ASSET_RE.findall(text):
            if ref.startswith(("http", "//", "mailto:")) or "_static/" in ref or ref.endswith(".html"):
                continue  # shared static assets are loaded once per site; links are not loads
            target = (page.parent / ref).resolve()
            if target.is_file() and target.suffix in (".png", ".svg", ".jpg", ".json", ".geojson", ".js", ".css"):
                own += target.stat().st_size
        inline = sum(len(m.encode()) for m in SPEC_RE.findall(text))
        rows.append({"page": page.relative_to(site).as_posix(), "kb": round(own / 1024, 1),
                     "chart_data_kb": round(inline / 1024, 1), "charts": len(SPEC_RE.findall(text))})
    return rows


def chart_readiness(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        for page_path in pages(site):
            if 'class="krdev-chart"' not in page_path.read_text(encoding="utf-8"):
                continue
            context = browser.new_context()  # cold cache
            page = context.new_page()
            page.goto(base + page_path.relative_to(site).as_posix(), wait_until="commit")
            page.wait_for_function("() => window.krdevDrawAll", timeout=60_000)  # charts draw lazily: ask for all
            page.evaluate("() => window.krdevDrawAll()")
            page.wait_for_function("() => { const d = [...document.querySelectorAll('div.krdev-chart')];"
                                   " return d.length && d.every(x => x.dataset.rendered === 'ok'); }", timeout=60_000)
            seconds = page.evaluate("performance.now()") / 1000
            rows.append({"page": page_path.relative_to(site).as_posix(), "ready_s": round(seconds, 3)})
            context.close()
        browser.close()
    httpd.shutdown()
    return rows


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset) of ``url`` with the system Chromium; performance only."""
    sys.path.insert(0, str(ROOT))
    from tests.webcheck import LIGHTHOUSE

    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: npm ci --prefix tools/web")
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
               f"--output-path={out}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
               "--disable-background-networking --disable-component-update --disable-sync"]
    subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "bytes_kb": round(audits["total-byte-weight"]["numericValue"] / 1024)}


def stock_template_site(parent: Path) -> Path:
    """The stock Jupyter Book 1 template (``jupyter-book create``) built with its defaults."""
    book = parent / "stock-template"
    jb = str(VENV / "bin" / "jupyter-book")
    subprocess.run([jb, "create", str(book)], check=True, capture_output=True)
    subprocess.run([jb, "build", str(book)], check=True, capture_output=True, cwd=parent)
    return book / "_build" / "html"


def lighthouse_pages(site: Path, stock_site: Path | None = None) -> tuple[list[dict], dict | None]:
    """Lighthouse on every page of ``site`` (and the stock template's landing page), served with gzip."""
    sys.path.insert(0, str(ROOT))
    from tests.webcheck import serve

    rows, stock, tmp = [], None, Path(tempfile.mkdtemp(prefix="krdev-lh-"))
    try:
        with serve(site, gzip_encoding=True) as base:
            for page_path in pages(site):
                rel = page_path.relative_to(site).as_posix()
                rows.append({"page": rel, **lighthouse(base + rel, tmp / "report.json")})
        if stock_site is not None:
            with serve(stock_site, gzip_encoding=True) as base:
                stock = {"page": "intro.html", **lighthouse(base + "intro.html", tmp / "stock.json")}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows, stock


# ------------------------------------------------------------------ first-time set-up


def installed_versions(venv: Path) -> dict[str, str]:
    listing = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze",
                              "--disable-pip-version-check"], capture_output=True, text=True, check=True).stdout
    return dict(line.split("==", 1) for line in listing.splitlines() if "==" in line)


def setup_timing(work: Path) -> dict:
    """Seconds to create ``.venv`` on a fresh clone: plain pip, then ours, each with empty caches."""
    python = shutil.which("python3") or sys.executable
    commands = {
        "pip": ["sh", "-c", f"{python} -m venv .venv && .venv/bin/python -m pip install -r requirements.txt"],
        "ours": ["make", "venv", f"PYTHON={python}"],
    }
    seconds, versions = {}, {}
    for name, command in commands.items():
        clone = work / f"setup-{name}"
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        caches = work / f"caches-{name}"  # a new machine: nothing downloaded before
        env = {"PIP_CACHE_DIR": str(caches / "pip"), "UV_CACHE_DIR": str(caches / "uv")}
        seconds[name] = timed(command, clone, env)
        versions[name] = installed_versions(clone / ".venv")
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(caches, ignore_errors=True)
    versions["ours"].pop("uv", None)  # the installer itself
    differing = sorted(k for k in versions["pip"].keys() | versions["ours"].keys()
                       if versions["pip"].get(k) != versions["ours"].get(k))
    return {"pip_s": round(seconds["pip"], 1), "ours_s": round(seconds["ours"], 1),
            "packages": len(versions["ours"]), "same_versions": not differing, "differing": differing}


def setup_ratios(setup: dict, clean: float) -> dict:
    return {"setup_vs_pip": round(setup["ours_s"] / setup["pip_s"], 3),
            "first_book_vs_pip": round((setup["ours_s"] + clean) / (setup["pip_s"] + clean), 3)}


def lighthouse_only() -> int:
    """``--lighthouse-only``: Lighthouse on the current ``_build/html`` and the stock template, added to
    the recorded results (run ``make book`` first)."""
    path = ROOT / "benchmarks" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="krdev-bench-"))
    try:
        scores, stock = lighthouse_pages(ROOT / "_build" / "html", stock_template_site(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results.update({"lighthouse": scores, "lighthouse_stock": stock, "lighthouse_date": dt.date.today().isoformat(),
                    "lighthouse_vs_stock": round(statistics.median(s["score"] for s in scores) / stock["score"], 3)})
    results["ratios"].update({"min_lighthouse_mobile": min(s["score"] for s in scores),
                              "max_lcp_s": max(s["lcp_s"] for s in scores), "max_tbt_ms": max(s["tbt_ms"] for s in scores)})
    return record(results, path)


def record(results: dict, path: Path) -> int:
    """Mark each target met or missed, write ``results.json`` and ``results.md``, print the table."""
    results["targets"] = TARGETS
    results["met"] = {k: results["ratios"][k] >= TARGETS[k] if k in FLOORS else results["ratios"][k] <= TARGETS[k]
                      for k in TARGETS if k in results["ratios"]}
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (ROOT / "benchmarks" / "results.md").write_text(render_markdown(results), encoding="utf-8")
    print(render_markdown(results))
    return 0


def setup_only() -> int:
    """``--setup-only``: measure the set-up and add it to the recorded results."""
    path = ROOT / "benchmarks" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="krdev-bench-"))
    try:
        setup = setup_timing(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["setup"] = {**setup, "date": dt.date.today().isoformat(), "clean_from": results["date"]}
    results["ratios"].update(setup_ratios(setup, results["seconds"]["clean"]))
    return record(results, path)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="krdev-bench-"))
    try:
        ours = fresh_clone("ours", work)
        make = ["make", "book"]
        clean = timed(make, ours)
        records = [(p.stem, json.loads(p.read_text())) for p in (ours / "_build" / "cache").glob("*.json")]
        cache = {name: rec["seconds"] for name, rec in records if "seconds" in rec}  # notebook records only
        noop = timed(make, ours)
        edit_notebook_markdown(sorted((ours / "notebooks").glob("*.ipynb"))[0])
        one_nb = timed(make, ours)
        index = ours / "book" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA sentence added by the benchmark.\n", encoding="utf-8")
        one_page = timed(make, ours)
        site = ours / "_build" / "html"
        weights = page_weight(site)
        readiness = chart_readiness(site)
        site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        clean_en = timed(make, fresh_clone("en", work), env={"KRDEV_EDITIONS": "en"})
        shutil.rmtree(work / "en", ignore_errors=True)
        stock = stock_build(fresh_clone("stock", work))
        shutil.rmtree(work / "stock", ignore_errors=True)
        scores, stock_score = lighthouse_pages(site, stock_template_site(work))
        setup = setup_timing(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    median_kb = statistics.median(w["kb"] for w in weights)
    largest = max(weights, key=lambda w: w["kb"])
    median_ready = statistics.median(r["ready_s"] for r in readiness) if readiness else 0.0
    ratios = {
        "clean_vs_stock": clean / stock, "clean_en_vs_stock": clean_en / stock, "noop_vs_clean": noop / clean,
        "one_notebook_vs_clean": one_nb / clean, "one_page_vs_clean": one_page / clean,
        "median_page_kb": median_kb, "largest_page_kb": largest["kb"], "median_chart_ready_s": median_ready,
        "min_lighthouse_mobile": min(s["score"] for s in scores), "max_lcp_s": max(s["lcp_s"] for s in scores),
        "max_tbt_ms": max(s["tbt_ms"] for s in scores),
        **setup_ratios(setup, clean),
    }
    results = {
        "date": dt.date.today().isoformat(), "machine": machine(),
        "seconds": {"clean": round(clean, 1), "clean_en": round(clean_en, 1), "stock": round(stock, 1), "noop": round(noop, 1),
                    "one_notebook": round(one_nb, 1), "one_page": round(one_page, 1)},
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "targets": TARGETS,
        "met": {k: ratios[k] >= TARGETS[k] if k in FLOORS else ratios[k] <= TARGETS[k] for k in TARGETS},
        "lighthouse": scores, "lighthouse_stock": stock_score,
        "lighthouse_vs_stock": round(statistics.median(s["score"] for s in scores) / stock_score["score"], 3)
        if stock_score and stock_score["score"] else None,
        "notebook_seconds": dict(sorted(cache.items(), key=lambda kv: -kv[1])),
        "pages": weights, "readiness": readiness,
        "site_mb": round(site_bytes / 2**20, 2), "largest_page": largest["page"],
        "inline_chart_data_kb": round(sum(w["chart_data_kb"] for w in weights), 1),
        "setup": setup,
    }
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (ROOT / "benchmarks" / "results.md").write_text(render_markdown(results), encoding="utf-8")
    print(render_markdown(results))
    return 0


def render_markdown(r: dict) -> str:
    names = {
        "clean_vs_stock": ("clean build of both editions ÷ stock build of the English", "≤ {}"),
        "clean_en_vs_stock": ("clean build of the English edition alone ÷ stock build", "≤ {}"),
        "noop_vs_clean": ("no-op rebuild ÷ clean build", "≤ {}"),
        "one_notebook_vs_clean": ("one-notebook rebuild ÷ clean build", "≤ {}"),
        "one_page_vs_clean": ("one-prose-page rebuild ÷ clean build", "≤ {}"),
        "median_page_kb": ("median page weight (KB, shared assets excluded)", "≤ {}"),
        "largest_page_kb": ("largest page (KB)", "≤ {}"), "median_chart_ready_s": ("median chart readiness (s)", "≤ {}"),
        "min_lighthouse_mobile": ("lowest Lighthouse mobile performance score", "≥ {}"),
        "max_lcp_s": ("largest contentful paint, slowest page (s)", "≤ {}"),
        "max_tbt_ms": ("total blocking time, worst page (ms)", "≤ {}"),
        "setup_vs_pip": ("first-time set-up (`make venv`) ÷ plain `pip install -r`", "–"),
        "first_book_vs_pip": ("first `make book` on a fresh clone ÷ the same with plain pip", "≤ {}"),
    }
    lines = [f"Measured {r['date']} on {r['machine']}.", "",
             "| measure | value | target | met |", "|---|---|---|---|"]
    for key, (label, fmt) in names.items():
        if key not in r["ratios"]:  # recorded before this measure existed
            continue
        target = fmt.format(r["targets"][key]) if key in r["targets"] else fmt
        met = ("yes" if r["met"][key] else "no") if key in r["met"] else "–"
        lines.append(f"| {label} | {r['ratios'][key]} | {target} | {met} |")
    s = r["seconds"]
    lines += ["", f"Seconds (noisy; for scale only): clean {s['clean']} (English alone {s.get('clean_en', '–')}), stock {s['stock']}, no-op {s['noop']}, "
                  f"one notebook {s['one_notebook']}, one page {s['one_page']}. Site size {r['site_mb']} MB; "
                  f"largest page `{r['largest_page']}`; inline chart data in all pages {r['inline_chart_data_kb']} KB.",
              ""]
    if "setup" in r:
        u = r["setup"]
        when = f" (measured {u['date']}, with the clean build of {u['clean_from']})" if "date" in u else ""
        lines += [f"First-time set-up{when}, each on a fresh clone with empty package caches: {u['ours_s']} s with "
                  f"`make venv` against {u['pip_s']} s with plain pip, {u['packages']} packages, "
                  + ("the same versions." if u["same_versions"] else f"versions differ: {', '.join(u['differing'])}."),
                  ""]
    lines += ["| notebook | execution (s) |", "|---|---|"]
    lines += [f"| {name} | {sec} |" for name, sec in r["notebook_seconds"].items()]
    lines += ["", "| page | KB | of which chart data | charts | ready (s) |", "|---|---|---|---|---|"]
    ready = {x["page"]: x["ready_s"] for x in r["readiness"]}
    lines += [f"| {w['page']} | {w['kb']} | {w['chart_data_kb']} | {w['charts']} | {ready.get(w['page'], '–')} |"
              for w in r["pages"]]
    stock = r.get("lighthouse_stock")
    lines += ["", "Lighthouse 12, mobile preset (simulated slow 4G and 4× CPU slowdown), pages served with gzip."
              + (f" Stock Jupyter Book template, `{stock['page']}`: score {stock['score']}, LCP {stock['lcp_s']} s, "
                 f"TBT {stock['tbt_ms']} ms; median score of this book ÷ stock: {r['lighthouse_vs_stock']}." if stock else ""),
              "", "| page | score | LCP (s) | TBT (ms) | transferred (KB) |", "|---|---|---|---|---|"]
    lines += [f"| {s['page']} | {s['score']} | {s['lcp_s']} | {s['tbt_ms']} | {s['bytes_kb']} |" for s in r.get("lighthouse", [])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(setup_only() if "--setup-only" in sys.argv[1:]
             else lighthouse_only() if "--lighthouse-only" in sys.argv[1:] else main())
