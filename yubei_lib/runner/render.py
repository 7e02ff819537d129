"""Export an executed notebook to the kit's report page (nbconvert, the kit's own template)."""

from __future__ import annotations

import base64
import html
import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from yubei_lib.config import TEMPLATES, VEGALITE_MIME
from yubei_lib.present import labels, tabledata

LAB_STYLE = re.compile(r'<style class="yubei-style">.*?</style>', re.S)
"""The style the page title emits for JupyterLab (:func:`yubei_lib.present.display.style`)."""

NOTEBOOK_ONLY = "notebook-only"
"""The tag of cells for the analyst in JupyterLab (what the page is for, what to change), left off the page."""

SHORT_HASH = 8
"""Hex digits of a data file's SHA-256 the footer shows (the whole digest is in the set's manifest.json)."""

PRIORITY = [VEGALITE_MIME, "text/html", "text/markdown", "image/svg+xml", "image/png", "text/plain"]
HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)
"""A Markdown heading of level 1 to 3 (its hashes, its text)."""
_ZH_MARK = re.compile(r"^\s*<!--\s*zh\s*-->\s*$", re.MULTILINE)
CHART_ROWS = 60
"""Most rows of a chart's data shown in the table behind it (the rest are counted)."""


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Return the Vega, Vega-Lite and Vega-Embed libraries as one script (vl-convert's bundle).

    ``</script`` inside it is escaped so the bundle can sit in an inline script element.
    """
    import vl_convert

    # vl-convert's stub makes ``snippet`` required; the function defaults it (to its standard snippet)
    return vl_convert.javascript_bundle().replace("</script", "<\\/script")  # type: ignore[call-arg]


def spec_json(spec: object) -> str:
    """Return a chart spec as JSON safe inside ``<script type="application/json">``.

    Examples
    --------
    >>> spec_json({"title": "</script><script>alert(1)</script>"})
    '{"title": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def css_string(text: str) -> str:
    """Return text as the body of a CSS string (quotes, backslashes and line breaks escaped).

    Examples
    --------
    >>> print(css_string('Yubei "A" · 2020Q4'))
    Yubei \\22 A\\22  · 2020Q4
    """
    return "".join(ch if ch.isalnum() or ch in " ·-_:,.()（）年月日第季度" or ord(ch) > 0x2e80 else f"\\{ord(ch):x} "
                   for ch in text)


def page_counter(lang: str) -> str:
    """Return the CSS content that numbers printed pages in the page's language.

    Examples
    --------
    >>> page_counter("en")
    '"Page " counter(page) " of " counter(pages)'
    """
    pieces = re.split(r"(\{page\}|\{pages\})", labels.t("page_of", lang))
    out = [{"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(p, f'"{css_string(p)}"') for p in pieces if p]
    return " ".join(out)


def _svg_base64(svg: object) -> str:
    text = "".join(svg) if isinstance(svg, list) else str(svg)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def template_digest() -> str:
    """Return a digest of the template and its style (a change makes every page stale)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((TEMPLATES / "yubei").iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _css() -> str:
    folder = TEMPLATES / "yubei"
    return "\n".join((folder / name).read_text(encoding="utf-8") for name in ("components.css", "page.css"))


_LOCAL = threading.local()


def _exporter() -> HTMLExporter:
    """Return this thread's exporter: made once a thread, so its template is compiled once, not for every page."""
    if getattr(_LOCAL, "exporter", None) is None:
        _LOCAL.exporter = _new_exporter()
    return _LOCAL.exporter


def _new_exporter() -> HTMLExporter:
    config = Config()
    config.NbConvertBase.display_data_priority = PRIORITY
    exporter = HTMLExporter(config=config, template_name="yubei", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_filter("spec_json", spec_json)
    exporter.register_filter("svg_base64", _svg_base64)
    exporter.register_filter("chart_caption", chart_caption)
    exporter.register_filter("chart_rows", chart_rows)
    return exporter


def in_language(source: str, lang: str) -> str:
    """Return the part of a bilingual Markdown cell in the page's language.

    A cell may hold its English text, then a line ``<!-- zh -->``, then the Chinese text;
    JupyterLab shows both, each page only its own. A cell without the line is kept whole.

    Examples
    --------
    >>> cell = "## Key figures\\n<!-- zh -->\\n## 主要指标"
    >>> in_language(cell, "en"), in_language(cell, "zh")
    ('## Key figures', '## 主要指标')
    """
    parts = _ZH_MARK.split(source, maxsplit=1)
    if len(parts) == 1:
        return source
    return (parts[0] if lang == "en" else parts[1]).strip()


def chart_caption(spec: dict) -> tuple[str, str]:
    """Return a chart's title and its one line of description, as its spec gives them."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        text = title.get("text", "")
        title = " ".join(text) if isinstance(text, list) else str(text)
    return str(title), str(spec.get("description", ""))


def chart_rows(spec: dict, limit: int | None = CHART_ROWS) -> tuple[list[str], list[list[str]], int]:
    """Return a chart's data as its tooltips word it: headers, rows (at most ``limit``) and the count of all rows.

    The tooltip fields are the chart's readable columns (formatted values with titles);
    each layer's tooltips are gathered, the first dataset gives the rows.
    """
    fields: dict[str, str] = {}

    def collect(node: object) -> None:
        if isinstance(node, dict):
            tips = node.get("encoding", {}).get("tooltip") if isinstance(node.get("encoding"), dict) else None
            for tip in (tips if isinstance(tips, list) else [tips] if isinstance(tips, dict) else []):
                if isinstance(tip, dict) and "field" in tip:
                    fields.setdefault(tip["field"], str(tip.get("title", tip["field"])))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect({k: v for k, v in spec.items() if k != "datasets"})
    datasets = spec.get("datasets") or {}
    rows = next(iter(datasets.values()), []) if datasets else spec.get("data", {}).get("values", [])
    columns = [f for f in fields if any(f in r for r in rows[:1])]
    body = [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in rows[:limit]]
    return [fields[c] for c in columns], body, len(rows)


_NOTE = re.compile(r'<p class="yubei-note">(.*?)</p>', re.S)
_MESSAGE = re.compile(r"<li>(.*?)</li>", re.S)
_MESSAGES = re.compile(r'<ul class="yubei-messages">(.*?)</ul>', re.S)


def _html_outputs(cell: nbformat.NotebookNode) -> list[dict]:
    return [o for o in cell.get("outputs", []) if isinstance(o.get("data", {}).get("text/html"), str)]


def said_once(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Return the cells with each note said once a page: a note already said (as a note or a key message) is left out.

    A section that showed nothing but such notes is left out whole (its heading too), so a
    page without a table it draws on says so once, not under every heading. A section is
    a Markdown cell and the code cells after it; one is left out only when no section below
    it depends on its heading (the next heading is of its level or above).

    Examples
    --------
    >>> def code(html):
    ...     return nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/html": html})])
    >>> note = '<p class="yubei-note">The log was not given</p>'
    >>> cells = [nbformat.v4.new_markdown_cell("## Visits"), code(note), nbformat.v4.new_markdown_cell("## Events"),
    ...          code(note), nbformat.v4.new_markdown_cell("## Leaders"), code(note + "<table></table>")]
    >>> [c.source or c.outputs[0]["data"]["text/html"] for c in said_once(cells)]
    ['## Visits', '<p class="yubei-note">The log was not given</p>', '## Leaders', '<table></table>']
    """
    said: set[str] = set()
    emptied: set[int] = set()
    for i, cell in enumerate(cells):
        for output in _html_outputs(cell):
            html = output["data"]["text/html"]
            for block in _MESSAGES.findall(html):
                said.update(m.strip() for m in _MESSAGE.findall(block))

            def once(match: re.Match) -> str:
                text = match.group(1).strip()
                if text in said:
                    return ""
                said.add(text)
                return match.group(0)

            shorter = _NOTE.sub(once, html)
            if shorter != html:
                output["data"]["text/html"] = shorter
                emptied.add(i)
    return _without_empty_sections(cells, emptied)


def _level(cell: nbformat.NotebookNode) -> int:
    found = HEADING.search(cell.source) if cell.cell_type == "markdown" else None
    return len(found.group(1)) if found else 0


def _without_empty_sections(cells: list[nbformat.NotebookNode], emptied: set[int]) -> list[nbformat.NotebookNode]:
    starts = [i for i, c in enumerate(cells) if _level(c)]
    drop: set[int] = set()
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells)
        body = range(start + 1, end)
        shows = any(o.get("data", {}).get("text/html", "x").strip() or o.get("output_type") == "error"
                    or set(o.get("data", {})) - {"text/html", "text/plain"}
                    for i in body for o in cells[i].get("outputs", []))
        below = _level(cells[end]) if end < len(cells) else 1
        if any(i in emptied for i in body) and not shows and below <= _level(cells[start]):
            drop.update(range(start, end))
    return [c for i, c in enumerate(cells) if i not in drop]


def table_of_contents(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """Give each Markdown cell with a level-2 or -3 heading an anchor; return (anchor, text) pairs."""
    toc = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        heads = [m.group(2) for m in HEADING.finditer(cell.source) if len(m.group(1)) in (2, 3)]
        if heads:
            anchor = f"section-{i}"
            cell.metadata["yubei_anchor"] = anchor
            toc.append((anchor, re.sub(r"[*_`]", "", heads[0])))
    return toc


def footer_files(files: dict[str, str]) -> list[tuple[str, str]]:
    r"""Return the data files as the footer names them: file name (never the machine's path) and short hash.

    Examples
    --------
    >>> footer_files({"/data/office/projects.csv": "dc002051db52" + "0" * 52, "C:\\ledger\\capital.csv": "98f5" * 16})
    [('capital.csv', '98f598f5'), ('projects.csv', 'dc002051')]
    """
    return sorted((re.split(r"[\\/]", path)[-1], digest[:SHORT_HASH]) for path, digest in files.items())


LINKS = re.compile(r'<nav [^>]*class="pages"[^>]*>.*?</nav>', re.S)
"""A page's links to its set (its region of the page, rewritten when the set changes: :mod:`~yubei_lib.runner.links`)."""


def links_html(lang: str, nav: Sequence[tuple[str, str, bool]] = (), index: str = "", other_language: str = "",
               workbook: str = "") -> str:
    """Return a page's links: its set's pages (folded on a phone), its other language, the index, the workbook.

    Examples
    --------
    >>> html = links_html("en", [("summary.html", "Summary", True)], "../../index.html", "summary.zh.html")
    >>> 'hreflang="zh-CN"' in html and 'aria-current="page"' in html and "tables" not in html
    True
    >>> links_html("en")
    ''
    """
    if not (nav or index or other_language or workbook):
        return ""
    esc = html.escape
    items = "".join(f'<li><a {"aria-current=" + chr(34) + "page" + chr(34) + " " if current else ""}'
                    f'href="{esc(href)}">{esc(name)}</a></li>' for href, name, current in nav)
    other = "en" if lang == "zh" else "zh-CN"
    elsewhere = "".join(f' <a href="{esc(href)}"{extra}>{esc(labels.t(word, lang))}</a>' for href, word, extra in (
        (other_language, "other_language", f' hreflang="{other}"'), (index, "index_link", ""),
        (workbook, "tables_workbook", "")) if href)
    menu = (f'<details class="menu" open=""><summary>{esc(labels.t("pages_nav", lang))}</summary><ul>{items}</ul></details>'
            if items else "")
    return (f'<nav aria-label="{esc(labels.t("pages_nav", lang))}" class="pages">{menu}'
            f'<p class="elsewhere">{elsewhere.strip()}</p></nav>')


def made_line(lang: str, generated: str, version: str, files: dict[str, str]) -> str:
    """Return the footer in one line, as printed sheets carry it at their foot (the footer block is not printed).

    Examples
    --------
    >>> made_line("en", "2021-01-01 08:00 (Beijing time)", "0.2.0", {"/d/projects.csv": "dc002051" + "0" * 56})
    'Generated 2021-01-01 08:00 (Beijing time) · yubei_lib 0.2.0 · projects.csv dc002051'
    """
    parts = [f"{labels.t('generated', lang)} {generated}", f"yubei_lib {version}"]
    return " · ".join(parts + [f"{name} {digest}" for name, digest in footer_files(files)])


def render(nb: nbformat.NotebookNode, *, title: str, subtitle: str, kicker: str, lang: str,
           files: dict[str, str], version: str, generated: str, synthetic: bool = False, nav: Sequence[tuple[str, str, bool]] = (),
           index: str = "", other_language: str = "", definitions: Sequence[tuple[str, str]] = (),
           running: str = "", workbook: str = "") -> str:
    """Return the report page of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    title, subtitle, kicker : str
        Page title (district and period), the line below it, and the line above it.
    lang : {"en", "zh"}
    files : dict
        Data file path -> SHA-256, shown in the footer by name and short hash (:func:`footer_files`).
    version : str
        The kit's version.
    generated : str
        Time of generation, as its reader reads it (the only part of the page that changes between equal runs).
    synthetic : bool
        Say on the page that the data is the synthetic sample.
    nav : list of (href, title, current)
        The set's pages, for the navigation bar.
    index, other_language : str
        Links to the reports index and to this page in the other language ("" for none).
    definitions : list of (term, definition)
        The terms the page uses, printed in its definitions section.
    running : str
        The running header of printed pages (district and period).
    workbook : str
        A link to the set's workbook of tables ("" for none).

    Returns
    -------
    str
        A complete HTML document that loads nothing from the network.
    """
    labels.check_lang(lang)
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy: anchors are added
    nb.cells = [c for c in nb.cells if NOTEBOOK_ONLY not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = in_language(cell.source, lang)
        for output in _html_outputs(cell):  # the lab's copy of the style (the page has its own, once), and the
            # tables' whole records (the set's workbook holds them: yubei_lib.runner.tables)
            output["data"]["text/html"] = tabledata.strip(LAB_STYLE.sub("", output["data"]["text/html"]))
    nb.cells = said_once(nb.cells)
    toc = table_of_contents(nb)
    words = {k: labels.t(k, lang) for k in ("generated", "version", "data_files", "provenance", "definitions",
                                            "chart_data")}
    words["more_rows"] = labels.t("more_rows", lang, n="{n}")
    resources = {"yubei": {
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "title": title, "subtitle": subtitle, "kicker": kicker,
        "synthetic": labels.t("synthetic", lang) if synthetic else "",
        "contents": labels.t("contents", lang), "toc": toc, "css": _css(),
        "words": words, "chart_failed": labels.t("chart_failed", lang),
        "files": footer_files(files), "version": version, "generated": generated,
        "links": links_html(lang, nav, index, other_language, workbook), "definitions": list(definitions),
        "running": css_string(running), "made": css_string(made_line(lang, generated, version, files)),
        "page_of": page_counter(lang),
        "vegalite_mime": VEGALITE_MIME, "vega_js": vega_bundle(),
    }}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body
