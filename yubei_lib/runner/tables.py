"""The set's workbook, ``tables.xlsx`` / ``tables.zh.xlsx``: every table its pages show, whole, one sheet each.

A page cuts a long list to what a reader uses; the workbook beside the pages holds every
row, headed in the set's language, money in one unit a column. It is made after the pages,
from their executed notebooks: each table a page shows carries its whole record
(:mod:`yubei_lib.present.tabledata`), each chart its data (:func:`set_sheets`), so a table
added to a page is in the workbook without more. A first sheet lists the others. The
workbook is written atomically, skipped when its content is what the set already has, and
a failed write keeps the earlier file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat
import pandas as pd

from yubei_lib.config import VEGALITE_MIME
from yubei_lib.config import VERSION as __version__
from yubei_lib.present import labels, tabledata
from yubei_lib.present.labels import t
from yubei_lib.present.workbook import Sheet, safe_name, tables_name, write_workbook
from yubei_lib.runner.brief import page_order
from yubei_lib.runner.manifest import read_manifest, record_set_files
from yubei_lib.runner.render import HEADING, NOTEBOOK_ONLY, chart_caption, chart_rows, in_language

TABLES_FORMAT = 2
"""Part of each workbook's key: changing what the workbook holds or how makes earlier ones stale."""


def _header(text: str, unit: str, lang: str) -> str:
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def record_sheet(rec: dict, name: str, lines: Sequence[str], lang: str) -> Sheet:
    """Return the sheet of a table's record: headed in the language, money in one unit a column, every row.

    Money is written as numbers in the unit of the column's largest amount (the unit charts use,
    :func:`yubei_lib.present.charts.money.money_unit`), named in the header; percentages as
    numbers of per cent; dates as dates.

    Examples
    --------
    >>> rec = {"caption": "", "headers": ["区县", "协议投资额", "占比"], "kinds": ["text", "money", "percent"],
    ...        "rows": [["渝北区", 8.855e7, 0.25], ["江北区", 1.4e8, None]]}
    >>> sheet = record_sheet(rec, "签约", [], "zh")
    >>> list(sheet.frame.columns), sheet.frame.iloc[:, 1].tolist(), sheet.frame.iloc[:, 2].tolist()
    (['区县', '协议投资额（亿元）', '占比（%）'], [0.8855, 1.4], [25.0, None])
    """
    from yubei_lib.present.charts.money import money_unit  # (the charts' rule; the runner loads no chart library)

    columns, values, dates = [], [], []
    rows = rec.get("rows", [])
    for j, (head, kind) in enumerate(zip(rec.get("headers", []), rec.get("kinds", []))):
        cells = [row[j] if j < len(row) else None for row in rows]
        if kind == "money":
            unit = money_unit(cells, lang)
            head = _header(head, unit.axis_unit, lang)
            cells = [None if c is None else round(float(c) / unit.divisor, 4) for c in cells]
        elif kind == "percent":
            head, cells = _header(head, "%", lang), [None if c is None else round(float(c) * 100, 2) for c in cells]
        elif kind == "date":
            dates.append(head)
            cells = [None if c in (None, "") else pd.Timestamp(c) for c in cells]
        while head in columns:  # two columns of the same header stay two columns
            head += " "
        columns.append(head)
        values.append(pd.Series(cells, dtype=object))
    frame = pd.DataFrame(dict(zip(columns, values))) if columns else pd.DataFrame()
    status = rec.get("status")
    return Sheet(name, frame, lines=[line for line in lines if line], dates=dates, status=status,
                 status_column=t("warning", lang) if status is not None else None)


def notebook_sheets(path: Path, page: str, lang: str, taken: set[str]) -> list[tuple[Sheet, str, str]]:
    """Return the sheets of every table an executed page shows, whole, with the section and title of each.

    The tables of :func:`yubei_lib.present.display.table` and the warnings list carry their
    records (:mod:`yubei_lib.present.tabledata`); each chart's data is the table behind it.
    A sheet is named after its table (the caption, the chart's title or the section), made
    safe and told apart from the names in ``taken``.
    """
    nb = nbformat.read(path, as_version=4)
    title, section, out = labels.page_title(page, lang), "", []

    def add(rec: dict, name: str) -> None:
        sheet_name = safe_name(name or section or title, taken, fallback=title)
        out.append((record_sheet(rec, sheet_name, [f"{title} · {section}" if section else title, rec.get("caption", "")],
                                 lang), section, name or section))

    for cell in nb.cells:
        if NOTEBOOK_ONLY in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            heads = [m.group(2) for m in HEADING.finditer(in_language(cell.source, lang)) if len(m.group(1)) > 1]
            section = re.sub(r"[*_`]", "", heads[0]) if heads else section
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/html"), str):
                for rec in tabledata.records(data["text/html"]):
                    add(rec, rec.get("caption", ""))
            spec = data.get(VEGALITE_MIME)
            if isinstance(spec, dict):
                headers, rows, _ = chart_rows(spec, limit=None)
                if headers:
                    add({"caption": "", "headers": headers, "kinds": ["text"] * len(headers), "rows": rows},
                        chart_caption(spec)[0])
    return out


