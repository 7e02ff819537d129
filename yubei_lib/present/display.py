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
from yubei_lib.present import labels, tabledata, theme  # noqa: F401  (importing theme registers and enables it)

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


def table(frame: pd.DataFrame, lang: str, columns: Mapping[str, str] | None = None,
          formats: Mapping[str, Callable[[object], str] | str] | None = None,
          caption: str | None = None, highlight: tuple[str, str] | None = None,
          max_rows: int | None = None) -> Html:
    """Return an HTML table of a frame with localized headers and every cell escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"en", "zh"}
    columns : mapping, optional
        Columns to show, in order, each with its header (a key of ``labels.CATALOGUE``
        or literal text); default every column under its own name.
    formats : mapping, optional
        Per column, ``"money"``, ``"percent"``, ``"number"``, ``"date"``, a name kind
        (``"district"``, ``"cluster"``, ...) or a function of the value returning text.
    caption : str, optional
    highlight : (column, value), optional
        Rows whose ``column`` equals ``value`` get the ``own`` class (the report's district).
    max_rows : int, optional
        Show at most this many rows and say how many more there are.

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
    formats = dict(formats or {})
    shown = frame if max_rows is None else frame.head(max_rows)

    def header(key: str) -> str:
        return labels.t(key, lang) if key in labels.CATALOGUE else key

    def cell(col: str, value: object) -> tuple[str, str]:
        """Return a cell's text and its class: ``num`` (right-aligned), ``date`` or ``""``."""
        fmt = formats.get(col)
        if callable(fmt):
            return fmt(value), "num"
        if _blank(value):
            return ("" if fmt in (None, "text", "date") else labels.undefined(lang)), ""
        if fmt == "money":
            return labels.money(value, lang), "num"
        if fmt == "percent":
            return labels.percent(value, lang), "num"
        if fmt == "number":
            return labels.number(value, lang), "num"
        if fmt == "date":
            return labels.date(pd.Timestamp(value), lang), "date"
        if fmt in KINDS:
            return labels.name(fmt, value, lang), ""
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        return str(value), "num" if numeric else ""

    out = ['<table class="yubei-table">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(header(h))}</th>" for h in columns.values()) + "</tr></thead><tbody>")
    for _, row in shown.iterrows():
        own = highlight is not None and row.get(highlight[0]) == highlight[1]
        cells = []
        for col in columns:
            text, kind = cell(col, row[col])
            cells.append(f'<td class="{kind}">{esc(text)}</td>' if kind else f"<td>{esc(text)}</td>")
        out.append(('<tr class="own">' if own else "<tr>") + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if max_rows is not None and len(frame) > max_rows:
        more = len(frame) - max_rows
        out.append(f'<p class="yubei-more">{esc(labels.t("more_rows", lang, n=more))}</p>')
    out.append(tabledata.script(tabledata.record(frame, lang, columns, formats, caption)))  # whole, for the workbook
    return Html("".join(out))


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
