"""English and Chinese words of the reports, names of categories, and money formatting.

Every title, axis, table header and status a report shows comes from :data:`CATALOGUE`
through :func:`t`. Names of districts, clusters, chain segments, investor types and
parks come from the reference data (:mod:`yubei_lib.ledger.reference`), never from this file.
Money is held in yuan and shown as ``"CNY 141.6 bn"`` in English and ``"1416亿元"``
in Chinese (a column of amounts in one unit and one number of decimals: :func:`yubei_lib.present.amounts.money_column`);
English writes thousands separators, Chinese none (:func:`grouped`); an undefined figure
(None, NaN) is shown as ``"n/a"`` / ``"无"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from yubei_lib.config import LANGS
from yubei_lib.figures.frames import is_undefined as _undefined
from yubei_lib.ledger import periods, reference
from yubei_lib.present.words import CATALOGUE

_UNDEFINED = {"en": "n/a", "zh": "无"}
_MONEY_SCALE = {"en": (1e9, "bn yuan"), "zh": (1e8, "亿元")}
_ZH_QUARTERS = "一二三四"


def check_lang(lang: object) -> str:
    """Return ``lang`` when it is a language of the reports, else raise ValueError.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr': use 'en' or 'zh'
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' or 'zh'")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """Return the words for ``key`` in ``lang``, with placeholders filled from ``values``.

    Parameters
    ----------
    key : str
        A key of :data:`CATALOGUE`.
    lang : {"en", "zh"}
    **values
        Values of the ``{placeholders}`` of the entry, if any.

    Raises
    ------
    KeyError
        When the key is not in the catalogue.
    ValueError
        When ``lang`` is neither ``"en"`` nor ``"zh"``.

    Examples
    --------
    >>> t("operation_rate", "en"), t("operation_rate", "zh")
    ('Operation rate', '投产率')
    >>> t("target_line", "zh", value="800.0亿元")
    '目标 800.0亿元'
    """
    check_lang(lang)
    try:
        text = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"no words for {key!r} in the labels catalogue") from None
    return text.format(**values) if values else text




def undefined(lang: str) -> str:
    """Return the word shown for an undefined figure.

    Examples
    --------
    >>> undefined("en"), undefined("zh")
    ('n/a', '无')
    """
    return _UNDEFINED[check_lang(lang)]


def money(value_yuan: object, lang: str) -> str:
    """Format an amount of money held in yuan, in a unit that suits its size.

    English: billions (``bn``) from 1 bn, millions (``m``) from 1 m, else whole yuan; one
    decimal. Chinese: 亿元 from 1 亿, 万元 from 1 万, else whole 元; one decimal, written as
    Chinese reports write it (``826亿元``, not ``826.0亿元``; no thousands separator).

    Parameters
    ----------
    value_yuan : float or None
    lang : {"en", "zh"}

    Examples
    --------
    >>> money(141.6e9, "en"), money(141.6e9, "zh"), money(82.64e9, "zh")
    ('CNY 141.6 bn', '1416亿元', '826.4亿元')
    >>> money(3.5e8, "en"), money(3.5e8, "zh")
    ('CNY 350.0 m', '3.5亿元')
    >>> money(12345, "en"), money(12345, "zh")
    ('CNY 12,345', '1.2万元')
    >>> money(None, "en"), money(float("nan"), "zh")
    ('n/a', '无')
    """
    check_lang(lang)
    if _undefined(value_yuan):
        return undefined(lang)
    v = float(value_yuan)  # type: ignore[arg-type]  # a number once is_undefined() is False
    a = abs(v)
    if lang == "en":
        if round(a / 1e6, 1) >= 1000:
            return f"CNY {v / 1e9:,.1f} bn"
        if round(a) >= 1e6:
            return f"CNY {v / 1e6:,.1f} m"
        return f"CNY {v:,.0f}"
    if round(a / 1e4, 1) >= 10000:
        return f"{_zh_number(v / 1e8)}亿元"
    if round(a) >= 1e4:
        return f"{_zh_number(v / 1e4)}万元"
    return f"{v:.0f}元"


def _zh_number(value: float) -> str:
    """Write a number with one decimal as Chinese reports do: no separator, no ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def grouped(value: float, lang: str, digits: int = 0) -> str:
    """Write a number as the language writes numbers: thousands separators in English, none in Chinese.

    Every number of a page goes through here (counts, percentages, money), so a page never
    writes "1,033" beside "61049.6".

    Examples
    --------
    >>> grouped(61049.64, "en", 1), grouped(61049.64, "zh", 1), grouped(-1033, "en")
    ('61,049.6', '61049.6', '-1,033')
    """
    return f"{value:,.{digits}f}" if check_lang(lang) == "en" else f"{value:.{digits}f}"


