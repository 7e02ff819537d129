"""The data_quality page: what validation found, rows left out, completeness of the optional columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures.quality import completeness
from yubei_lib.figures.rankings import without_data
from yubei_lib.figures.reconcile import reconciliation
from yubei_lib.pages.page import TABLE_ROWS, Page, note, short_path
from yubei_lib.present import display, labels, wording
from yubei_lib.present.labels import t

__all__ = ["wanted", "revisions_table", "warnings_table", "dropped_table", "completeness_table", "ledger_summary", "reconciliation_table"]


def wanted(page: Page) -> display.Html:
    """Say in words which of the tables the pages use were not given, and what each would add.

    The pages a leader reads only say that a figure has no data; what the analyst can do
    about it is said here, once.
    """
    lang = page.lang
    lines = []
    missing = without_data(page.projects, page.as_of, page.published)
    if missing:
        lines.append(t("wanted_rankings", lang, n=len(missing)))
    if page.investment is None:
        lines.append(t("wanted_investment", lang))
    if page.activities is None:
        lines.append(t("wanted_activities", lang))
    return display.notice(t("wanted_head", lang), lines) if lines else note(t("wanted_none", lang))


def warnings_table(page: Page) -> display.Html:
    """List the warnings validation found (rows kept, read as the message says)."""
    found = page.ledger.warnings
    if not found:
        return note(t("no_warnings", page.lang))
    frame = pd.DataFrame([(short_path(p.file), p.row, p.column, p.value, p.message) for p in found],
                         columns=["file", "row", "column", "value", "reason"])
    return display.table(frame, page.lang, {"file": "file", "row": "row", "column": "column", "value": "value",
                                            "reason": "reason"}, {"row": "number"}, max_rows=TABLE_ROWS)


def dropped_table(page: Page) -> display.Html:
    """List the rows left out in lenient mode, each with file, row, column, value and reason."""
    if page.strict:
        return note(t("strict_nothing_dropped", page.lang))
    frame = page.ledger.dropped.copy()
    if frame.empty:
        return note(t("nothing_dropped", page.lang))
    frame["file"] = [short_path(f) for f in frame["file"]]
    return display.table(frame, page.lang, {"file": "file", "row": "row", "column": "column", "value": "value",
                                            "reason": "reason"}, {"row": "number"},
                         caption=t("dropped_caption", page.lang, n=page.ledger.summary()["dropped_rows"]),
                         max_rows=TABLE_ROWS)


def completeness_table(page: Page) -> display.Html:
    """Table the share of projects with a value in each optional column, whole ledger and district."""
    lang = page.lang
    frame = completeness(page.projects, page.district, page.as_of)
    frame["column"] = [t(c, lang) for c in frame["column"]]
    return display.table(
        frame, lang,
        {"column": "column", "filled": "count", "share": "whole_ledger",
         "district_share": labels.name("district", page.district, lang)},
        {"filled": "number", "share": "percent", "district_share": "percent"},
        caption=t("completeness_note", lang))


def ledger_summary(page: Page) -> display.Html:
    """Table what the ledger holds: projects, districts, dates, value, capital, problems, files."""
    lang = page.lang
    s = page.ledger.summary()
    rows = [("count", labels.number(s["projects"], lang)), ("districts", labels.number(s["districts"], lang)),
            ("signed_from", s["signed_from"] or ""), ("signed_to", s["signed_to"] or ""),
            ("contract_value", labels.money(s["contract_value_yuan"], lang)),
            ("capital_rows", labels.number(s["capital_rows"], lang)),
            ("realized_capital", labels.money(s["capital_yuan"], lang)),
            ("errors", labels.number(s["errors"], lang)), ("warnings", labels.number(s["warnings"], lang)),
            ("dropped_rows", labels.number(s["dropped_rows"], lang)),
            ("mode", t("strict_mode" if page.strict else "lenient_mode", lang))]
    frame = pd.DataFrame({"item": [t(k, lang) for k, _ in rows], "value": [v for _, v in rows]})
    files = pd.DataFrame({"item": [short_path(f) for f in page.ledger.files],
                          "value": [f"SHA-256 {h[:12]}…" for h in page.ledger.files.values()]})
    return display.table(pd.concat([frame, files], ignore_index=True), lang, {"item": "figure", "value": "value"})


def reconciliation_table(page: Page) -> display.Html:
    """List where the ledger differs from the city's published table (rates beyond 0.05 points, and ranks),
    the units outside the 22 it lists, the districts it marks as not ranked, and what was left out of it."""
    lang = page.lang
    if page.published is None:
        return note(t("reconciliation_no_table", lang))
    frame = reconciliation(page.projects, page.capital, page.as_of, page.cohorts, page.published)
    rest = str(_context_rows(page)) + str(_marked_rows(page)) + str(_skipped_rows(page))
    if frame.empty:
        return display.Html(str(note(t("reconciliation_none", lang))) + rest)
    rates = frame["kind"] == "value"

    def shown(kind: str, value: object) -> str:
        return labels.percent(value, lang, digits=2) if kind == "value" else labels.number(value, lang)

    places = [page.published.place_of(page.as_of, d) for d in frame["district"]]
    frame = frame.assign(
        kind_name=[t(f"kind_{k}", lang) for k in frame["kind"]],
        district_name=[labels.name("district", d, lang) for d in frame["district"]],
        figure_name=[labels.figure_name(f.removeprefix("rank_").replace("composite_rank", "composite_score"), lang)
                     for f in frame["figure"]],
        ledger_text=[shown(k, v) for k, v in zip(frame["kind"], frame["ledger"])],
        published_text=[shown(k, v) for k, v in zip(frame["kind"], frame["published"])],
        difference_text=[t("change_points_short", lang, change=f"{d * 100:+.2f}") if r else f"{int(d):+d}"
                         for r, d in zip(rates, frame["difference"])],
        place=[_place(*p, lang) if p is not None else "" for p in places])
    files = ", ".join(short_path(f) for f in page.published.files)
    table = display.table(
        frame, lang,
        {"kind_name": "reason", "district_name": "district", "figure_name": "figure", "ledger_text": "ledger_value",
         "published_text": "published_value", "difference_text": "difference", "place": "table_place"},
        caption=t("reconciliation_caption", lang, file=files), highlight=("district", page.district))
    return display.Html(str(table) + rest)


def _place(file: object, sheet: object, row: object, lang: str) -> str:
    """Return where a row of the city's table is: file, sheet (if any), row."""
    parts = [short_path(file)]
    if isinstance(sheet, str) and sheet:
        parts.append(t("place_sheet", lang, sheet=sheet))
    if isinstance(row, (int, np.integer)) and not isinstance(row, bool):  # NA: a sheet without a table, no row
        parts.append(t("place_row", lang, row=int(row)))
    return ("，" if lang == "zh" else ", ").join(parts)


