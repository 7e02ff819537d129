"""Show figures in a notebook and in the exported page: charts, escaped tables, tiles.

Charts go out as a Vega-Lite MIME bundle (``application/vnd.vegalite.v5+json``), which
JupyterLab draws itself, offline, and which the kit's nbconvert template turns into a
container drawn by the Vega libraries inlined once per page. Tables and tiles are HTML
in which every value from the ledger is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence

import altair as alt
import pandas as pd

from yubei_lib.config import TEMPLATES, VEGALITE_MIME
from yubei_lib.ledger.reference import KINDS
from yubei_lib.present import (  # noqa: F401  (importing theme registers it; enable() enables it)
    labels,
    tabledata,
    theme,
)
from yubei_lib.present.amounts import money_column
from yubei_lib.present.workbook import tables_name

RENDERER = "yubei"


def _render(spec: dict) -> dict:
    """Return the MIME bundle of a chart: the spec for JupyterLab and the page template."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}
    return {VEGALITE_MIME: spec, "text/plain": "<chart>"}


def enable() -> None:
    """Register and enable the kit's Altair renderer and theme (idempotent)."""
    alt.renderers.register(RENDERER, _render)
    alt.renderers.enable(RENDERER)
    alt.theme.enable(theme.NAME)


class Html:
    """A piece of HTML for notebooks (``_repr_html_``) and tests (``str``)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain of an output: stable, so equal runs give equal notebooks
        return "<html output>"


def esc(value: object) -> str:
    """Escape a value for HTML text and attributes.

    Examples
    --------
    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def _blank(value: object) -> bool:
    try:
        return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


STATUS = {"met": ("good", "✓"), "on_track": ("good", "✓"), "not_met": ("bad", "✗"), "behind": ("bad", "✗"),
          "no_target": ("neutral", "–"), "undefined": ("neutral", "–")}
"""The colour (state) and the mark of each status against a target: the mark and the word stand
beside the colour, so a black-and-white print or a colour-blind reader loses nothing."""

REFLOW_COLUMNS = 5
"""A table of this many columns or more stacks its rows on a phone, each cell under its column's name."""


def status_badge(status: str, lang: str) -> str:
    """Return the HTML of a status against a target: a coloured badge with a mark and the word.

    Examples
    --------
    >>> status_badge("not_met", "en")
    '<span class="yubei-status bad">✗ Not met</span>'
    >>> status_badge("met", "zh"), status_badge("no_target", "en")
    ('<span class="yubei-status good">✓ 已达标</span>', '<span class="yubei-status neutral">– No target</span>')
    """
    state, mark = STATUS[status]
    word = labels.t("no_target_short" if status == "no_target" else status, lang)
    return f'<span class="yubei-status {state}">{esc(mark)} {esc(word)}</span>'


def money_formats(frame: pd.DataFrame, formats: Mapping[str, Callable[[object], str] | str],
                  lang: str) -> dict[str, Callable[[object], str] | str]:
    """Return ``formats`` with each ``"money"`` column's one format, chosen from the column's amounts.

    Examples
    --------
    >>> f = pd.DataFrame({"v": [139.5e6, 3.1e9]})
    >>> [money_formats(f, {"v": "money"}, "en")["v"](x) for x in f["v"]]
    ['CNY 0.14 bn', 'CNY 3.10 bn']
    """
    out = dict(formats)
    for column, fmt in formats.items():
        if fmt == "money" and column in frame:
            out[column] = money_column(frame[column], lang)
    return out


