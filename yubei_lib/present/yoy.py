"""Word the change on the same period last year (同比, figure 20) as a Chinese work report says it.

A flow: "同比增长12.3%", "同比下降4.0%", "同比持平" (the change rounds to 0.0 %), "上年同期为0"
where last year's figure is 0; in English "up 12.3% on the same period last year" and so on.
A rate: its change from the same day last year in percentage points ("同比提高3.2个百分点").
Nothing (None) where last year's figure is unknown: a page then says nothing of last year.
"""

from __future__ import annotations

from yubei_lib.figures.frames import is_undefined
from yubei_lib.present.labels import check_lang, t

__all__ = ["yoy_text", "rate_yoy_text", "with_yoy"]

LEVEL = 0.0005
"""A change (fraction) below this in size is worded as level (同比持平): it rounds to 0.0 %."""


def yoy_text(now: object, prev: object, lang: str) -> str | None:
    """Return a flow's change on the same period last year, worded; None when last year is unknown.

    Parameters
    ----------
    now, prev : float or None
        The flow this year to date and as of the same day last year (``F``, ``F_prev_year``).
    lang : {"en", "zh"}

    Examples
    --------
    >>> yoy_text(112.3, 100, "zh"), yoy_text(96, 100, "zh"), yoy_text(100.04, 100, "zh"), yoy_text(5, 0, "zh")
    ('同比增长12.3%', '同比下降4.0%', '同比持平', '上年同期为0')
    >>> yoy_text(112.3, 100, "en")
    'up 12.3% on the same period last year'
    >>> yoy_text(96, 100, "en"), yoy_text(0, 0, "en")
    ('down 4.0% on the same period last year', 'none in the same period last year')
    >>> yoy_text(100, 100, "en"), yoy_text(5, None, "zh"), yoy_text(None, 5, "en")
    ('level with the same period last year', None, None)
    """
    check_lang(lang)
    if is_undefined(now) or is_undefined(prev):
        return None
    before = float(prev)  # type: ignore[arg-type]  # a number once is_undefined() is False
    if before == 0:
        return t("yoy_none_last_year", lang)
    change = float(now) / before - 1.0  # type: ignore[arg-type]  # a number once is_undefined() is False
    if abs(change) < LEVEL:
        return t("yoy_level", lang)
    return t("yoy_up" if change > 0 else "yoy_down", lang, change=f"{abs(change) * 100:.1f}")


def rate_yoy_text(now: object, prev: object, lang: str) -> str | None:
    """Return a rate's change from the same day last year in percentage points; None when either is unknown.

    Parameters
    ----------
    now, prev : float or None
        The rate (a fraction) now and as of the same day last year.
    lang : {"en", "zh"}

    Examples
    --------
    >>> rate_yoy_text(0.232, 0.2, "zh"), rate_yoy_text(0.19, 0.2, "zh"), rate_yoy_text(0.2004, 0.2, "zh")
    ('同比提高3.2个百分点', '同比下降1.0个百分点', '同比持平')
    >>> rate_yoy_text(0.232, 0.2, "en"), rate_yoy_text(0.5, None, "en")
    ('up 3.2 points on a year earlier', None)
    """
    check_lang(lang)
    if is_undefined(now) or is_undefined(prev):
        return None
    points = (float(now) - float(prev)) * 100  # type: ignore[arg-type]  # numbers once is_undefined() is False
    if abs(points) < LEVEL * 100:
        return t("yoy_points_level", lang)
    return t("yoy_points_up" if points > 0 else "yoy_points_down", lang, change=f"{abs(points):.1f}")


def with_yoy(text: str, now: object, prev: object, lang: str) -> str:
    """Return a line (a tile's change since last quarter) followed by the change on the same period last year.

    Examples
    --------
    >>> with_yoy("较上季末增加297亿元", 82.6e9, 141.6e9, "zh")
    '较上季末增加297亿元；同比下降41.7%'
    >>> with_yoy("", 12, 10, "en"), with_yoy("+4 vs last quarter end", 12, None, "en")
    ('up 20.0% on the same period last year', '+4 vs last quarter end')
    """
    phrase = yoy_text(now, prev, lang)
    if phrase is None:
        return text
    return ("；" if lang == "zh" else "; ").join(part for part in (text, phrase) if part)
