"""Helpers shared by the site tests and the benchmark: a local server (optionally gzip, as static hosts
serve), axe-core injected into a page, the Nu Html Checker, and browser-side measures."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB_TOOLS = ROOT / "tools" / "web" / "node_modules"
AXE = WEB_TOOLS / "axe-core" / "axe.min.js"
VNU = WEB_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = WEB_TOOLS / "lighthouse" / "cli" / "index.js"
CHROMIUM = __import__("os").environ.get("KRDEV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MISSING_TOOLS = "the site checkers are not installed: run `npm ci --prefix tools/web` (see tools/web/package.json)"


class _Handler(http.server.SimpleHTTPRequestHandler):
    gzip_types = (".html", ".js", ".css", ".json", ".geojson", ".svg", ".txt", ".inv")

    def log_message(self, *args, **kwargs):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (self.server.gzip and path.is_file() and path.suffix in self.gzip_types
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)
        return super().send_head()


@contextlib.contextmanager
def serve(site: Path, *, gzip_encoding: bool = False):
    """Serve ``site`` on a free local port; yields the base URL (ending in ``/``)."""
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.gzip = gzip_encoding
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def draw_all_charts(page, timeout_ms: int = 60_000) -> None:
    """Ask the page to draw every interactive chart (in the book each is a picture until the reader asks
    for it) and wait for them."""
    if page.locator("div.krdev-chart").count():
        page.evaluate("() => window.krdevDrawAll && window.krdevDrawAll()")
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.krdev-chart')].every(d => ['ok','error'].includes(d.dataset.rendered))",
            timeout=timeout_ms)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the current page."""
    if not AXE.exists():
        raise RuntimeError(MISSING_TOOLS)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           WCAG_TAGS)
    return result["violations"]


def vnu_errors(paths: list[Path]) -> list[dict]:
    """Errors the Nu Html Checker (vnu.jar) reports for ``paths``."""
    if not VNU.exists():
        raise RuntimeError(MISSING_TOOLS)
    java = shutil.which("java")
    if not java:
        raise RuntimeError("Java is missing (the Nu Html Checker needs it): apt-get install default-jre-headless")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
                            capture_output=True, text=True)
    return [m for m in json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
            if m.get("type") in ("error", "non-document-error")]


#: share of Hangul characters in the page's text whose nearest ``lang`` is Korean
HANGUL_COVERAGE_JS = r"""() => {
  const re = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let total = 0, marked = 0; const unmarked = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template')) continue;
    const n = (node.data.match(re) || []).length;
    if (!n) continue;
    total += n;
    const owner = parent.closest('[lang]');
    if (owner && owner.getAttribute('lang').toLowerCase().startsWith('ko')) marked += n;
    else if (unmarked.length < 5) unmarked.push(node.data.trim().slice(0, 60));
  }
  return {total, marked, unmarked};
}"""

#: chart text smaller than the given size on screen (font size times the drawing's scale)
SMALL_CHART_TEXT_JS = r"""(minPx) => {
  const small = [];
  document.querySelectorAll('div.krdev-chart svg text').forEach(t => {
    if (!t.textContent.trim()) return;
    const size = parseFloat(getComputedStyle(t).fontSize);
    const ctm = t.getScreenCTM();
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    if (size * scale < minPx - 0.01) small.push(`${t.textContent.trim().slice(0, 30)} (${(size * scale).toFixed(1)} px)`);
  });
  return small;
}"""

#: text of the charts' build-time pictures (``img.krdev-static``, SVG files) smaller than the given size
#: on screen: each picture's smallest font size times its scale (shown width ÷ natural width)
STATIC_CHART_TEXT_JS = r"""async (minPx) => {
  const small = [];
  for (const img of document.querySelectorAll('div.krdev-chart img.krdev-static')) {
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    const natural = parseFloat(svg.documentElement.getAttribute('width'));
    const scale = img.getBoundingClientRect().width / natural;
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim()) return;
      const sized = t.closest('[font-size]');
      if (!sized) { small.push(`${t.textContent.trim().slice(0, 30)} (no font size)`); return; }
      const size = parseFloat(sized.getAttribute('font-size'));
      if (size * scale < minPx - 0.01) small.push(`${t.textContent.trim().slice(0, 30)} (${(size * scale).toFixed(1)} px)`);
    });
    if (!(scale > 0)) small.push(`${img.getAttribute('src')}: not shown (width ${img.getBoundingClientRect().width})`);
  }
  return small;
}"""

#: Hangul words inside headings whose characters sit on more than one line
BROKEN_HANGUL_HEADINGS_JS = r"""() => {
  const broken = [];
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach(h => {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const m of node.data.matchAll(/[\uac00-\ud7a3]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(`${h.textContent.trim().slice(0, 50)}: ${m[0]}`);
      }
    }
  });
  return broken;
}"""

#: elements that stick out of the viewport sideways (the page itself must not scroll horizontally)
PAGE_OVERFLOW_JS = r"""() => ({scroll: document.documentElement.scrollWidth, width: window.innerWidth})"""


def search_hits(browser, url: str) -> list[str]:
    """The result links (hrefs) of the built site's search page at ``url`` (``.../search.html?q=...``)."""
    page = browser.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector("#search-results .search-summary", timeout=20_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))")
    page.close()
    return hits
