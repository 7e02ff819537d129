"""Open a report page in the test browser as a reader's intranet laptop would: offline, charts drawn."""

from __future__ import annotations

from pathlib import Path

DRAWN = "() => [...document.querySelectorAll('.vega-chart')].every(c => c.querySelector('svg'))"
"""True once every chart of the page has drawn its SVG."""


def open_page(browser, path: Path, width: int = 1366, print_media: bool = False):
    """Open ``path`` in a new tab ``width`` px wide, every request but ``file:`` and ``data:`` aborted; wait for the charts."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    if print_media:
        page.emulate_media(media="print")
    page.goto(Path(path).as_uri())
    page.wait_for_function(DRAWN, timeout=30_000)
    return page
