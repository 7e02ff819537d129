"""The supervising list (督办清单, figure 21) in words: tables, the page's HTML and a unit's printable document.

Pure functions from a :class:`~yubei_lib.figures.supervision.Supervision` to text in
English or Chinese. Red always means overdue and yellow a warning, and the mark ■ or ▲
and the word stand beside each colour, so a black-and-white print or a colour-blind
reader loses nothing. Every value from the ledger is escaped in the HTML.
"""

from __future__ import annotations

import html

import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.figures.supervision import Supervision
from yubei_lib.present import labels, tabledata
from yubei_lib.present.labels import t

__all__ = ["LIST", "MARKS", "UNITS", "basis_text", "counts_line", "groups", "headed", "legend", "list_frame",
           "list_html", "overdue_text", "stage_text", "status_text", "unit_document", "unit_text", "units_frame",
           "warning_message", "warning_tiles"]

MARKS = {"red": "■", "yellow": "▲"}
"""The mark written before each status: a square for red (overdue), a triangle for yellow (warning)."""

LIST = {"unit": "responsible_unit", "warning": "warning", "project_id": "project_id", "project_name": "project_name",
        "responsible_leader": "responsible_leader", "stage": "stage", "due": "due_date", "basis": "due_basis",
        "overdue": "overdue_or_left", "months_overdue": "months_overdue_signed"}
"""The columns of the list (of :func:`list_frame`) and the words of their headers."""

UNITS = {"unit": "responsible_unit", "red": "warn_red", "yellow": "warn_yellow", "newly_red": "warn_newly_red",
         "cleared": "warn_cleared", "still_red": "warn_still_red"}
"""The columns of the counts per unit (of :func:`units_frame`) and the words of their headers."""

_NONE = "\0no unit"  # the projects without a responsible unit, as a key that no unit's name can be


def esc(value: object) -> str:
    """Escape a value for HTML text and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def status_text(status: str, lang: str, mark: bool = True) -> str:
    """Return a status as the list writes it: its mark and its word.

    Examples
    --------
    >>> status_text("red", "zh"), status_text("yellow", "en"), status_text("red", "en", mark=False)
    ('■ 红色预警', '▲ Yellow', 'Red')
    """
    word = t(f"warn_{status}", lang)
    return f"{MARKS[status]} {word}" if mark else word


def stage_text(stage: str, lang: str) -> str:
    """Return a stage's name: commencement (开工) or operation (投产)."""
    return t(f"stage_{stage}", lang)


def overdue_text(months: int, lang: str) -> str:
    """Word the months overdue of a stage (figure 21): overdue, or the months left.

    Examples
    --------
    >>> [overdue_text(m, "en") for m in (5, 1, 0, -1, -3)]
    ['5 months overdue', '1 month overdue', 'overdue, under a month', 'due within a month', 'due within 3 months']
    >>> [overdue_text(m, "zh") for m in (5, 0, -3)]
    ['逾期5个月', '逾期不足1个月', '3个月内到期']
    """
    m = int(months)
    if m > 1:
        return t("overdue_months", lang, n=m)
    if m == 1:
        return t("overdue_one_month", lang)
    if m == 0:
        return t("overdue_under_a_month", lang)
    return t("due_within_a_month", lang) if m == -1 else t("due_within_months", lang, n=-m)


def basis_text(stage: str, planned: bool, lang: str, months_to_commence: int, months_to_operate: int) -> str:
    """Say what a due date is: the plan, or figure 10's deadline (months after signing).

    Examples
    --------
    >>> basis_text("commencement", True, "zh", 12, 36), basis_text("operation", False, "en", 12, 36)
    ('计划开工日期', '36 months after signing')
    """
    if planned:
        return t(f"basis_plan_{stage}", lang)
    return t("basis_deadline", lang, n=months_to_commence if stage == "commencement" else months_to_operate)


def unit_text(unit: object, lang: str) -> str:
    """Return a responsible unit as the list names it; the projects without one are "No unit" / "未明确单位"."""
    return t("no_unit", lang) if is_undefined(unit) or not str(unit).strip() else str(unit).strip()