def set_sheets(pages: Sequence[tuple[str, Path]], lang: str) -> list[Sheet]:
    """Return the sheets of a set's workbook: a list of its tables, then every table its pages show, page by page.

    Parameters
    ----------
    pages : sequence of (page, executed notebook)
        The set's pages in the language, in their order.
    lang : {"en", "zh"}
    """
    taken = {t("workbook_contents", lang).casefold()}
    found = [(page, sheet, section, name) for page, path in pages
             for sheet, section, name in notebook_sheets(path, page, lang, taken)]
    contents = pd.DataFrame([(sheet.name, labels.page_title(page, lang), section, name, len(sheet.frame))
                             for page, sheet, section, name in found],
                            columns=[t(k, lang) for k in ("workbook_sheet", "workbook_page", "workbook_section",
                                                           "workbook_table", "workbook_rows")])
    return [Sheet(t("workbook_contents", lang), contents), *(sheet for _, sheet, _, _ in found)]


def set_notebooks(folder: Path, manifest: dict, lang: str) -> list[tuple[str, Path]]:
    """Return the set's good pages in a language as (page, executed notebook), in their order."""
    found = {}
    for stem, entry in manifest.get("pages", {}).items():
        path = Path(folder) / Path(str(entry.get("notebook") or f"{stem}.ipynb")).name
        if entry.get("lang", "en") == lang and entry.get("status") == "ok" and path.is_file():
            found[str(entry.get("page", stem))] = path
    return [(page, found[page]) for page in sorted(found, key=page_order)]


def write_set_tables(folder: Path, lang: str, heading: str) -> dict:
    """Write (or keep) a set's workbook in a language from its pages' executed notebooks; record it in the manifest.

    Returns the manifest entry (:func:`write_tables`); a set without pages in the language gets none.
    """
    manifest = read_manifest(folder)
    pages = set_notebooks(folder, manifest, lang)
    if not pages:
        return {}
    try:
        sheets = set_sheets(pages, lang)
    except (OSError, ValueError) as exc:  # an executed notebook that cannot be read: the earlier workbook stays
        entry = {**manifest.get("tables", {}).get(lang, {}), "error": f"{type(exc).__name__}: {exc}", "status": "failed"}
    else:
        entry = write_tables(folder, lang, sheets, heading, manifest.get("tables", {}).get(lang, {}))
    status = entry.pop("status", "")
    record_set_files(folder, lang, tables=entry)
    return {**entry, "status": status}


def content_key(sheets: Sequence[Sheet], *context: object) -> str:
    """Return what makes a workbook stale when it changes: the sheets' names, lines and cells, and ``context``."""
    digest = hashlib.sha256(json.dumps([TABLES_FORMAT, __version__, *map(str, context)]).encode())
    for sheet in sheets:
        digest.update(json.dumps([sheet.name, list(sheet.lines), list(map(str, sheet.frame.columns)),
                                  list(sheet.status or [])], ensure_ascii=False).encode())
        digest.update(sheet.frame.to_json(orient="values", date_format="iso", force_ascii=False).encode())
    return digest.hexdigest()


def write_tables(folder: Path, lang: str, sheets: Sequence[Sheet], title: str, entry: dict) -> dict:
    """Write a set's workbook unless it already holds these sheets; return its manifest entry.

    Parameters
    ----------
    folder : pathlib.Path
        The set's folder.
    lang : {"en", "zh"}
    sheets : sequence of Sheet
    title : str
        The workbook's title (district and period).
    entry : dict
        What the set's manifest says of its workbook in this language (``file``, ``key``, ``error``).

    Returns
    -------
    dict
        ``file``, ``key``, ``error`` (empty when written or kept) and ``status``: ``made``,
        ``kept`` or ``failed`` (the earlier file stays; ``file`` is then listed only when there is one).
    """
    name = tables_name(lang)
    key = content_key(sheets, lang, title)
    if entry.get("key") == key and not entry.get("error") and (folder / name).is_file():
        return {"file": name, "key": key, "error": "", "status": "kept"}
    try:
        write_workbook(folder / name, sheets, title)
    except Exception as exc:  # a full disk, a file open in Excel on a shared folder: the earlier file stays
        error = f"{type(exc).__name__}: {exc}".strip()
        return {"file": name if (folder / name).is_file() else "", "key": "", "error": error, "status": "failed"}
    return {"file": name, "key": key, "error": "", "status": "made"}