def table(frame: pd.DataFrame, lang: str, columns: Mapping[str, str] | None = None,
          formats: Mapping[str, Callable[[object], str] | str] | None = None,
          caption: str | None = None, highlight: tuple[str, str] | None = None,
          max_rows: int | None = None, reflow: bool | None = None, more: str | Html | None = None) -> Html:
    """Return an HTML table of a frame with localized headers and every cell escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"en", "zh"}
    columns : mapping, optional
        Columns to show, in order, each with its header (a key of ``labels.CATALOGUE``
        or literal text); default every column under its own name.
    formats : mapping, optional
        Per column, ``"money"`` (every amount of the column in one unit and one number of
        decimals: :func:`yubei_lib.present.amounts.money_column`), ``"percent"``, ``"number"``,
        ``"date"``, ``"status"`` (a status against a target, :func:`status_badge`), ``"name"``
        (a name never broken mid-word), a name kind (``"district"``, ``"cluster"``, ...) or a
        function of the value returning text.
    caption : str, optional
    highlight : (column, value), optional
        Rows whose ``column`` equals ``value`` get the ``own`` class (the report's district).
    max_rows : int, optional
        Show at most this many rows and say how many more there are.
    reflow : bool, optional
        Stack the rows on a phone, each cell under its column's name; default for tables of
        :data:`REFLOW_COLUMNS` columns or more.
    more : str or Html, optional
        What a cut table (``max_rows``) says under it, instead of "N more rows" (text is
        escaped; Html, e.g. :func:`workbook_note`, is not).

    Returns
    -------
    Html

    Examples
    --------
    >>> f = pd.DataFrame({"project_name": ["<script>alert(1)</script>"], "contract_value": [1.5e9]})
    >>> shown = table(f, "en", {"project_name": "project", "contract_value": "contract_value"},
    ...               {"contract_value": "money"})
    >>> print(tabledata.strip(str(shown)))  # (the whole table's record follows it: yubei_lib.present.tabledata)
    ... # doctest: +NORMALIZE_WHITESPACE
    <table class="yubei-table"><thead><tr><th>Project</th><th>Contract value</th></tr></thead><tbody><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class="num">CNY 1.5 bn</td></tr></tbody></table>
    """
    labels.check_lang(lang)
    columns = dict(columns) if columns is not None else {c: c for c in frame.columns}
    shown = frame if max_rows is None else frame.head(max_rows)
    given = dict(formats or {})  # the kinds, for the table's record; money worded below in one unit a column
    formats = money_formats(shown, given, lang)
    reflow = len(columns) >= REFLOW_COLUMNS if reflow is None else reflow

    def header(key: str) -> str:
        return labels.t(key, lang) if key in labels.CATALOGUE else key

    def td(col: str, value: object) -> str:
        label = f' data-label="{esc(header(columns[col]))}"' if reflow else ""
        if formats.get(col) == "status" and not _blank(value):
            return f'<td class="status"{label}>{status_badge(str(value), lang)}</td>'
        text, kind = _cell(value, formats.get(col), lang)
        return f'<td class="{kind}"{label}>{esc(text)}</td>' if kind else f"<td{label}>{esc(text)}</td>"

    out = ['<table class="yubei-table reflow">' if reflow else '<table class="yubei-table">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(header(h))}</th>" for h in columns.values()) + "</tr></thead><tbody>")
    for _, row in shown.iterrows():
        own = highlight is not None and row.get(highlight[0]) == highlight[1]
        out.append(('<tr class="own">' if own else "<tr>") + "".join(td(col, row[col]) for col in columns) + "</tr>")
    out.append("</tbody></table>")
    if max_rows is not None and len(frame) > max_rows:
        out.append(_cut_note(len(frame) - max_rows, more, lang))
    out.append(tabledata.script(tabledata.record(frame, lang, columns, given, caption)))  # whole, for the workbook
    return Html("".join(out))


def _cell(value: object, fmt: Callable[[object], str] | str | None, lang: str) -> tuple[str, str]:
    """Return a cell's text in its column's format and its class: ``num`` (right-aligned), ``date``, ``name`` or ``""``.

    Examples
    --------
    >>> _cell(0.125, "percent", "en"), _cell(None, "number", "en"), _cell("Yubei", "district", "zh")
    (('12.5%', 'num'), ('n/a', ''), ('渝北区', 'name'))
    """
    if callable(fmt):
        return fmt(value), "num"
    if _blank(value):
        return ("" if fmt in (None, "text", "date", "name") else labels.undefined(lang)), ""
    if fmt == "name":
        return str(value), "name"
    if fmt == "percent":
        return labels.percent(value, lang), "num"
    if fmt == "number":
        return labels.number(value, lang), "num"
    if fmt == "date":
        return labels.date(pd.Timestamp(value), lang), "date"
    if fmt in KINDS:
        return labels.name(fmt, value, lang), "name" if fmt == "district" else ""
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    return str(value), "num" if numeric else ""


def _cut_note(hidden: int, more: str | Html | None, lang: str) -> str:
    """Return what a cut table says under it: ``more`` (Html as it is, text escaped), else how many rows are not shown.

    Examples
    --------
    >>> _cut_note(3, None, "en"), _cut_note(3, "<all in the workbook>", "en")
    ('<p class="yubei-more">... and 3 more</p>', '<p class="yubei-more">&lt;all in the workbook&gt;</p>')
    """
    if isinstance(more, Html):
        return str(more)
    said = more if more is not None else labels.t("more_rows", lang, n=hidden)
    return f'<p class="yubei-more">{esc(said)}</p>'


CUT_ROWS = 30
"""Rows a long list shows on a page (the 30 most recent visits, ...); the set's workbook holds it whole."""


def workbook_note(text: str, lang: str) -> Html:
    """Return what a cut list says under it, linked to the set's workbook, which holds it whole.

    Examples
    --------
    >>> str(workbook_note("The 30 most recent of 513; all in", "en"))
    '<p class="yubei-more">The 30 most recent of 513; all in <a href="tables.xlsx">the set&#x27;s workbook</a>.</p>'
    >>> str(workbook_note("仅列30家，完整名单见", "zh"))
    '<p class="yubei-more">仅列30家，完整名单见<a href="tables.zh.xlsx">本期汇总表</a>。</p>'
    """
    link = f'<a href="{esc(tables_name(lang))}">{esc(labels.t("workbook_link", lang))}</a>'
    return Html(f'<p class="yubei-more">{esc(text)}{" " if lang == "en" else ""}{link}{"." if lang == "en" else "。"}</p>')


def tiles(items: Sequence[Mapping[str, object]]) -> Html:
    """Return key-figure tiles: each with a title, value, target, status and change.

    Parameters
    ----------
    items : sequence of mappings
        Keys ``title``, ``value``, ``target``, ``status`` (text), ``state`` (one of
        ``"good"``, ``"bad"``, ``"warn"`` (figure 21's yellow), ``"neutral"``) and ``change``
        (text); all already worded and formatted; they are escaped here.

    Returns
    -------
    Html

    Examples
    --------
    >>> str(tiles([{"title": "Rate", "value": "20.0%", "target": "Target 20.0%", "status": "Met",
    ...             "state": "good", "change": "+1.0 pt"}])).count('class="tile good"')
    1
    """
    out = ['<div class="yubei-tiles">']
    for item in items:
        state = item.get("state", "neutral")
        state = state if state in ("good", "bad", "warn", "neutral") else "neutral"
        out.append(f'<div class="tile {state}">'
                   f'<div class="tile-title">{esc(item.get("title"))}</div>'
                   f'<div class="tile-value">{esc(item.get("value"))}</div>'
                   f'<div class="tile-target">{esc(item.get("target", ""))}</div>'
                   f'<div class="tile-status">{esc(item.get("status", ""))}</div>'
                   f'<div class="tile-change">{esc(item.get("change", ""))}</div></div>')
    out.append("</div>")
    return Html("".join(out))


def messages(lines: Sequence[str]) -> Html:
    """Return a list of key messages, escaped.

    Examples
    --------
    >>> str(messages(["Signed <b>80</b>"]))
    '<ul class="yubei-messages"><li>Signed &lt;b&gt;80&lt;/b&gt;</li></ul>'
    """
    return Html('<ul class="yubei-messages">' + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")


def note(text: str) -> Html:
    """Return a short note (escaped), shown where a figure has nothing to show.

    Examples
    --------
    >>> str(note("Nothing <signed> yet"))
    '<p class="yubei-note">Nothing &lt;signed&gt; yet</p>'
    """
    return Html(f'<p class="yubei-note">{esc(text)}</p>')


def component_css() -> str:
    """Return the style of the kit's outputs (tiles, tables, messages, notes): one file for every place."""
    return (TEMPLATES / "yubei" / "components.css").read_text(encoding="utf-8")


def style() -> Html:
    """Return the kit's output style as a ``<style>`` element, for a notebook to show once.

    JupyterLab never loads the page template's CSS; with this element (which the page's
    title emits) tiles, badges and tables look in the lab as they do on the page.
    """
    return Html(f'<style class="yubei-style">{component_css()}</style>')


def notice(head: str, lines: Sequence[str]) -> Html:
    """Return a notice set apart near the top of a page: a heading line and a list, escaped.

    Examples
    --------
    >>> str(notice("Revised", ["a → b"]))
    '<div class="yubei-notice" role="note"><p><strong>Revised</strong></p><ul><li>a → b</li></ul></div>'
    """
    items = "".join(f"<li>{esc(x)}</li>" for x in lines)
    return Html(f'<div class="yubei-notice" role="note"><p><strong>{esc(head)}</strong></p><ul>{items}</ul></div>')
