"""The one unit of money of a chart: its axis, its bar labels and its tooltips.

:func:`yubei_lib.present.labels.money` picks the unit of each amount by its size; a chart
writes every amount in the unit of its largest one instead (:func:`money_unit`), and
:func:`with_scaled` adds ``<column>_scaled`` in that unit for the axes.
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


def _unit_of(text: str, lang: str) -> int:
    """Return the index in ``_UNITS[lang]`` of the unit a formatted amount is written in."""
    for i, (_, suffix, _) in enumerate(_UNITS[lang][:-1]):
        if text.endswith(suffix):
            return i
    return len(_UNITS[lang]) - 1


@dataclass(frozen=True)
class MoneyUnit:
    """The one unit of money of a chart: its axis, its bar labels and its tooltips.

    :func:`yubei_lib.present.labels.money` picks the unit of each amount by its size, so
    one chart would say "CNY 30.0 bn" on one bar and "CNY 800.0 m" on the next; a chart
    writes every amount in the unit of its largest one instead (:func:`money_unit`).

    Attributes
    ----------
    lang : {"en", "zh"}
    divisor : float
        Yuan per unit: 1e9 (bn), 1e6 (m), 1e8 (亿), 1e4 (万) or 1.
    suffix : str
        Written after a value: ``" bn"``, ``" m"``, ``"亿元"``, ``"万元"``, ``"元"`` or ``""``.
    axis_unit : str
        Written in an axis title: ``"bn yuan"``, ``"m yuan"``, ``"yuan"``, ``"亿元"``, ...

    Examples
    --------
    >>> unit = money_unit([3e10, 8e8, 3e7, 0.0], "en")
    >>> [unit.text(v) for v in (3e10, 8e8, 3e7, 0.0, None)]
    ['CNY 30.0 bn', 'CNY 0.80 bn', 'CNY 0.03 bn', 'CNY 0 bn', 'n/a']
    >>> unit.number(3e7)
    '0.03'
    >>> unit.title("signed_value")
    'Signed value (bn yuan)'
    >>> zh = money_unit([5e9, 3e7, 4e6], "zh")
    >>> zh.text(3e7), zh.text(4e6), zh.title("signed_value")
    ('0.3亿元', '0.04亿元', '签约金额 (亿元)')
    """

    lang: str
    divisor: float
    suffix: str
    axis_unit: str

    def text(self, value: object) -> str:
        """Return an amount in yuan written in this unit (as labels.money writes it when it can)."""
        if labels._undefined(value):
            return labels.undefined(self.lang)
        v = float(value)  # type: ignore[arg-type]  # a number once is_undefined() is False
        written = labels.money(v, self.lang)
        if v != 0 and _UNITS[self.lang][_unit_of(written, self.lang)][0] == self.divisor:
            return written
        x = v / self.divisor
        digits = 1 if abs(x) >= 0.995 else 2
        number = f"{x:,.{digits}f}" if self.lang == "en" else f"{x:.{digits}f}"
        if float(number.replace(",", "")) == 0:
            number = "0" if x == 0 else ("<0.01" if x > 0 else "-0.01")
        if self.lang == "en":
            return f"CNY {number}{self.suffix}"
        if "." in number:  # as labels.money writes Chinese amounts: 0.3亿元, not 0.30亿元
            number = number.rstrip("0").rstrip(".")
        return f"{number}{self.suffix}"

    def number(self, value: object) -> str:
        """Return :meth:`text` without the currency and the unit (which a title or legend names)."""
        text = self.text(value)
        if labels._undefined(value):
            return text
        text = text.removeprefix("CNY ")
        return text.removesuffix(self.suffix) if self.suffix else text

    def texts(self, values: Iterable[object]) -> list[str]:
        """Return :meth:`text` of each amount."""
        return [self.text(v) for v in values]

    def title(self, key: str) -> str:
        """Return an axis title: the words of ``key`` and this unit."""
        return f"{t(key, self.lang)} ({self.axis_unit})"


def money_unit(values: Iterable[object], lang: str) -> MoneyUnit:
    """Return the unit of money of a chart: the one labels.money gives its largest amount.

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
    """
    labels.check_lang(lang)
    amounts = [abs(float(v)) for v in values if not labels._undefined(v)]  # type: ignore[arg-type]  # a number once is_undefined() is False
    largest = max(amounts, default=0.0)
    index = 0 if largest == 0 else _unit_of(labels.money(largest, lang), lang)
    divisor, suffix, axis_unit = _UNITS[lang][index]
    return MoneyUnit(lang, divisor, suffix, axis_unit)


def with_scaled(chart: alt.Chart, lang: str, *columns: str, unit: MoneyUnit | None = None) -> alt.Chart:
    """Add ``<column>_scaled`` (in ``unit``; default bn yuan or 亿元) for each money column."""
    divisor = labels.money_scale(lang)[0] if unit is None else unit.divisor
    return chart.transform_calculate(
        **{f"{c}_scaled": f"datum.{c} / {divisor:.0e}" for c in columns})


def money_title(key: str, lang: str, unit: MoneyUnit | None = None) -> str:
    """Return an axis title with the money unit of the chart (default that of the language)."""
    return unit.title(key) if unit is not None else f"{t(key, lang)} ({labels.money_scale(lang)[1]})"
