"""English and Chinese words of the reports, names of categories, and money formatting.

Every title, axis, table header and status a report shows comes from :data:`CATALOGUE`
through :func:`t`. Names of districts, clusters, chain segments, investor types and
parks come from the reference data (:mod:`yubei_lib.reference`), never from this file.
Money is held in yuan and shown as ``"CNY 141.6 bn"`` in English and ``"1,416.0亿元"``
in Chinese; an undefined figure (None, NaN) is shown as ``"n/a"`` / ``"无"``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from yubei_lib import reference

LANGS = ("en", "zh")
"""The languages of the reports."""

CATALOGUE: dict[str, dict[str, str]] = {
    # tables
    "project": {"en": "Project", "zh": "项目"},
    "more_rows": {"en": "... and {n} more", "zh": "……另有{n}项"},
    # figures
    "signed_value": {"en": "Signed value", "zh": "签约金额"},
    "signed_count": {"en": "Projects signed", "zh": "签约项目数"},
    "contract_value": {"en": "Contract value", "zh": "协议投资额"},
    "target": {"en": "Target", "zh": "目标"},
    "attainment": {"en": "Target attainment", "zh": "目标完成率"},
    "pace": {"en": "Pace", "zh": "序时进度比"},
    "projection": {"en": "Projection", "zh": "全年预计"},
    "projected_value": {"en": "Projected year-end value", "zh": "预计全年签约金额"},
    "realized_capital": {"en": "Realized capital", "zh": "实际到位资金"},
    "conversion_rate": {"en": "Conversion rate of realized capital",
                        "zh": "实际到位资金动态转化率"},
    "commencement_rate": {"en": "Commencement rate", "zh": "开工率"},
    "operation_rate": {"en": "Operation rate", "zh": "投产率"},
    "value_weighted": {"en": "by value", "zh": "按金额"},
    "three_rates": {"en": "The three rates", "zh": "三率"},
    "cohort": {"en": "Cohort", "zh": "签约批次"},
    "signing_year": {"en": "Signing year", "zh": "签约年份"},
    "rank": {"en": "Rank", "zh": "排名"},
    "composite": {"en": "Composite score", "zh": "综合得分"},
    "composite_rank": {"en": "Composite rank", "zh": "综合排名"},
    "rank_change": {"en": "Rank change", "zh": "排名变化"},
    "lagging_projects": {"en": "Lagging projects", "zh": "滞后项目"},
    "months_overdue": {"en": "Months overdue", "zh": "逾期月数"},
    "responsible_unit": {"en": "Responsible unit", "zh": "责任单位"},
    "responsible_leader": {"en": "Responsible leader", "zh": "责任领导"},
    "not_commenced": {"en": "Not commenced", "zh": "未开工"},
    "not_in_operation": {"en": "Not in operation", "zh": "未投产"},
    "reason": {"en": "Reason", "zh": "原因"},
    "terminated_share": {"en": "Terminated share", "zh": "终止项目占比"},
    "rate": {"en": "Share of the cohort's projects", "zh": "占该批次项目比例"},
    "target_ticks": {"en": "Ticks: targets", "zh": "竖线：目标值"},
    "value_share": {"en": "Share of value", "zh": "金额占比"},
    "count": {"en": "Projects", "zh": "项目数"},
    "largest_projects": {"en": "Largest projects", "zh": "重大项目"},
    "weak_link": {"en": "Weak link", "zh": "薄弱环节"},
    "months_since_signing": {"en": "Months since signing", "zh": "签约后月数"},
    "share_in_operation": {"en": "Share in operation", "zh": "已投产比例"},
    "cumulative": {"en": "Cumulative signed value", "zh": "累计签约金额"},
    "actual": {"en": "Actual", "zh": "实际"},
    # categories and columns
    "cluster": {"en": "Cluster", "zh": "产业集群"},
    "chain_segment": {"en": "Chain segment", "zh": "产业链环节"},
    "investor_type": {"en": "Investor type", "zh": "投资方类型"},
    "investor": {"en": "Investor", "zh": "投资方"},
    "park": {"en": "Park", "zh": "所属园区"},
    "district": {"en": "District", "zh": "区县"},
    "project_id": {"en": "Project ID", "zh": "项目编号"},
    "project_name": {"en": "Project", "zh": "项目名称"},
    "signed_on": {"en": "Signed on", "zh": "签约日期"},
    "commenced_on": {"en": "Commenced on", "zh": "开工日期"},
    "operating_on": {"en": "In operation since", "zh": "投产日期"},
    "terminated_on": {"en": "Terminated on", "zh": "终止日期"},
    "quarter": {"en": "Quarter", "zh": "季度"},
    "month": {"en": "Month", "zh": "月份"},
    "date": {"en": "Date", "zh": "日期"},
    "year_to_date": {"en": "Year to date", "zh": "年初至今"},
    "as_of": {"en": "As of", "zh": "截至"},
    "value": {"en": "Value", "zh": "数值"},
    "figure": {"en": "Figure", "zh": "指标"},
    "status": {"en": "Status", "zh": "状态"},
    "not_given": {"en": "(not given)", "zh": "（未填写）"},
    # statuses
    "on_track": {"en": "On track", "zh": "进度正常"},
    "behind": {"en": "Behind", "zh": "进度滞后"},
    "met": {"en": "Met", "zh": "已达标"},
    "not_met": {"en": "Not met", "zh": "未达标"},
    "undefined": {"en": "Undefined", "zh": "无法计算"},
    # chart and page titles
    "signed_by_month": {"en": "Signed value by month", "zh": "各月签约金额"},
    "signed_by_quarter": {"en": "Signed value by quarter", "zh": "各季度签约金额"},
    "cumulative_vs_target": {"en": "Year-to-date signed value against target",
                             "zh": "年度累计签约金额与目标"},
    "composition_by": {"en": "Signed value by {what}", "zh": "按{what}分类的签约金额"},
    "district_ranking": {"en": "District ranking", "zh": "区县排名"},
    "rank_over_quarters": {"en": "Rank over quarters", "zh": "各季度排名"},
    "cohort_rates": {"en": "Commencement and operation rates by cohort",
                     "zh": "各批次开工率与投产率"},
    "time_to_operation": {"en": "Time to operation", "zh": "签约至投产时间"},
    "chain_heatmap": {"en": "Signed value along the industrial chains",
                      "zh": "产业链各环节签约金额"},
    "key_figures": {"en": "Key figures", "zh": "主要指标"},
    "contents": {"en": "Contents", "zh": "目录"},
    "data_quality": {"en": "Data quality", "zh": "数据质量"},
    "report_title": {"en": "Investment promotion report", "zh": "招商引资工作报告"},
    "generated": {"en": "Generated", "zh": "生成时间"},
    "parameters": {"en": "Parameters", "zh": "参数"},
    "data_files": {"en": "Data files", "zh": "数据文件"},
    "version": {"en": "Library version", "zh": "程序版本"},
    "synthetic": {"en": "Synthetic data", "zh": "模拟数据"},
    "target_line": {"en": "Target {value}", "zh": "目标 {value}"},
    "highlighted": {"en": "{district} highlighted", "zh": "突出显示：{district}"},
    "weak_link_note": {"en": "Dashed outline: weak link", "zh": "虚线框：薄弱环节"},
    # report pages (yubei_lib.pages, yubei_lib.summary)
    "page_summary": {"en": "Quarterly summary", "zh": "季度综述"},
    "page_contract_value": {"en": "Signed contract value", "zh": "签约金额"},
    "page_district_rankings": {"en": "District rankings on the three rates", "zh": "三率区县排名"},
    "page_cohort_operation": {"en": "Commencement and operation", "zh": "项目开工与投产"},
    "page_industry_chains": {"en": "Industrial chains and investors", "zh": "产业链与投资方"},
    "page_data_quality": {"en": "Data quality", "zh": "数据质量"},
    "as_of_date": {"en": "as of {date}", "zh": "截至{date}"},
    "lenient_note": {"en": "Lenient mode: rows with errors left out (see Data quality)",
                     "zh": "宽松模式：有错误的行已剔除（见数据质量页）"},
    "signed_value_ytd": {"en": "Signed value, year to date", "zh": "年初至今签约金额"},
    "signed_count_ytd": {"en": "Projects signed, year to date", "zh": "年初至今签约项目数"},
    "no_target": {"en": "No target set for {year}", "zh": "{year}年未设定目标"},
    "no_target_short": {"en": "No target", "zh": "未设定目标"},
    "tile_target_signed": {"en": "Target {target}: {attainment} reached, pace {pace}",
                           "zh": "目标{target}，已完成{attainment}，序时进度比{pace}"},
    "change_na": {"en": "vs last quarter end: n/a", "zh": "较上季末：无"},
    "change_money": {"en": "{change} since last quarter end", "zh": "较上季末 {change}"},
    "change_points": {"en": "{change} pts vs last quarter end", "zh": "较上季末 {change}个百分点"},
    "change_count": {"en": "{change} vs last quarter end", "zh": "较上季末 {change}"},
    "rank_up": {"en": "up {n} vs last quarter", "zh": "较上季度上升{n}位"},
    "rank_down": {"en": "down {n} vs last quarter", "zh": "较上季度下降{n}位"},
    "rank_same": {"en": "unchanged vs last quarter", "zh": "与上季度持平"},
    "rank_on": {"en": "Rank: {figure}", "zh": "排名：{figure}"},
    "rank_of": {"en": "{rank} of {n}", "zh": "第{rank}名（共{n}个）"},
    "ranked_last_undefined": {"en": "Figure undefined: ranked after the districts where it is defined",
                              "zh": "指标无法计算，排在可计算的区县之后"},
    "value_is": {"en": "Value: {value}", "zh": "数值：{value}"},
    "rank_change_note": {"en": "Rank change: last quarter's rank minus this quarter's (+ = moved up)",
                         "zh": "排名变化：上季度排名减本季度排名（正数为上升）"},
    "lagging_rule": {"en": "Not commenced {c} months after signing, or not in operation after {o}",
                     "zh": "签约满{c}个月未开工，或满{o}个月未投产"},
    "lagging_caption": {"en": "{n} lagging projects: not commenced {c} months after signing, "
                              "or not in operation after {o}",
                        "zh": "滞后项目{n}个：签约满{c}个月未开工，或满{o}个月未投产"},
    "say_target_met": {"en": "target met", "zh": "已完成全年目标"},
    "say_target_not_met": {"en": "target not met", "zh": "未完成全年目标"},
    "say_on_track": {"en": "on pace (pace {pace})", "zh": "序时进度正常（序时进度比{pace}）"},
    "say_behind": {"en": "behind pace (pace {pace})", "zh": "落后于序时进度（序时进度比{pace}）"},
    "say_undefined": {"en": "undefined", "zh": "无法计算"},
    "say_met": {"en": "met", "zh": "已达标"},
    "say_not_met": {"en": "not met", "zh": "未达标"},
    "msg_signed": {"en": "Signed {value} year to date ({count} projects), {attainment} of the {target} "
                         "target for {year}: {status}{projection}.",
                   "zh": "年初至今签约{value}（{count}个项目），完成{year}年目标{target}的{attainment}，"
                         "{status}{projection}。"},
    "msg_projected": {"en": "; projected {projected} for the year", "zh": "；预计全年签约{projected}"},
    "msg_signed_no_target": {"en": "Signed {value} year to date ({count} projects); no contract-value target "
                                   "is set for {year}; projected {projected} for the year.",
                             "zh": "年初至今签约{value}（{count}个项目）；{year}年未设定签约目标；"
                                   "预计全年签约{projected}。"},
    "msg_conversion": {"en": "Conversion rate of realized capital {value} ({capital} realized year to date) "
                             "against the {target} target: {status}.",
                       "zh": "实际到位资金动态转化率{value}（年初至今到位资金{capital}），目标{target}，{status}。"},
    "msg_conversion_no_target": {"en": "Conversion rate of realized capital {value} ({capital} realized "
                                       "year to date); no target set.",
                                 "zh": "实际到位资金动态转化率{value}（年初至今到位资金{capital}），未设定目标。"},
    "msg_conversion_undefined": {"en": "Conversion rate of realized capital: n/a, as nothing was signed "
                                       "year to date ({capital} realized).",
                                 "zh": "实际到位资金动态转化率：无法计算（年初至今无签约项目，到位资金{capital}）。"},
    "msg_operation": {"en": "Operation rate: {clauses}.", "zh": "投产率：{clauses}。"},
    "clause_operation": {"en": "{value} for projects signed {cohort} (target {target}, {status})",
                         "zh": "{cohort}年签约项目{value}（目标{target}，{status}）"},
    "clause_operation_no_target": {"en": "{value} for projects signed {cohort} (no target set)",
                                   "zh": "{cohort}年签约项目{value}（未设定目标）"},
    "clause_operation_undefined": {"en": "n/a for projects signed {cohort} (none signed yet)",
                                   "zh": "{cohort}年签约项目无法计算（尚无签约项目）"},
    "msg_rank": {"en": "{district} ranks {rank} of {n} on the composite of the three rates, {change}; "
                       "{lagging} projects are lagging.",
                 "zh": "{district}三率综合排名第{rank}名（共{n}个区县），{change}；滞后项目{lagging}个。"},
    "terminated_detail": {"en": "{count} terminated projects, {value}", "zh": "终止项目{count}个，{value}"},
    "nothing_signed": {"en": "Nothing signed from {start} to {end}.", "zh": "{start}至{end}无签约项目。"},
    "largest_caption": {"en": "The {n} largest projects signed in {year}", "zh": "{year}年签约金额最大的{n}个项目"},
    "no_such_cohort": {"en": "No cohort {n} is given in the cohorts parameter.",
                       "zh": "参数cohorts中没有第{n}个签约批次。"},
    "cohort_count": {"en": "Projects in the cohort", "zh": "批次项目数"},
    "commenced_count": {"en": "Commenced", "zh": "已开工"},
    "operating_count": {"en": "In operation", "zh": "已投产"},
    "commencement_rate_value": {"en": "Commencement rate by value", "zh": "开工率（按金额）"},
    "operation_rate_value": {"en": "Operation rate by value", "zh": "投产率（按金额）"},
    "no_operation_yet": {"en": "No project has gone into operation yet.", "zh": "尚无项目投产。"},
    "no_lagging": {"en": "No lagging projects.", "zh": "无滞后项目。"},
    "stage": {"en": "Stage", "zh": "阶段"},
    "no_weak_links": {"en": "No weak links.", "zh": "无薄弱环节。"},
    "window_caption": {"en": "Projects signed from {start} to {end}", "zh": "{start}至{end}签约的项目"},
    "no_warnings": {"en": "No warnings.", "zh": "无警告。"},
    "file": {"en": "File", "zh": "文件"},
    "row": {"en": "Row", "zh": "行号"},
    "column": {"en": "Column", "zh": "列名"},
    "strict_nothing_dropped": {"en": "Strict mode: a ledger with errors is refused, so no row is left out.",
                               "zh": "严格模式：有错误的台账不予采用，因此没有剔除任何行。"},
    "nothing_dropped": {"en": "No row was left out.", "zh": "没有剔除任何行。"},
    "dropped_caption": {"en": "{n} rows left out", "zh": "剔除{n}行"},
    "whole_ledger": {"en": "Whole ledger", "zh": "全部台账"},
    "completeness_note": {"en": "Share of projects with a value; an empty date can be right "
                                "(not commenced, not in operation, not terminated)",
                          "zh": "已填写的项目比例；日期为空可能属正常（未开工、未投产、未终止）"},
    "districts": {"en": "Districts", "zh": "区县数"},
    "signed_from": {"en": "First signing", "zh": "最早签约日期"},
    "signed_to": {"en": "Last signing", "zh": "最近签约日期"},
    "capital_rows": {"en": "Capital inflows", "zh": "到位资金记录数"},
    "errors": {"en": "Errors", "zh": "错误"},
    "warnings": {"en": "Warnings", "zh": "警告"},
    "dropped_rows": {"en": "Rows left out", "zh": "剔除的行"},
    "mode": {"en": "Mode", "zh": "模式"},
    "strict_mode": {"en": "Strict", "zh": "严格"},
    "lenient_mode": {"en": "Lenient", "zh": "宽松"},
}
"""Key -> {"en": ..., "zh": ...}; some hold ``{placeholders}`` for :meth:`str.format`."""

_UNDEFINED = {"en": "n/a", "zh": "无"}
_MONEY_SCALE = {"en": (1e9, "bn yuan"), "zh": (1e8, "亿元")}
_ZH_QUARTERS = "一二三四"
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
_KINDS = {"district", "cluster", "chain_segment", "investor_type", "park"}


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
    return lang  # type: ignore[return-value]


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


def _undefined(value: object) -> bool:
    if value is None:
        return True
    try:
        missing = pd.isna(value)
    except (TypeError, ValueError):
        return False
    if isinstance(missing, bool) and missing:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


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

    English: billions (``bn``) from 1 bn, millions (``m``) from 1 m, else whole yuan.
    Chinese: 亿元 from 1 亿, 万元 from 1 万, else whole 元. One decimal in bn, m, 亿, 万.

    Parameters
    ----------
    value_yuan : float or None
    lang : {"en", "zh"}

    Examples
    --------
    >>> money(141.6e9, "en"), money(141.6e9, "zh")
    ('CNY 141.6 bn', '1,416.0亿元')
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
    v = float(value_yuan)  # type: ignore[arg-type]
    a = abs(v)
    if lang == "en":
        if round(a / 1e6, 1) >= 1000:
            return f"CNY {v / 1e9:,.1f} bn"
        if round(a) >= 1e6:
            return f"CNY {v / 1e6:,.1f} m"
        return f"CNY {v:,.0f}"
    if round(a / 1e4, 1) >= 10000:
        return f"{v / 1e8:,.1f}亿元"
    if round(a) >= 1e4:
        return f"{v / 1e4:,.1f}万元"
    return f"{v:,.0f}元"


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
    return f"{float(fraction) * 100:,.{digits}f}%"  # type: ignore[arg-type]


def number(value: object, lang: str, digits: int = 0) -> str:
    """Format a count or plain number with thousands separators.

    Examples
    --------
    >>> number(1234, "en"), number(2.5, "zh", digits=1), number(None, "zh")
    ('1,234', '2.5', '无')
    """
    check_lang(lang)
    if _undefined(value):
        return undefined(lang)
    return f"{float(value):,.{digits}f}"  # type: ignore[arg-type]


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
    m = _QUARTER.match(value) if isinstance(value, str) else None
    if m:
        year, q = int(m[1]), int(m[2])
    else:
        p = pd.Period(value, freq="Q")
        year, q = p.year, p.quarter
    return f"{year}Q{q}" if lang == "en" else f"{year}年第{_ZH_QUARTERS[q - 1]}季度"


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
    if kind == "district":
        d = reference.districts()
        pairs = zip(d.name_en, d.name_zh)
    elif kind == "cluster":
        c = reference.chains()
        pairs = zip(c.cluster, c.cluster_zh)
    elif kind == "chain_segment":
        c = reference.chains()
        pairs = zip(c.segment, c.segment_zh)
    elif kind == "investor_type":
        i = reference.investor_types()
        pairs = zip(i.investor_type, i.name_zh)
    else:
        p = reference.parks()
        pairs = zip(p.park, p.park_zh)
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
    ('芯', '央企')
    >>> name("park", None, "zh")
    '（未填写）'
    """
    check_lang(lang)
    if kind == "segment":
        kind = "chain_segment"
    if kind not in _KINDS:
        raise ValueError(f"unknown kind of name {kind!r}; use one of {', '.join(sorted(_KINDS))}")
    if _undefined(value) or str(value).strip() == "":
        return t("not_given", lang)
    text = str(value)
    if kind == "district":
        try:
            text = reference.resolve_district(text)
        except ValueError:
            return text
    return _names(kind, reference.reference_dir())[lang].get(text, text)