def _names(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Return the projects' names in the language: the ledger's English name on English pages, where given."""
    names = frame["project_name"].astype("string")
    if lang == "en" and "project_name_en" in frame.columns:
        english = frame["project_name_en"].astype("string").str.strip()
        names = english.mask(english.isna() | english.eq(""), names)
    return names


def list_frame(s: Supervision, lang: str) -> pd.DataFrame:
    """Return the list, one row per red or yellow stage, worded in the language.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`LIST` (``due`` a Timestamp, ``months_overdue`` an int, the
        others text), then ``status`` ("red" or "yellow") and ``unit_key`` (the unit, NA
        for none); grouped by unit (most red first), red first, most overdue first.
    """
    st = s.stages
    leaders = st["responsible_leader"].astype("string").str.strip()
    out = pd.DataFrame({
        "unit": [unit_text(u, lang) for u in st["unit"]],
        "warning": [status_text(v, lang) for v in st["status"]],
        "project_id": st["project_id"].astype("string").to_numpy(),
        "project_name": _names(st, lang).to_numpy(),
        "responsible_leader": leaders.mask(leaders.isna() | leaders.eq(""), t("not_given", lang)).to_numpy(),
        "stage": [stage_text(v, lang) for v in st["stage"]],
        "due": pd.to_datetime(st["due"]).to_numpy(),
        "basis": [basis_text(stage, bool(p), lang, s.months_to_commence, s.months_to_operate)
                  for stage, p in zip(st["stage"], st["planned"])],
        "overdue": [overdue_text(m, lang) for m in st["months_overdue"]],
        "months_overdue": st["months_overdue"].astype("int64").to_numpy(),
        "status": st["status"].astype("str").to_numpy(),
        "unit_key": st["unit"].to_numpy()})
    return out


def headed(frame: pd.DataFrame, lang: str, columns: dict[str, str]) -> pd.DataFrame:
    """Return the given columns of a frame, headed in the language (``columns``: column -> key of the words)."""
    out = frame[list(columns)].copy()
    out.columns = [t(key, lang) for key in columns.values()]
    return out


def units_frame(s: Supervision, lang: str, total: bool = True) -> pd.DataFrame:
    """Return the counts per responsible unit (the columns of :data:`UNITS`), with the district's total last."""
    u = s.units
    out = pd.DataFrame({"unit": [unit_text(v, lang) for v in u["responsible_unit"]],
                        **{c: u[c].astype("int64").to_numpy() for c in list(UNITS)[1:]}})
    if total and len(out):
        sums = {c: int(out[c].sum()) for c in list(UNITS)[1:]}
        out = pd.concat([out, pd.DataFrame([{"unit": t("district_total", lang), **sums}])], ignore_index=True)
    return out


def legend(s: Supervision, lang: str) -> str:
    """Return what red and yellow mean, with the page's thresholds and warning period."""
    return t("warnings_legend", lang, w=s.warn_months, c=s.months_to_commence, o=s.months_to_operate)


def counts_line(s: Supervision, lang: str, unit: object = _NONE, whole: bool = False) -> str:
    """Return the counts of a unit (or, with ``whole``, of the district) as of the report date and since last quarter."""
    if whole:
        c = {"red": s.totals["red"], "yellow": s.totals["yellow"], "newly_red": s.totals["newly_red"],
             "cleared": s.totals["cleared"], "still_red": s.totals["still_red"]}
    else:
        c = _unit_counts(s, unit)
    return t("supervision_counts", lang, date=labels.date(s.as_of, lang), red=c["red"], yellow=c["yellow"],
             newly=c["newly_red"], cleared=c["cleared"], still=c["still_red"])


def _unit_counts(s: Supervision, unit: object) -> dict[str, int]:
    key = _NONE if is_undefined(unit) else unit
    for row in s.units.itertuples(index=False):
        if (_NONE if is_undefined(row.responsible_unit) else row.responsible_unit) == key:
            return {c: int(getattr(row, c)) for c in list(UNITS)[1:]}
    return dict.fromkeys(list(UNITS)[1:], 0)


def groups(s: Supervision, lang: str) -> list[tuple[object, pd.DataFrame, dict[str, int]]]:
    """Return each unit with a stage to act on: its key (NA for none), its rows of :func:`list_frame`, its counts."""
    frame = list_frame(s, lang)
    keys = frame["unit_key"].map(lambda u: _NONE if is_undefined(u) else u)
    out = []
    for key in pd.unique(keys):
        unit = pd.NA if key == _NONE else key
        out.append((unit, frame.loc[keys == key].reset_index(drop=True), _unit_counts(s, unit)))
    return out


_SHOWN = [c for c in LIST if c not in ("unit", "months_overdue")]


def _rows(rows: pd.DataFrame, lang: str) -> str:
    heads = {c: esc(t(LIST[c], lang)) for c in _SHOWN}
    out = []
    for r in rows.itertuples(index=False):
        cells = []
        for c in _SHOWN:
            value = getattr(r, c)
            if c == "warning":
                text = f'<span class="yubei-badge {esc(r.status)}">{esc(value)}</span>'
            elif c == "due":
                text = esc(labels.date(value, lang))
            else:
                text = esc(value)
            kind = ' class="date"' if c == "due" else (' class="code"' if c == "project_id" else "")
            cells.append(f'<td data-label="{heads[c]}"{kind}>{text}</td>')
        out.append(f'<tr class="{esc(r.status)}">' + "".join(cells) + "</tr>")
    return "".join(out)


def list_html(s: Supervision, lang: str, max_rows: int | None = None, unit: object = None,
              heads: bool = True) -> str:
    """Return the list as an HTML table grouped by responsible unit, every value escaped.

    Parameters
    ----------
    s : Supervision
    lang : {"en", "zh"}
    max_rows : int, optional
        Show at most this many stages and say how many more there are (the workbook holds them all).
    unit : str, optional
        Only this unit's stages (``pd.NA``: the projects without a unit); default every unit.
    heads : bool, default True
        Start each unit's group with a line of its name and counts.
    """
    found = groups(s, lang)
    if unit is not None:
        want = _NONE if is_undefined(unit) else unit
        found = [g for g in found if (_NONE if is_undefined(g[0]) else g[0]) == want]
    total = sum(len(rows) for _, rows, _ in found)
    shown, bodies = 0, []
    for key, rows, c in found:
        if max_rows is not None and shown >= max_rows:
            break
        rows = rows if max_rows is None else rows.head(max_rows - shown)
        shown += len(rows)
        head = ""
        if heads:
            line = t("warnings_unit_head", lang, unit=unit_text(key, lang), red=c["red"], yellow=c["yellow"],
                     newly=c["newly_red"], cleared=c["cleared"], still=c["still_red"])
            head = f'<tr class="unit-head"><th colspan="{len(_SHOWN)}" scope="rowgroup">{esc(line)}</th></tr>'
        bodies.append(f"<tbody>{head}{_rows(rows, lang)}</tbody>")
    red = sum(int((rows["status"] == "red").sum()) for _, rows, _ in found)
    caption = t("warnings_caption" if unit is None else "warnings_caption_unit", lang, n=total, red=red,
                yellow=total - red)
    header = "".join(f"<th>{esc(t(LIST[c], lang))}</th>" for c in _SHOWN)
    out = (f'<table class="yubei-table yubei-warnings"><caption>{esc(caption)}</caption>'
           f"<thead><tr>{header}</tr></thead>{''.join(bodies)}</table>")
    if shown < total:
        out += f'<p class="yubei-more">{esc(t("warnings_more", lang, n=total - shown))}</p>'
    if unit is None:  # the whole list, for the set's workbook
        frame = list_frame(s, lang)
        out += tabledata.script(tabledata.worded_record(headed(frame, lang, dict(LIST)), caption,
                                                        list(frame["status"]), lambda c: c == t("due_date", lang)))
    return out


def unit_document(s: Supervision, lang: str, unit: object, title: str, style: str, synthetic: bool = False) -> str:
    """Return a unit's list as a standalone HTML document to print: title, counts, legend, its rows.

    Parameters
    ----------
    s : Supervision
    lang : {"en", "zh"}
    unit : str or NA
        The unit (NA: the projects without one).
    title : str
        The document's title (district, period, unit).
    style : str
        The CSS of the document (the kit's components and the printed sheet's rules).
    synthetic : bool
        Say that the data is the synthetic sample.
    """
    mark = f'<p class="synthetic">{esc(t("synthetic", lang))}</p>' if synthetic else ""
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body class=\"yubei-document\">\n"
            f"<h1>{esc(title)}</h1>\n{mark}<p class=\"counts\">{esc(counts_line(s, lang, unit))}</p>\n"
            f'<p class="yubei-legend">{esc(legend(s, lang))}</p>\n'
            f"{list_html(s, lang, unit=unit, heads=False)}\n</body>\n</html>\n")


