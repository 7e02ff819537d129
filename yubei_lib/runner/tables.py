"""The set's workbook, ``tables.xlsx`` / ``tables.zh.xlsx``: the tables its pages show, whole, one sheet each.

A page cuts a long list to what a reader uses; the workbook beside the pages holds every
row, headed in the set's language. Each table is one sheet of :func:`set_sheets` (add a
table there, and it is in every set's workbook); the workbook is written atomically,
skipped when its content is what the set already has, and a failed write keeps the
earlier file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from yubei_lib.config import VERSION as __version__
from yubei_lib.figures.supervision import Supervision
from yubei_lib.present import labels
from yubei_lib.present import supervision as words
from yubei_lib.present.labels import t
from yubei_lib.present.workbook import Sheet, write_workbook

TABLES_FORMAT = 1
"""Part of each workbook's key: changing what the workbook holds or how makes earlier ones stale."""


def tables_name(lang: str) -> str:
    """Return the file name of a set's workbook in a language.

    Examples
    --------
    >>> tables_name("en"), tables_name("zh")
    ('tables.xlsx', 'tables.zh.xlsx')
    """
    return "tables.xlsx" if labels.check_lang(lang) == "en" else f"tables.{lang}.xlsx"


def set_sheets(s: Supervision, lang: str) -> list[Sheet]:
    """Return the sheets of a set's workbook: the warnings list (figure 21), whole, and its counts per unit.

    The list has one row per red or yellow stage with its responsible unit; the months
    overdue are a number there (negative: months left), beside their words.
    """
    frame = words.list_frame(s, lang)
    columns = dict(words.LIST)
    listed = words.headed(frame, lang, columns)
    units = words.units_frame(s, lang)
    unit_columns = {c: (words.status_text(c, lang) if c in ("red", "yellow") else key)
                    for c, key in words.UNITS.items()}
    counted = units[list(unit_columns)].copy()
    counted.columns = [t(v, lang) if v in words.UNITS.values() else v for v in unit_columns.values()]
    by_unit = t("warnings_units_caption", lang, date=labels.date(s.previous, lang))
    return [Sheet(t("sheet_warnings", lang), listed, dates=[t("due_date", lang)], status=list(frame["status"]),
                  status_column=t("warning", lang)),
            Sheet(f"{t('sheet_warnings', lang)} · {t('responsible_unit', lang)}", counted, lines=[by_unit])]


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
