"""The one unit and number of decimals of money on a chart: its axis, its labels and its tooltips.

:func:`yubei_lib.present.labels.money` picks the unit of each amount by its size; a chart
writes every amount in one unit, that of its largest one, with one number of decimals
chosen from its amounts (:func:`money_unit`), and :func:`with_scaled` adds
``<column>_scaled`` in that unit for the axes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import altair as alt

from yubei_lib.present import labels
from yubei_lib.present.labels import t

_UNITS = {  # per language, largest first: (divisor, suffix on a value, unit in an axis title)
    "en": [(1e9, " bn", "bn yuan"), (1e6, " m", "m yuan"), (1.0, "", "yuan")],
    "zh": [(1e8, "亿元", "亿元"), (1e4, "万元", "万元"), (1.0, "元", "元")],
}


@dataclass(frozen=True)
class MoneyUnit:
    """The one unit of money of a chart and its one number of decimals.

    :func:`yubei_lib.present.labels.money` picks the unit of each amount by its size, so
    one chart would say "CNY 30.0 bn" on one bar and "CNY 800.0 m" on the next; a chart
    writes every amount in the unit of its largest one instead, every one with the same
    decimals (:func:`money_unit`): "304.0亿元" beside "265.9亿元", never "304亿元". An
    amount too small to show in those decimals is written "<0.1"; nothing is exactly
    "0". Thousands are grouped as everywhere in the language (:func:`yubei_lib.present.labels.grouped`):
    with commas in English, without in Chinese ("61049.6亿元").

    Attributes
    ----------
    lang : {"en", "zh"}
    divisor : float
        Yuan per unit: 1e9 (bn), 1e6 (m), 1e8 (亿), 1e4 (万) or 1.
    suffix : str
        Written after a value: ``" bn"``, ``" m"``, ``"亿元"``, ``"万元"``, ``"元"`` or ``""``.
    axis_unit : str
        Written in an axis title: ``"bn yuan"``, ``"m yuan"``, ``"yuan"``, ``"亿元"``, ...
    digits : int
        Decimals of every amount: 1, 2 when the chart's smallest amount needs them, 0 in yuan.

    Examples
    --------
    >>> unit = money_unit([3e10, 8e8, 3e7, 0.0], "en")
    >>> [unit.text(v) for v in (3e10, 8e8, 3e7, 0.0, None)]
    ['CNY 30.00 bn', 'CNY 0.80 bn', 'CNY 0.03 bn', 'CNY 0 bn', 'n/a']
    >>> unit.number(3e7), unit.title("signed_value")
    ('0.03', 'Signed value (bn yuan)')
    >>> zh = money_unit([304e8, 265.9e8, 2.1e8], "zh")
    >>> zh.texts([304e8, 265.9e8, 2.1e8]), zh.number(110e8), zh.title("signed_value")
    (['304.0亿元', '265.9亿元', '2.1亿元'], '110.0', '签约金额（亿元）')
    """

    lang: str
    divisor: float
    suffix: str
    axis_unit: str
    digits: int = 1

    def number(self, value: object) -> str:
        """Return an amount in yuan as a number in this unit, without currency or unit (which a title names)."""
        if labels._undefined(value):
            return labels.undefined(self.lang)
        x = float(value) / self.divisor  # type: ignore[arg-type]  # a number once is_undefined() is False
        if x == 0:
            return "0"
        text = labels.grouped(x, self.lang, self.digits)
        if float(text.replace(",", "")) == 0:  # too small for the decimals: say so, never "0.0"
            least = f"{10 ** -self.digits:.{self.digits}f}"
            return f"<{least}" if x > 0 else f">-{least}"
        return text

    def text(self, value: object) -> str:
        """Return an amount in yuan written in this unit, with its currency (en) and unit."""
        if labels._undefined(value):
            return labels.undefined(self.lang)
        number = self.number(value)
        return f"CNY {number}{self.suffix}" if self.lang == "en" else f"{number}{self.suffix}"

    def texts(self, values: Iterable[object]) -> list[str]:
        """Return :meth:`text` of each amount."""
        return [self.text(v) for v in values]

    def title(self, key: str) -> str:
        """Return an axis title: the words of ``key`` and this unit in brackets (full-width in Chinese)."""
        return bracketed(t(key, self.lang), self.axis_unit, self.lang)


def bracketed(words: str, unit: str, lang: str) -> str:
    """Return words with their unit in brackets as the language writes them: ``"Value (bn yuan)"``, ``"金额（亿元）"``.

    Examples
    --------
    >>> bracketed("Signed value", "bn yuan", "en"), bracketed("签约金额", "亿元", "zh")
    ('Signed value (bn yuan)', '签约金额（亿元）')
    """
    return f"{words} ({unit})" if lang == "en" else f"{words}（{unit}）"


def _index(largest: float, lang: str) -> int:
    """Return the place in ``_UNITS[lang]`` of the unit of an amount: the largest it is at least 1 of."""
    for i, (divisor, _, _) in enumerate(_UNITS[lang]):
        if round(largest / divisor, 1) >= 1:
            return i
    return 0


def _digits(amounts: list[float], divisor: float) -> int:
    """Return the decimals of a chart's amounts in a unit: one; two when its smallest needs them; none in yuan."""
    if divisor == 1:
        return 0
    smallest = min((a for a in amounts if a > 0), default=divisor) / divisor
    largest = max(amounts, default=0.0) / divisor
    return 2 if round(smallest, 1) < 0.1 and largest < 100 else 1


def money_unit(values: Iterable[object], lang: str) -> MoneyUnit:
    """Return the unit of money of a chart (that of its largest amount) and its decimals.

    Parameters
    ----------
    values : iterable of float
        The amounts in yuan the chart shows (undefined ones are ignored).
    lang : {"en", "zh"}

    Returns
    -------
    MoneyUnit

    Examples
    --------
    >>> money_unit([2e9, 3e8], "en").axis_unit, money_unit([2e7], "en").axis_unit
    ('bn yuan', 'm yuan')
    >>> money_unit([2e9], "zh").axis_unit, money_unit([], "zh").axis_unit
    ('亿元', '亿元')
    >>> money_unit([2e9, 3e8], "en").digits, money_unit([2e9, 3e6], "en").digits, money_unit([2e11, 3e6], "en").digits
    (1, 2, 1)
    """
    labels.check_lang(lang)
    amounts = [abs(float(v)) for v in values if not labels._undefined(v)]  # type: ignore[arg-type]  # a number once is_undefined() is False
    largest = max(amounts, default=0.0)
    divisor, suffix, axis_unit = _UNITS[lang][_index(largest, lang) if largest else 0]
    return MoneyUnit(lang, divisor, suffix, axis_unit, _digits(amounts, divisor))


def with_scaled(chart: alt.Chart, lang: str, *columns: str, unit: MoneyUnit | None = None) -> alt.Chart:
    """Add ``<column>_scaled`` (in ``unit``; default bn yuan or 亿元) for each money column."""
    divisor = labels.money_scale(lang)[0] if unit is None else unit.divisor
    return chart.transform_calculate(
        **{f"{c}_scaled": f"datum.{c} / {divisor:.0e}" for c in columns})


def money_title(key: str, lang: str, unit: MoneyUnit | None = None) -> str:
    """Return an axis title with the money unit of the chart (default that of the language)."""
    return unit.title(key) if unit is not None else bracketed(t(key, lang), labels.money_scale(lang)[1], lang)
