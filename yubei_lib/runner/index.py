"""The index of a reports folder, in English and in Chinese: every report set, newest first.

``<out>/index.html`` (wholly English) and ``<out>/index.zh.html`` (wholly Chinese but for
proper nouns) link to each other. Sets are grouped by period, newest first (each period a
collapsible section, the newest open), then by district in the reference's order; each
district's newest set is marked latest. A set lists its pages in both languages with their
PDFs, its briefs (PDF and Word), its workbook of tables and each responsible unit's supervision list (a
workbook and a PDF); a failed page shows its error. Links are made only to files that
exist, every value is escaped (autoescape), and the page loads and runs nothing: the
district filter is CSS alone (``:has``), ignored by a browser without it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import jinja2

from yubei_lib.config import LANGS, TEMPLATES
from yubei_lib.present import labels
from yubei_lib.present.export import write_text_atomic
from yubei_lib.runner.brief import date_label, page_order, period_label
from yubei_lib.runner.manifest import read_manifest

INDEX_NAMES = {"en": "index.html", "zh": "index.zh.html"}
"""The index file of each language."""


def _href(folder: Path, name: object) -> str:
    """Return the link from the index to a file of a set's folder, or "" when there is no such file."""
    name = Path(str(name or "")).name
    if not name or not (folder / name).is_file():
        return ""
    return quote(f"{folder.parent.name}/{folder.name}/{name}")


def _href_in(folder: Path, path: object) -> str:
    """Return the link from the index to a file in a set's folder or below it, or "" when there is no such file."""
    rel = Path(str(path or ""))
    if not str(path or "") or rel.is_absolute() or ".." in rel.parts or not (folder / rel).is_file():
        return ""
    return quote(f"{folder.parent.name}/{folder.name}/{rel.as_posix()}")


def _set_files(folder: Path, m: dict) -> tuple[dict, dict]:
    """Return a set's workbook (language -> link) and its units' lists (language -> units with links, error)."""
    workbooks = {lang: _href(folder, e.get("file")) for lang, e in (m.get("tables") or {}).items()
                 if lang in LANGS and isinstance(e, dict)}
    lists = {}
    for lang, e in (m.get("supervision") or {}).items():
        if lang not in LANGS or not isinstance(e, dict):
            continue
        units = [{"unit": str(u.get("unit", "")), "xlsx": _href_in(folder, u.get("xlsx")),
                  "pdf": _href_in(folder, u.get("pdf"))} for u in e.get("units", []) if isinstance(u, dict)]
        errors = [str(e.get("error") or ""), *map(str, (e.get("pdf_errors") or {}).values())]
        lists[lang] = {"units": [u for u in units if u["xlsx"] or u["pdf"]], "error": "; ".join(x for x in errors if x)}
    return workbooks, lists


def report_sets(out: Path) -> list[dict]:
    """Return every report set of a reports folder, newest first, with its pages, PDFs and briefs.

    Each set: ``period``, ``as_of``, ``district``, ``district_id``, ``pages`` (page -> language ->
    ``href``, ``pdf``, ``status``, ``error``, ``last_failed``, ``pdf_error``), ``briefs``
    and ``docx`` (the PDF and the Word briefs: language -> ``href``, ``error``), ``tables`` (language -> link to the workbook) and
    ``supervision`` (language -> ``units``, each ``unit``, ``xlsx``, ``pdf`` links, and ``error``).
    """
    sets = []
    for path in sorted(Path(out).glob("*/*/manifest.json")):
        m = read_manifest(path.parent)
        if not m:
            continue
        folder = path.parent
        pages: dict[str, dict[str, dict]] = {}
        for stem, entry in m.get("pages", {}).items():
            if not isinstance(entry, dict) or entry.get("lang", "en") not in LANGS:
                continue
            ok = entry.get("status") == "ok"
            href = _href(folder, entry.get("html") or f"{stem}.html") if ok else ""
            pages.setdefault(str(entry.get("page", stem)), {})[entry.get("lang", "en")] = {
                "href": href, "status": "ok" if href else ("missing" if ok else "failed"),
                "error": str(entry.get("error") or ""),
                "last_failed": ok and entry.get("last_run") == "failed",
                "pdf": _href(folder, entry.get("pdf")) if entry.get("pdf") else "",
                "pdf_error": str(entry.get("pdf_error") or "")}
        listed, errors = m.get("briefs") or {}, m.get("brief_errors") or {}
        briefs = {lang: {"href": _href(folder, listed.get(lang)) if listed.get(lang) else "",
                         "error": str(errors.get(lang) or "")}
                  for lang in LANGS if listed.get(lang) or errors.get(lang)}
        docx = {lang: {"href": _href(folder, e.get("file")), "error": str(e.get("error") or "")}
                for lang, e in (m.get("docx") or {}).items() if lang in LANGS and isinstance(e, dict)}
        sets.append({"period": str(m.get("period") or folder.parent.name), "as_of": str(m.get("as_of") or ""),
                     "district": str(m.get("district") or folder.name),
                     "district_id": str(m.get("district_id") or folder.name),
                     "pages": {p: pages[p] for p in sorted(pages, key=page_order)}, "briefs": briefs, "docx": docx,
                     **dict(zip(("tables", "supervision"), _set_files(folder, m)))})
    sets.sort(key=lambda s: (s["as_of"], s["period"]), reverse=True)
    return sets


