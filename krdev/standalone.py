"""``python -m krdev run ... --html``: a re-run chapter as one standalone HTML file.

The executed notebook is built by the book's own pipeline (same configuration, theme, extensions and
figure apparatus) in a private folder, with a table of contents holding just that chapter plus the
glossary and bibliography it links to. The chapter page is then made self-contained: every local
stylesheet, script and image is inlined, the boundaries that maps load from ``_static/data`` are put
into the chart specifications, and each figure's "Data (CSV)" link becomes a ``data:`` URL. The file
opens offline, from anywhere, and can be shared as it is.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

SPEC = re.compile(r'(<script type="application/json" class="krdev-spec">)(.*?)(</script>)', re.S)
LINK = re.compile(r"<link\b[^>]*>")
SCRIPT = re.compile(r'<script\b([^>]*?)\ssrc="([^"]+)"([^>]*)>\s*</script>')
DEFER = re.compile(r'\s(?:defer|async)(?:="[^"]*")?')
#: scripts of the site's search, which a single page cannot use
SKIPPED_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
IMAGE = re.compile(r'(<img[^>]*? src=")([^"]+)(")')
CSV_LINK = re.compile(r'(<a class="krdev-(?:csv|json)" href=")([^"]+)(")')


def _local(page: Path, href: str) -> Path | None:
    if href.startswith(("http:", "https:", "data:", "//", "#")):
        return None
    path = (page.parent / href.split("?")[0].split("#")[0]).resolve()
    return path if path.is_file() else None


def _data_url(path: Path, mime: str | None = None) -> str:
    mime = mime or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _css(path: Path, depth: int = 0) -> str:
    """A stylesheet with its ``@import``s, fonts and images inlined (paths relative to the stylesheet)."""
    css = path.read_text(encoding="utf-8", errors="replace")

    def imported(match):
        target = _local(path, match.group(2))
        return _css(target, depth + 1) if target and depth < 5 else match.group(0)

    css = re.sub(r"@import\s+(?:url\()?(['\"]?)([^'\")]+)\1\)?\s*;", imported, css)
    return re.sub(r"url\((['\"]?)(?!data:|https?:|#)([^'\")]+)\1\)",
                  lambda m: f"url({_data_url(p)})" if (p := _local(path, m.group(2))) else m.group(0), css)


def inline_page(page: Path) -> str:
    """The HTML of ``page`` with its local assets, map boundaries and figure data inlined."""
    from krdev.charts import _inline_static_data

    text = page.read_text(encoding="utf-8")

    def spec(match):
        data = json.loads(match.group(2).replace("<\\/", "</"))
        data = _inline_static_data(data)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return match.group(1) + body + match.group(3)

    def stylesheet(match):
        tag = match.group(0)
        rel = re.search(r'rel="([^"]+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        if not rel or not href:
            return tag
        if rel.group(1) == "preload":
            return ""  # the scripts it announces are inlined below
        if rel.group(1) == "icon" and (icon := _local(page, href.group(1))):
            return tag.replace(href.group(0), f'href="{_data_url(icon)}"')
        path = _local(page, href.group(1)) if rel.group(1) == "stylesheet" else None
        if path is None:
            return tag
        return f"<style>{_css(path)}</style>"

    deferred: list[str] = []
    vega = page.parent.parent / "_static" / "krdev-vega.js"  # loaded on demand by the site's chart script

    def script(match):
        name = match.group(2).split("?")[0]
        if name.endswith(SKIPPED_SCRIPTS):
            return ""
        path = _local(page, match.group(2))
        if path is None:
            return match.group(0)
        code = path.read_text(encoding="utf-8", errors="replace")
        if name.endswith("krdev-charts.js") and "krdev-vega.js" not in text_scripts and vega.is_file():
            code = vega.read_text(encoding="utf-8") + "\n" + code
        code = code.replace("</script", "<\\/script")
        attrs = match.group(1) + match.group(3)
        plain = DEFER.sub("", attrs)
        inline = f"<script{plain}>{code}</script>"
        if DEFER.search(attrs):  # an inline script cannot be deferred: run it at the end
            deferred.append(inline)
            return ""
        return inline

    def image(match):
        path = _local(page, match.group(2))
        return match.group(1) + (_data_url(path) if path else match.group(2)) + match.group(3)

    def data_link(match):
        path = _local(page, match.group(2))
        if path is None:
            return match.group(0)
        mime = "text/csv" if path.suffix == ".csv" else "application/json"
        return f'{match.group(1)}data:{mime};charset=utf-8,{quote(path.read_text(encoding="utf-8"))}{match.group(3)}'

    text = SPEC.sub(spec, text)
    text = LINK.sub(stylesheet, text)
    text_scripts = " ".join(m.group(2) for m in SCRIPT.finditer(text))
    text = SCRIPT.sub(script, text)
    if deferred:  # before the page's own </body> (the last one: inlined code may contain the string)
        head, _, tail = text.rpartition("</body>")
        text = head + "".join(deferred) + "</body>" + tail
    text = IMAGE.sub(image, text)
    return CSV_LINK.sub(data_link, text)


def render(executed: Path, chapter: str, output: Path, echo=print) -> int:
    """Build the executed notebook ``executed`` (chapter ``chapter``) into the standalone file ``output``."""
    from krdev import runner

    work = Path(tempfile.mkdtemp(prefix="krdev-html-"))
    try:
        executed_dir = work / "executed"
        (executed_dir / "notebooks").mkdir(parents=True)
        shutil.copyfile(executed, executed_dir / "notebooks" / f"{chapter}.ipynb")
        toc = work / "_toc.yml"
        toc.write_text(f"format: jb-book\nroot: notebooks/{chapter}\nchapters:\n  - file: book/glossary\n"
                       "  - file: book/bibliography\n", encoding="utf-8")
        previous = os.environ.get("KRDEV_TOC")
        os.environ["KRDEV_TOC"] = str(toc)
        try:
            runner.stage(executed_dir, work / "src")
        finally:
            if previous is None:
                os.environ.pop("KRDEV_TOC", None)
            else:
                os.environ["KRDEV_TOC"] = previous
        status = runner.build_book(strict=False, echo=lambda *_: None, stage_dir=work / "src", output_parent=work)
        page = work / "_build" / "html" / "notebooks" / f"{chapter}.html"
        if status or not page.exists():
            echo(f"error: the HTML build of {chapter} failed (see the output above)")
            return status or 1
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(inline_page(page), encoding="utf-8")
        echo(f"standalone HTML written: {output} ({output.stat().st_size / 1e6:.1f} MB)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
