"""Keep every page of a set linked to the set as it is now, whichever run made the page.

A page's links (its set's pages, its other language, the index, the set's workbook) are a
region of its own (:data:`yubei_lib.runner.render.LINKS`). After each run, the region of
every page of the set is made again from what the set's folder holds and written over the
old one when it differs, atomically: English pages made by yesterday's run learn of the
Chinese pages made today, without running again. A page's skip key does not depend on its
links, so a page is never run again for them.
"""

from __future__ import annotations

from pathlib import Path

from yubei_lib.config import LANGS
from yubei_lib.present import labels
from yubei_lib.present.export import write_text_atomic
from yubei_lib.present.workbook import tables_name
from yubei_lib.runner.brief import set_pages
from yubei_lib.runner.manifest import read_manifest
from yubei_lib.runner.render import LINKS, links_html


def stem(page: str, lang: str) -> str:
    """Return a page's file name in a language, without extension: ``summary`` or ``summary.zh``.

    Examples
    --------
    >>> stem("summary", "en"), stem("summary", "zh")
    ('summary', 'summary.zh')
    """
    return page if lang == "en" else f"{page}.{lang}"


def index_link(lang: str) -> str:
    """Return the link from a set's page to the reports index of its language."""
    return "../../index.html" if lang == "en" else f"../../index.{lang}.html"


def page_links(folder: Path, page: str, lang: str, pages: list[str]) -> str:
    """Return a page's links as the set's folder has it now (``pages``: the set's pages in the language, in order)."""
    nav = [(f"{stem(p, lang)}.html", labels.page_title(p, lang), p == page) for p in pages]
    other = next((f"{stem(page, x)}.html" for x in LANGS if x != lang
                  and (folder / f"{stem(page, x)}.html").is_file()), "")
    workbook = tables_name(lang) if (folder / tables_name(lang)).is_file() else ""
    return links_html(lang, nav, index_link(lang), other, workbook)


def refresh_links(folder: Path) -> list[Path]:
    """Write each page of a set whose links are not those of the set as it is now; return the pages written."""
    manifest = read_manifest(folder)
    written = []
    for lang in LANGS:
        found = set_pages(folder, manifest, lang)
        pages = [page for page, _ in found]
        for page, path in found:
            text = path.read_text(encoding="utf-8")
            region = LINKS.search(text)
            if region is None:  # a page of an older template: left as it is
                continue
            links = page_links(folder, page, lang, pages)
            if links and region.group(0) != links:
                write_text_atomic(path, text[:region.start()] + links + text[region.end():])
                written.append(path)
    return written