def _district_order() -> dict[str, int]:
    try:
        from yubei_lib.ledger.reference import districts

        return {d: i for i, d in enumerate(districts()["district_id"])}
    except Exception:  # no reference table: districts by id
        return {}


def _period(s: dict, lang: str) -> tuple[str, str]:
    try:
        return period_label(s["as_of"], lang), date_label(s["as_of"], lang)
    except (ValueError, TypeError):
        return s["period"], s["as_of"]


def counted(key: str, n: int, lang: str) -> str:
    """Return a count in words, in the singular when it is one (``1 district``, ``3 districts``).

    Examples
    --------
    >>> counted("sets_in_period", 1, "en"), counted("sets_in_period", 3, "en"), counted("sets_in_period", 1, "zh")
    ('1 district', '3 districts', '1个区县')
    """
    return labels.t(f"{key}_one" if n == 1 and f"{key}_one" in labels.CATALOGUE else key, lang, n=n)


def _view(sets: list[dict], lang: str) -> dict:
    """Return what the index shows in a language: periods, each with its sets, and the districts."""
    t = lambda key, **v: labels.t(key, lang, **v)  # noqa: E731
    order = _district_order()
    ids = sorted({s["district_id"] for s in sets}, key=lambda d: (order.get(d, len(order)), d))
    number = {d: i for i, d in enumerate(ids)}
    names: dict[str, str] = {}
    for s in sets:
        names.setdefault(s["district_id"], labels.name("district", s["district"], lang))
    latest: dict[str, int] = {}
    for s in sets:  # newest first
        latest.setdefault(s["district_id"], id(s))
    periods: list[dict] = []
    for s in sets:
        label, day = _period(s, lang)
        if not periods or periods[-1]["key"] != (s["as_of"], s["period"]):
            periods.append({"key": (s["as_of"], s["period"]), "label": label, "as_of": day, "sets": []})
        rows = []
        for page, by_lang in s["pages"].items():
            cells: list[dict | None] = []  # None: no page in that language
            for cell_lang in LANGS:
                c = by_lang.get(cell_lang)
                if c is None:
                    cells.append(None)
                    continue
                cells.append({**c, "failed_text": t("page_failed", error=c["error"] or t("not_made"))
                              if c["status"] == "failed" else t("not_made"),
                              "last_text": t("last_run_failed", error=c["error"]) if c["last_failed"] else "",
                              "pdf_text": t("pdf_failed", error=c["pdf_error"]) if c["pdf_error"] else ""})
            rows.append({"title": labels.page_title(page, lang), "cells": cells})
        briefs = [({**b, "pdf_text": t("pdf_failed", error=b["error"]) if b["error"] else ""}
                   if (b := s["briefs"].get(cell_lang)) else None) for cell_lang in LANGS]
        words_docs = [({**d, "error_text": t("page_failed", error=d["error"]) if d["error"] else ""}
                       if (d := s["docx"].get(cell_lang)) else None) for cell_lang in LANGS]
        workbooks = [s["tables"].get(cell_lang, "") for cell_lang in LANGS]
        lists = [({**x, "count": counted("supervision_units", len(x["units"]), lang),
                   "error_text": t("page_failed", error=x["error"]) if x["error"] else ""}
                  if (x := s["supervision"].get(cell_lang)) else None) for cell_lang in LANGS]
        periods[-1]["sets"].append({"district": names[s["district_id"]], "number": number[s["district_id"]],
                                    "latest": latest[s["district_id"]] == id(s), "rows": rows,
                                    "briefs": briefs if any(briefs) else [],
                                    "docx": words_docs if any(words_docs) else [],
                                    "workbooks": workbooks if any(workbooks) else [],
                                    "lists": lists if any(lists) else []})
    periods.sort(key=lambda p: p["key"], reverse=True)
    for p in periods:
        p["sets"].sort(key=lambda x: x["number"])
        p["count"] = counted("sets_in_period", len(p["sets"]), lang)
    words = {k: t(k) for k in ("reports_title", "no_reports", "index_other_language", "latest", "page", "lang_en",
                               "lang_zh", "web_page", "pdf", "brief", "show_district", "all_districts", "as_of",
                               "tables_workbook", "supervision_lists", "xlsx", "docx_brief", "docx_word")}
    other = next(x for x in LANGS if x != lang)
    return {"lang": lang, "html_lang": "zh-CN" if lang == "zh" else "en", "w": words, "periods": periods,
            "sep": "：" if lang == "zh" else ": ",
            "districts": [{"number": number[d], "name": names[d]} for d in ids],
            "other": {"href": INDEX_NAMES[other], "lang": "zh-CN" if other == "zh" else "en"},
            "langs": [t(f"lang_{x}") for x in LANGS],
            "count": t("reports_count", sets=counted("count_sets", len(sets), lang),
                       districts=counted("sets_in_period", len(ids), lang),
                       periods=counted("count_periods", len(periods), lang))}


def write_index(out: Path) -> Path:
    """Rebuild ``<out>/index.html`` and ``<out>/index.zh.html`` from the sets' manifests; return the English one."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "index")), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("index.html.j2")
    sets = report_sets(out)
    for lang in LANGS:
        write_text_atomic(Path(out) / INDEX_NAMES[lang], template.render(**_view(sets, lang)))
    return Path(out) / INDEX_NAMES["en"]
