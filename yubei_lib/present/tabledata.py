"""The whole of a table a page shows, carried beside its HTML for the set's workbook.

A page may cut a long table to what a reader uses; the set's workbook (``tables.xlsx``)
holds it whole. Each table a page shows carries its record, every row, in a
``<script type="application/json" class="yubei-table-data">`` after it: its caption, its
headers in the page's language, each column's kind (``money`` in yuan, ``percent`` as a
fraction, ``number``, ``date``, ``text``) and its rows. The page template leaves the records
out of the page (:func:`strip`); the runner reads them from the executed notebooks
(:func:`records`) and writes one sheet a table.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping

import pandas as pd

from yubei_lib.ledger.reference import KINDS
from yubei_lib.present import labels

CLASS = "yubei-table-data"
"""The class of a record's script element."""

_SCRIPT = re.compile(r'<script type="application/json" class="' + CLASS + r'">(.*?)</script>', re.S)
_KEPT = ("money", "percent", "number", "date")


def _blank(value: object) -> bool:
    try:
        return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def _value(value: object, fmt: object, lang: str) -> object:
    """Return a cell as the record keeps it: numbers as numbers, names and worded cells as the page writes them."""
    if callable(fmt):
        return str(fmt(value))
    if _blank(value):
        return None
    if fmt == "date":
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if fmt in _KEPT:
        number = float(value)  # type: ignore[arg-type]  # a number once _blank() is False
        return int(number) if fmt == "number" and number.is_integer() else number
    if fmt in KINDS:
        return labels.name(str(fmt), value, lang)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def record(frame: pd.DataFrame, lang: str, columns: Mapping[str, str], formats: Mapping[str, object],
           caption: str | None = None, status: list[str | None] | None = None) -> dict:
    """Return the record of a table: caption, headers in the language, kinds and every row.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"en", "zh"}
    columns : mapping
        Column -> its header (a key of the words, or literal text), in the order shown.
    formats : mapping
        Column -> its format, as :func:`yubei_lib.present.display.table` takes them.
    caption : str, optional
    status : list, optional
        Per row, ``"red"``, ``"yellow"`` or None (the warnings list's status, filled in the workbook).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["Yubei"], "contract_value": [1.5e9], "signed_on": [pd.Timestamp("2020-03-05")]})
    >>> r = record(f, "zh", {"district": "district", "contract_value": "contract_value", "signed_on": "signed_on"},
    ...            {"district": "district", "contract_value": "money", "signed_on": "date"})
    >>> r["headers"], r["kinds"], r["rows"]
    (['区县', '协议投资额', '签约日期'], ['text', 'money', 'date'], [['渝北区', 1500000000.0, '2020-03-05']])
    """
    def header(key: str) -> str:
        return labels.t(key, lang) if key in labels.CATALOGUE else key

    kinds = [str(formats.get(c)) if formats.get(c) in _KEPT else "text" for c in columns]
    rows = [[_value(v, formats.get(c), lang) for c, v in zip(columns, values)]
            for values in frame[list(columns)].itertuples(index=False, name=None)]
    out: dict = {"caption": caption or "", "headers": [header(h) for h in columns.values()], "kinds": kinds,
                 "rows": rows}
    if status is not None:
        out["status"] = list(status)
    return out


def script(rec: dict) -> str:
    """Return a record as the script element that follows its table (safe inside HTML).

    Examples
    --------
    >>> script({"caption": "</script>", "headers": [], "kinds": [], "rows": []})[:60]
    '<script type="application/json" class="yubei-table-data">{"c'
    >>> "</script>" in script({"caption": "</script>", "headers": [], "kinds": [], "rows": []})[:-9]
    False
    """
    text = json.dumps(rec, ensure_ascii=False, allow_nan=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{CLASS}">{text}</script>'


def records(html: str) -> list[dict]:
    """Return the records a piece of HTML carries, in order.

    Examples
    --------
    >>> records("<table></table>" + script({"caption": "a", "headers": ["x"], "kinds": ["text"], "rows": [["<b>"]]}))
    [{'caption': 'a', 'headers': ['x'], 'kinds': ['text'], 'rows': [['<b>']]}]
    """
    return [json.loads(m) for m in _SCRIPT.findall(html)]


def strip(html: str) -> str:
    """Return HTML without its records (a page shows its tables, the workbook holds them whole)."""
    return _SCRIPT.sub("", html)


def worded_record(frame: pd.DataFrame, caption: str = "", status: list[str | None] | None = None,
                  dates: Callable[[str], bool] = lambda _: False) -> dict:
    """Return the record of a table already worded: headers are its columns, cells as they are (dates ISO)."""
    kinds = ["date" if dates(str(c)) else "text" for c in frame.columns]
    rows = [[None if _blank(v) else (f"{pd.Timestamp(v):%Y-%m-%d}" if k == "date"
                                     else _value(v, None, "en")) for v, k in zip(values, kinds)]
            for values in frame.itertuples(index=False, name=None)]
    out: dict = {"caption": caption, "headers": [str(c) for c in frame.columns], "kinds": kinds, "rows": rows}
    if status is not None:
        out["status"] = list(status)
    return out