def money_scale(lang: str) -> tuple[float, str]:
    """Return the divisor and unit of money on chart axes: bn yuan (en), 亿元 (zh).

    Examples
    --------
    >>> money_scale("en"), money_scale("zh")
    ((1000000000.0, 'bn yuan'), (100000000.0, '亿元'))
    """
    return _MONEY_SCALE[check_lang(lang)]


def percent(fraction: object, lang: str, digits: int = 1) -> str:
    """Format a fraction as a percentage.

    Examples
    --------
    >>> percent(0.2, "en"), percent(1.0534, "zh"), percent(0.9, "en", digits=0)
    ('20.0%', '105.3%', '90%')
    >>> percent(None, "en"), percent(float("nan"), "zh")
    ('n/a', '无')
    """
    check_lang(lang)
    if _undefined(fraction):
        return undefined(lang)
    return grouped(float(fraction) * 100, lang, digits) + "%"  # type: ignore[arg-type]  # a number once is_undefined() is False


def number(value: object, lang: str, digits: int = 0) -> str:
    """Format a count or plain number, with thousands separators in English (:func:`grouped`).

    Examples
    --------
    >>> number(1234, "en"), number(1234, "zh"), number(2.5, "zh", digits=1), number(None, "zh")
    ('1,234', '1234', '2.5', '无')
    """
    check_lang(lang)
    if _undefined(value):
        return undefined(lang)
    return grouped(float(value), lang, digits)  # type: ignore[arg-type]  # a number once is_undefined() is False


def aside(text: str, note: str, lang: str) -> str:
    """Write a note in brackets after a text, with the language's brackets.

    Examples
    --------
    >>> aside("59.8%", "not met", "en"), aside("59.8%", "未达标", "zh")
    ('59.8% (not met)', '59.8%（未达标）')
    """
    return f"{text}（{note}）" if check_lang(lang) == "zh" else f"{text} ({note})"


def then(text: str, more: str, lang: str) -> str:
    """Write a short clause after a text, with the language's separator.

    Examples
    --------
    >>> then("23.0% · 8th", "met", "en"), then("23.0%，第8名", "已达标", "zh")
    ('23.0% · 8th · met', '23.0%，第8名，已达标')
    """
    return f"{text}，{more}" if check_lang(lang) == "zh" else f"{text} · {more}"


def quarter(value: object, lang: str) -> str:
    """Return the label of the quarter given by a label (``"2020Q4"``), a date or a Period.

    Examples
    --------
    >>> quarter("2020Q4", "en"), quarter("2020q4", "zh")
    ('2020Q4', '2020年第四季度')
    >>> quarter(pd.Timestamp("2020-05-31"), "zh")
    '2020年第二季度'
    """
    check_lang(lang)
    if isinstance(value, pd.Period):
        year, q = value.year, value.quarter
    else:
        end = periods.parse_as_of(value)
        year, q = end.year, end.quarter
    return f"{year}Q{q}" if lang == "en" else f"{year}年第{_ZH_QUARTERS[q - 1]}季度"