def _context_rows(page: Page) -> display.Html:
    """List the units outside the 22 the table gives for the quarter, with their figures and rows: never ranked."""
    assert page.published is not None  # reconciliation_table says so
    units = page.published.context_at(page.as_of)
    if units.empty:
        return display.Html("")
    lang = page.lang
    figures = [f for f in page.published.figures if f in units.columns]
    units = units.assign(unit_name=units["unit_zh"] if lang == "zh" else units["district"],
                         mark=[t("yes" if m else "no", lang) for m in units["marked"]],
                         place=[_place(f, s, r, lang) for f, s, r in zip(units["file"], units["sheet"], units["row"])])
    return display.table(units, lang, {"unit_name": "unit_outside", **{f: labels.figure_name(f, lang) for f in figures},
                                       "mark": "context_marked", "place": "table_place"},
                         {f: "percent" for f in figures}, caption=t("context_caption", lang))


def _marked_rows(page: Page) -> display.Html:
    """List the districts of the 22 the table marks as not ranked for the quarter (they stay in the ranking)."""
    assert page.published is not None  # reconciliation_table says so
    marked = page.published.marked_at(page.as_of)
    if marked.empty:
        return display.Html("")
    lang = page.lang
    marked = marked.assign(district_name=[labels.name("district", d, lang) for d in marked["district"]],
                           place=[_place(f, s, r, lang) for f, s, r in zip(marked["file"], marked["sheet"], marked["row"])])
    return display.table(marked, lang, {"district_name": "district", "place": "table_place"},
                         caption=t("marked_caption", lang), highlight=("district", page.district))


def _skipped_rows(page: Page) -> display.Html:
    """List what was left out of the table: total and note rows, text outside its columns, sheets without a table."""
    assert page.published is not None  # reconciliation_table says so
    skipped = page.published.skipped
    if skipped.empty:
        return display.Html("")
    lang = page.lang
    skipped = skipped.assign(what=[t(f"skipped_{k}", lang) for k in skipped["kind"]],
                             place=[_place(f, s, r, lang) for f, s, r in zip(skipped["file"], skipped["sheet"],
                                                                             skipped["row"])])
    return display.table(skipped, lang, {"what": "reason", "text": "as_written", "place": "table_place"},
                         {"text": "text"}, caption=t("skipped_caption", lang), max_rows=TABLE_ROWS)


def revisions_table(page: Page) -> display.Html:
    """List every figure of the district that changed since the last report, and the projects behind the changes."""
    lang = page.lang
    if not page.revision:
        return note(t("no_revisions", lang))
    figures = pd.DataFrame(page.revision.get("figures", []))
    figures = figures.assign(name=[wording.key_name(k, lang) for k in figures["figure"]],
                             before=[wording.key_value(k, v, lang) for k, v in zip(figures["figure"], figures["old"])],
                             after=[wording.key_value(k, v, lang) for k, v in zip(figures["figure"], figures["new"])])
    first = display.table(figures, lang, {"name": "figure", "before": "revised_from", "after": "revised_to"},
                          caption=wording.revised_since(page.revision.get("since", ""), lang))
    projects = pd.DataFrame(page.revision.get("projects", []))
    if projects.empty:
        return display.Html(str(first) + str(note(t("no_project_changes", lang))))
    projects = projects.assign(change=[t(f"change_{c}", lang) for c in projects["change"]],
                               figures=[", ".join(wording.key_name(k.strip(), lang) for k in f.split(","))
                                        for f in projects["figures"]],
                               fields=[", ".join(t(k.strip(), lang) if k.strip() in labels.CATALOGUE else k.strip()
                                                 for k in f.split(",") if k.strip()) for f in projects["fields"]])
    second = display.table(projects, lang,
                           {"project_id": "project_id", "project_name": "project_name", "change": "change",
                            "fields": "changed_fields", "signed_on": "signed_on", "contract_value": "contract_value",
                            "figures": "explains"},
                           {"signed_on": "date", "contract_value": "money"}, caption=t("projects_behind", lang),
                           max_rows=TABLE_ROWS)
    return display.Html(str(first) + str(second))