def warning_tiles(s: Supervision, lang: str) -> list[dict[str, str]]:
    """Return the summary's two tiles: projects red and yellow now, and their change since last quarter end.

    A red tile is red (overdue) while a project is red, a yellow tile yellow while one is
    yellow; the status says so in words, beside the mark.

    Examples
    --------
    >>> from yubei_lib.figures.supervision import district_supervision
    >>> p = pd.DataFrame({"project_id": ["A"], "project_name": ["a"], "district": ["Yubei"],
    ...                   "signed_on": pd.to_datetime(["2019-01-10"])})
    >>> [(x["value"], x["state"], x["status"]) for x in warning_tiles(district_supervision(p, "Yubei", "2020Q2"), "en")]
    [('1', 'bad', '■ Red: overdue'), ('0', 'neutral', '')]
    """
    from yubei_lib.present.wording import count_change_text

    c = s.totals
    red_change = t("tile_red_change", lang, change=count_change_text(c["red"] - c["red_before"], lang),
                   newly=c["newly_red"], cleared=c["cleared"])
    return [{"title": t("warning_red_count", lang), "value": labels.number(c["red"], lang),
             "target": t("tile_red_rule", lang, w=s.warn_months),
             "status": f"{MARKS['red']} {t('warn_red_meaning', lang)}" if c["red"] else "",
             "state": "bad" if c["red"] else "good", "change": red_change},
            {"title": t("warning_yellow_count", lang), "value": labels.number(c["yellow"], lang),
             "target": t("tile_yellow_rule", lang, w=s.warn_months),
             "status": f"{MARKS['yellow']} {t('warn_yellow_meaning', lang)}" if c["yellow"] else "",
             "state": "warn" if c["yellow"] else "neutral",
             "change": count_change_text(c["yellow"] - c["yellow_before"], lang)}]


def warning_message(s: Supervision, lang: str) -> str:
    """Return the key message of the warnings: red and yellow now, newly red, cleared and still red since last quarter.

    Examples
    --------
    >>> from yubei_lib.figures.supervision import district_supervision
    >>> p = pd.DataFrame({"project_id": ["A"], "project_name": ["a"], "district": ["Yubei"],
    ...                   "signed_on": pd.to_datetime(["2019-01-10"])})
    >>> warning_message(district_supervision(p, "Yubei", "2020Q2"), "zh")
    '项目预警：红色预警项目1个（已逾期）、黄色预警项目0个（临近期限）；与上季末相比，新增红灯0个、已销号0个、仍为红灯1个。'
    """
    c = s.totals
    if not c["red"] and not c["yellow"]:
        return t("msg_warnings_none", lang, cleared=c["cleared"])
    return t("msg_warnings", lang, red=c["red"], yellow=c["yellow"], newly=c["newly_red"], cleared=c["cleared"],
             still=c["still_red"])
