"""``python -m krdev run ... --html``: one self-contained HTML file of the re-run chapter."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_rerun_chapter_renders_as_one_offline_html_file(tmp_path):
    out = tmp_path / "glance-2000.ipynb"
    result = subprocess.run([sys.executable, "-m", "krdev", "run", "notebooks/regions-at-a-glance.ipynb",
                             "-p", "population_year", "2000", "-o", str(out), "--html"],
                            cwd=ROOT, capture_output=True, text=True)
    page = out.with_suffix(".html")
    assert result.returncode == 0 and page.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    text = page.read_text(encoding="utf-8")
    # nothing local left to fetch: no stylesheet links or script sources outside the file
    assert not re.search(r'<link rel="stylesheet"[^>]*href="(?!https?:|data:)', text)
    assert not re.search(r'<script[^>]* src="(?!https?:|data:)', text)
    assert '"url":"../_static/data' not in text, "map boundaries must be inlined"
    assert 'class="krdev-csv" href="data:text/csv' in text
    assert "Registered population by 시도, 2000" in text  # the re-run's parameter, not the book's default
    assert "krdev-cite" in text  # same page apparatus as the book

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync"])
        context = browser.new_context()
        external = []
        context.route(re.compile(r"^https?://"), lambda route: (external.append(route.request.url), route.abort()))
        tab = context.new_page()
        errors = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(page.as_uri())
        # charts draw when they near the viewport (as in the book): bring each into view, then wait
        charts = tab.locator(".krdev-chart")
        assert charts.count() >= 2
        for index in range(charts.count()):
            charts.nth(index).scroll_into_view_if_needed()
            tab.wait_for_function("el => el.getAttribute('data-rendered') === 'ok'", arg=charts.nth(index).element_handle(),
                                  timeout=30000)
        assert tab.locator(".krdev-chart svg").count() >= charts.count()
        tab.wait_for_timeout(500)
        browser.close()
    assert not errors, f"the page logged errors (e.g. a file it could not load): {errors[:3]}"
    assert not external, f"the file fetched {external[:3]}"
