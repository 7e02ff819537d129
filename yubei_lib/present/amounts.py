"""One way to write the amounts of a table column or a sentence: one unit, one number of decimals.

:func:`yubei_lib.present.labels.money` picks the unit of each amount by its size; a column
of a table (or the amounts of one key message) is written in one unit and with one number of
decimals instead, chosen from its amounts (:func:`money_column`).
"""

from __future__ import annotations

from dataclasses import dataclass

from yubei_lib.present.labels import _undefined, check_lang, grouped, money, undefined

__all__ = ["MoneyColumn", "money_column"]

_COLUMN_UNITS = {  # per language, largest first: (yuan per unit, written before, written after)
    "en": [(1e9, "CNY ", " bn"), (1e6, "CNY ", " m"), (1.0, "CNY ", "")],
    "zh": [(1e8, "", "亿元"), (1e4, "", "万元"), (1.0, "", "元")],
}


@dataclass(frozen=True)
class MoneyColumn:
    """One way to write every amount of a column (or a sentence): one unit, one number of decimals.

    Made by :func:`money_column` from the amounts it will write; calling it writes one.

    Attributes
    ----------
    lang : {"en", "zh"}
    divisor : float
        Yuan per unit (1e9 bn, 1e6 m, 1e8 亿, 1e4 万, 1).
    prefix, suffix : str
        Written before and after the number (``"CNY "``, ``" bn"``; ``""``, ``"亿元"``).
    digits : int
        Decimals of every amount.
    """

    lang: str
    divisor: float
    prefix: str
    suffix: str
    digits: int

    def __call__(self, value_yuan: object) -> str:
        """Write an amount held in yuan in this column's unit and decimals (undefined: n/a, 无)."""
        if _undefined(value_yuan):
            return undefined(self.lang)
        x = float(value_yuan) / self.divisor  # type: ignore[arg-type]  # a number once is_undefined() is False
        text = grouped(x, self.lang, self.digits)
        if x != 0 and float(text.replace(",", "")) == 0:  # too small to show in this unit
            text = ("<" if x > 0 else ">-") + grouped(10.0 ** -self.digits, self.lang, self.digits)
        elif text.startswith("-") and float(text.replace(",", "")) == 0:
            text = text[1:]
        return f"{self.prefix}{text}{self.suffix}"

    @property
    def unit(self) -> str:
        """Return the unit as a header names it: ``bn yuan``, ``m yuan``, ``yuan``, ``亿元``, ``万元``, ``元``."""
        if self.lang == "zh":
            return self.suffix
        return f"{self.suffix.strip()} yuan".strip()


def money_column(values: object, lang: str) -> MoneyColumn:
    """Return the one format of a column of amounts (yuan): its unit and decimals, chosen from its values.

    The unit is the one :func:`money` gives the largest amount (bn, m or yuan; 亿元, 万元
    or 元); the decimals are one, two when an amount is below one unit (so that 0.35 bn is
    not 0.3 bn beside 3.1 bn), none when the unit is the yuan or, in Chinese, when every
    amount is whole at that precision (``826亿元``, as Chinese reports write it). Undefined amounts are ignored (and written n/a, 无).

    Parameters
    ----------
    values : iterable of float
    lang : {"en", "zh"}

    Returns
    -------
    MoneyColumn

    Examples
    --------
    >>> fmt = money_column([139.5e6, 3.1e9], "en")
    >>> fmt(139.5e6), fmt(3.1e9), fmt(None)
    ('CNY 0.14 bn', 'CNY 3.10 bn', 'n/a')
    >>> fmt = money_column([88.55e6, 1.4e8, 30.4e9, 26.59e9], "zh")
    >>> fmt(88.55e6), fmt(30.4e9), fmt(26.59e9)
    ('0.89亿元', '304.00亿元', '265.90亿元')
    >>> fmt = money_column([82.6e9, 80e9, 2.6e9], "zh")
    >>> fmt(82.6e9), fmt(80e9), fmt(2.6e9)
    ('826亿元', '800亿元', '26亿元')
    >>> money_column([582.5e9, 151.96e9], "zh")(151.96e9), money_column([1.5e9, 2e3], "en")(2e3)
    ('1519.6亿元', 'CNY <0.01 bn')
    >>> money_column([12345, 800], "en")(12345), money_column([], "zh")(0), money_column([19e9], "en")(19e9)
    ('CNY 12,345', '0亿元', 'CNY 19.0 bn')
    """
    check_lang(lang)
    amounts = [float(v) for v in values if not _undefined(v)]  # type: ignore[attr-defined]  # an iterable of numbers
    largest = max((abs(v) for v in amounts), default=0.0)
    written = money(largest, lang) if largest else ""
    units = _COLUMN_UNITS[lang]
    divisor, prefix, suffix = next((u for u in units[:-1] if written.endswith(u[2])), units[0] if not largest
                                   else units[-1])
    if divisor == 1.0:
        return MoneyColumn(lang, divisor, prefix, suffix, 0)
    scaled = [v / divisor for v in amounts]
    digits = 2 if any(0 < abs(x) < 1 for x in scaled) else 1
    if lang == "zh" and all(round(x, digits) == round(x) for x in scaled):  # as Chinese reports write 826亿元
        digits = 0
    return MoneyColumn(lang, divisor, prefix, suffix, digits)
