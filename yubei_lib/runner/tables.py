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
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from yubei_lib.config import VERSION as __version__
from yubei_lib.figures.composition import largest_projects
from yubei_lib.figures.frames import own_rows
from yubei_lib.figures.lagging import lagging_projects
from yubei_lib.figures.outreach import visited_enterprises
from yubei_lib.figures.supervision import Supervision
from yubei_lib.present import labels
from yubei_lib.present import supervision as words
from yubei_lib.present.amounts import money_column
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


def _money(frame: pd.DataFrame, column: str, key: str, lang: str) -> tuple[str, pd.Series]:
    """Return a money column's header with its one unit, and its amounts in that unit."""
    fmt = money_column(frame[column], lang)
    return f"{t(key, lang)} ({fmt.unit})" if lang == "en" else f"{t(key, lang)}（{fmt.unit}）", frame[column] / fmt.divisor


def _project_names(frame: pd.DataFrame, lang: str) -> pd.Series:
    names = frame["project_name"].astype("string")
    if lang == "en" and "project_name_en" in frame.columns:
        english = frame["project_name_en"].astype("string").str.strip()
        names = english.mask(english.isna() | english.eq(""), names)
    return names


def _sheet(name: str, frame: pd.DataFrame, columns: dict[str, str], lang: str, money: Sequence[str] = (),
           dates: Sequence[str] = (), names: Mapping[str, str] | None = None) -> Sheet:
    """Return a sheet of ``frame``'s ``columns`` (column -> key of the words): money in one unit, names in the language."""
    out = pd.DataFrame(index=frame.index)
    heads = {}
    for column, key in columns.items():
        if column in money:
            heads[column], out[column] = _money(frame, column, key, lang)
        elif names and column in names:
            out[column] = [labels.name(names[column], v, lang) for v in frame[column]]
        else:
            out[column] = frame[column]
        heads.setdefault(column, t(key, lang))
    out.columns = [heads[c] for c in columns]
    return Sheet(name, out.reset_index(drop=True), dates=[heads[c] for c in dates])


def list_sheets(projects: pd.DataFrame, activities: pd.DataFrame | None, s: Supervision, lang: str) -> list[Sheet]:
    """Return the sheets of the lists the pages cut, whole: projects signed in the year, lagging projects, visits.

    The projects signed in the year of ``s.as_of`` largest first (contract_value shows the
    ``top_n`` largest), the lagging projects by responsible unit (cohort_operation), and
    when the outreach log is given, the enterprises visited in the 12 months to ``s.as_of``,
    the most recent first (outreach).
    """
    year = pd.Timestamp(s.as_of.year, 1, 1)
    signed = own_rows(largest_projects(projects, s.as_of, max(len(projects), 1), start=year), s.district)
    signed = signed.assign(project_name=_project_names(signed, lang))
    sheets = [_sheet(t("sheet_signed", lang), signed,
                     {"rank": "rank", "project_name": "project_name", "investor": "investor",
                      "investor_type": "investor_type", "cluster": "cluster", "park": "park", "signed_on": "signed_on",
                      "contract_value": "contract_value", "terminated_on": "terminated_on"}, lang,
                     money=["contract_value"], dates=["signed_on", "terminated_on"],
                     names={"investor_type": "investor_type", "cluster": "cluster", "park": "park"})]
    lagging = own_rows(lagging_projects(projects, s.as_of, s.months_to_commence, s.months_to_operate), s.district)
    lagging = lagging.sort_values(["responsible_unit", "months_overdue"], ascending=[True, False],
                                  na_position="last", kind="stable")
    stage = {"not commenced": t("not_commenced", lang), "not in operation": t("not_in_operation", lang)}
    lagging = lagging.assign(project_name=_project_names(lagging, lang),
                             stage=[stage.get(v, str(v)) for v in lagging["stage"]])
    sheets.append(_sheet(t("sheet_lagging", lang), lagging,
                         {"responsible_unit": "responsible_unit", "responsible_leader": "responsible_leader",
                          "project_name": "project_name", "signed_on": "signed_on", "contract_value": "contract_value",
                          "stage": "stage", "months_overdue": "months_overdue"}, lang,
                         money=["contract_value"], dates=["signed_on"]))
    if activities is not None:
        visited = visited_enterprises(projects, activities, s.as_of, s.district)
        visited = visited.sort_values(["last_visit", "enterprise"], ascending=[False, True], kind="stable")
        yes_no = {True: t("yes", lang), False: t("no", lang)}
        visited = visited.assign(main_leader=[yes_no[bool(v)] for v in visited["main_leader"]],
                                 signed=[yes_no[bool(v)] for v in visited["signed"]],
                                 signed_value=visited["signed_value"].where(visited["signed"]))
        sheets.append(_sheet(t("sheet_visited", lang), visited,
                             {"enterprise": "enterprise", "first_visit": "first_visit", "last_visit": "last_visit",
                              "visits": "visits", "main_leader": "main_leader", "signed": "signed",
                              "signed_on": "signed_on", "signed_projects": "signed_projects",
                              "signed_value": "signed_value"}, lang,
                             money=["signed_value"], dates=["first_visit", "last_visit", "signed_on"]))
    return sheets


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