def date(value: object, lang: str) -> str:
    """Return a date as a reader of the language writes it.

    Examples
    --------
    >>> date("2020-12-31", "en"), date("2020Q1", "zh")
    ('2020-12-31', '2020年3月31日')
    """
    check_lang(lang)
    d = periods.parse_as_of(value)
    return f"{d:%Y-%m-%d}" if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def month(value: object, lang: str) -> str:
    """Return the label of the month holding a date.

    Examples
    --------
    >>> month("2020-03-31", "en"), month(pd.Timestamp("2020-03-01"), "zh")
    ('Mar 2020', '2020年3月')
    """
    check_lang(lang)
    p = pd.Period(value, freq="M")
    return p.strftime("%b %Y") if lang == "en" else f"{p.year}年{p.month}月"


def cohort(value: object, lang: str) -> str:
    """Return the label of a cohort of signing years (``"2015-2017"`` or a year).

    Examples
    --------
    >>> cohort("2015-2017", "en"), cohort("2015-2017", "zh"), cohort(2019, "zh")
    ('2015-2017', '2015-2017年', '2019年')
    """
    check_lang(lang)
    text = str(value).strip()
    return text if lang == "en" else f"{text}年"


def page_title(page: str, lang: str) -> str:
    """Return a page's title in the report's language (key ``page_<page>``), else the page's own name.

    Examples
    --------
    >>> page_title("summary", "zh"), page_title("park_quarterly", "en")
    ('季度综述', 'park_quarterly')
    """
    key = f"page_{page}"
    return t(key, lang) if key in CATALOGUE else page


def figure_name(figure: str, lang: str) -> str:
    """Return the title of a figure named as in the metrics, cohort included.

    Parameters
    ----------
    figure : str
        ``"conversion_rate"``, ``"operation_rate_2015_2017"``, ``"composite_score"``,
        or any key of :data:`CATALOGUE`.

    Examples
    --------
    >>> figure_name("operation_rate_2015_2017", "en")
    'Operation rate, 2015-2017'
    >>> figure_name("operation_rate_2015_2017", "zh"), figure_name("composite_score", "zh")
    ('投产率（2015-2017年签约）', '综合得分')
    """
    check_lang(lang)
    m = re.fullmatch(r"(\w+?)_(\d{4})_(\d{4})", figure)
    if m and m[1] in CATALOGUE:
        span = f"{m[2]}-{m[3]}"
        return (f"{t(m[1], lang)}, {span}" if lang == "en"
                else f"{t(m[1], lang)}（{span}年签约）")
    return t({"composite_score": "composite"}.get(figure, figure), lang)


@lru_cache(maxsize=8)
def _names(kind: str, folder: Path) -> dict[str, dict[str, str]]:
    pairs = reference.name_pairs(kind)
    table: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
    for en, zh in pairs:
        table["en"].setdefault(en, en)
        table["zh"].setdefault(en, zh)
    return table


def name(kind: str, value: object, lang: str) -> str:
    """Return the name of a district, cluster, chain segment, investor type or park.

    Parameters
    ----------
    kind : {"district", "cluster", "chain_segment", "investor_type", "park"}
    value : str
        The English (canonical) name; a district may be given by any accepted name.
        A name missing from the reference data is returned unchanged; an empty one
        (None, NA) as ``"(not given)"`` / ``"（未填写）"``.
    lang : {"en", "zh"}

    Examples
    --------
    >>> name("district", "Yubei", "zh"), name("district", "渝北", "en")
    ('渝北区', 'Yubei')
    >>> name("chain_segment", "chips", "zh"), name("investor_type", "central SOE", "zh")
    ('芯片', '央企')
    >>> name("park", None, "zh")
    '（未填写）'
    """
    check_lang(lang)
    if kind == "segment":
        kind = "chain_segment"
    if kind not in reference.KINDS:
        raise ValueError(f"unknown kind of name {kind!r}; use one of {', '.join(reference.KINDS)}")
    if _undefined(value) or str(value).strip() == "":
        return t("not_given", lang)
    text = str(value)
    if kind == "district":
        try:
            text = reference.resolve_district(text)
        except ValueError:
            return text
    return _names(kind, reference.reference_dir())[lang].get(text, text)
