"""Words in English and Chinese, names from the reference data, money and percentages."""

import ast
import inspect
import math
import re
import string

import numpy as np
import pandas as pd
import pytest

from yubei_lib.ledger import reference
from yubei_lib.present import labels
from yubei_lib.present.labels import money, percent, t

CJK = re.compile(r"[\u4e00-\u9fff]")


def _placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _entry_problems(key, entry):
    """Return what is wrong with one catalogue entry (nothing when it is whole)."""
    if set(entry) != {"en", "zh"}:
        return [f"{key}: languages {sorted(entry)}, not en and zh"]
    found = []
    if not (entry["en"].strip() and entry["zh"].strip()):
        found.append(f"{key}: an empty text {entry}")
    if not CJK.search(entry["zh"]):
        found.append(f"{key}: the Chinese has no Chinese {entry['zh']!r}")
    if CJK.search(entry["en"]):
        found.append(f"{key}: the English has Chinese {entry['en']!r}")
    if _placeholders(entry["en"]) != _placeholders(entry["zh"]):
        found.append(f"{key}: placeholders differ: {entry}")
    return found


def test_every_key_has_english_and_chinese():
    problems = [p for key in sorted(labels.CATALOGUE) for p in _entry_problems(key, labels.CATALOGUE[key])]
    assert len(labels.CATALOGUE) > 300 and not problems, "\n".join(problems)


@pytest.mark.parametrize("entry, problem", [
    ({"en": "Rank", "zh": "排名", "fr": "Rang"}, "languages"),
    ({"en": "Rank", "zh": " "}, "empty"),
    ({"en": "Rank", "zh": "rank"}, "no Chinese"),
    ({"en": "Rank 排名", "zh": "排名"}, "English has Chinese"),
    ({"en": "Rank {n}", "zh": "第{k}名"}, "placeholders"),
])
def test_a_broken_entry_is_named(entry, problem):
    assert problem in " ".join(_entry_problems("k", entry))


@pytest.mark.parametrize("key", ["signed_value", "contract_value", "target", "attainment", "pace",
                                 "projection", "realized_capital", "conversion_rate",
                                 "commencement_rate", "operation_rate", "cohort", "rank",
                                 "composite", "rank_change", "lagging_projects", "months_overdue",
                                 "responsible_unit", "responsible_leader", "cluster",
                                 "chain_segment", "investor_type", "park", "district", "quarter",
                                 "month", "on_track", "behind", "met", "not_met", "undefined",
                                 "months_since_signing", "share_in_operation", "weak_link"])
def test_the_figures_and_statuses_have_words(key):
    assert t(key, "en") != t(key, "zh")


def test_t_switches_language_and_fills_placeholders():
    assert t("operation_rate", "en") == "Operation rate"
    assert t("operation_rate", "zh") == "投产率"
    assert t("target_line", "en", value="CNY 80.0 bn") == "Target CNY 80.0 bn"


def test_unknown_key_raises_key_error():
    with pytest.raises(KeyError, match="no_such_key"):
        t("no_such_key", "en")


@pytest.mark.parametrize("call", [
    lambda lang: t("rank", lang), lambda lang: money(1e9, lang), lambda lang: percent(0.2, lang),
    lambda lang: labels.quarter("2020Q4", lang), lambda lang: labels.month("2020-03-01", lang),
    lambda lang: labels.name("district", "Yubei", lang), lambda lang: labels.money_scale(lang),
    lambda lang: labels.figure_name("conversion_rate", lang), lambda lang: labels.number(1, lang)])
@pytest.mark.parametrize("lang", ["fr", "EN", "", None, "zh-CN"])
def test_unknown_language_raises_value_error(call, lang):
    with pytest.raises(ValueError, match="unknown language"):
        call(lang)


@pytest.mark.parametrize("value, en, zh", [
    (141.6e9, "CNY 141.6 bn", "1416亿元"),
    (80e9, "CNY 80.0 bn", "800亿元"),
    (1e9, "CNY 1.0 bn", "10亿元"),
    (3.5e8, "CNY 350.0 m", "3.5亿元"),
    (1e8, "CNY 100.0 m", "1亿元"),
    (99_999_600, "CNY 100.0 m", "1亿元"),      # rounds up into the next unit
    (999_960_000, "CNY 1.0 bn", "10亿元"),
    (1_234_500, "CNY 1.2 m", "123.5万元"),
    (12_345, "CNY 12,345", "1.2万元"),
    (9_999.6, "CNY 10,000", "1万元"),
    (350, "CNY 350", "350元"),
    (0, "CNY 0", "0元"),
    (-3.5e8, "CNY -350.0 m", "-3.5亿元"),
    (np.float64(2e10), "CNY 20.0 bn", "200亿元"),
])
def test_money(value, en, zh):
    assert money(value, "en") == en
    assert money(value, "zh") == zh


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NA, pd.NaT, math.inf])
def test_undefined_money_and_percent(value):
    assert money(value, "en") == "n/a" and money(value, "zh") == "无"
    assert percent(value, "en") == "n/a" and percent(value, "zh") == "无"


@pytest.mark.parametrize("value, text", [
    (0.2, "20.0%"), (0.0, "0.0%"), (1.0, "100.0%"), (1.0534, "105.3%"), (0.6049, "60.5%"),
    (np.float64(0.9), "90.0%")])
def test_percent(value, text):
    assert percent(value, "en") == text
    assert percent(value, "zh") == text


def test_percent_digits():
    assert percent(0.2, "en", digits=0) == "20%"
    assert percent(0.12345, "zh", digits=2) == "12.35%"


def test_money_scale_matches_the_axis_units():
    assert labels.money_scale("en") == (1e9, "bn yuan")
    assert labels.money_scale("zh") == (1e8, "亿元")


@pytest.mark.parametrize("value, en, zh", [
    ("2020Q4", "2020Q4", "2020年第四季度"),
    ("2020-q1", "2020Q1", "2020年第一季度"),
    (pd.Timestamp("2020-05-31"), "2020Q2", "2020年第二季度"),
    (pd.Period("2019Q3"), "2019Q3", "2019年第三季度"),
])
def test_quarter_labels(value, en, zh):
    assert labels.quarter(value, "en") == en
    assert labels.quarter(value, "zh") == zh


def test_month_and_cohort_labels():
    assert labels.month("2020-12-31", "en") == "Dec 2020"
    assert labels.month("2020-12-31", "zh") == "2020年12月"
    assert labels.cohort("2018-2020", "en") == "2018-2020"
    assert labels.cohort("2018-2020", "zh") == "2018-2020年"


def test_figure_names_include_the_cohort():
    assert labels.figure_name("operation_rate_2018_2020", "en") == "Operation rate, 2018-2020"
    assert labels.figure_name("commencement_rate_2015_2017", "zh") == "开工率（2015-2017年签约）"
    assert labels.figure_name("conversion_rate", "zh") == "实际到位资金动态转化率"
    assert labels.figure_name("composite_score", "en") == "Composite score"


def test_district_names_come_from_the_reference_data():
    d = reference.districts()
    assert [labels.name("district", n, "zh") for n in d.name_en] == list(d.name_zh)
    assert [labels.name("district", n, "en") for n in d.name_zh] == list(d.name_en)


@pytest.mark.parametrize("kind, table, en, zh", [
    ("cluster", reference.chains, "cluster", "cluster_zh"),
    ("chain_segment", reference.chains, "segment", "segment_zh"),
    ("investor_type", reference.investor_types, "investor_type", "name_zh"),
    ("park", reference.parks, "park", "park_zh"),
])
def test_category_names_come_from_the_reference_data(kind, table, en, zh):
    for row in table().itertuples():
        assert labels.name(kind, getattr(row, en), "zh") == getattr(row, zh)
        assert labels.name(kind, getattr(row, en), "en") == getattr(row, en)


def test_names_outside_the_reference_pass_through_and_empty_ones_say_so():
    assert labels.name("park", "Somewhere Else", "zh") == "Somewhere Else"
    assert labels.name("cluster", None, "en") == "(not given)"
    assert labels.name("investor_type", pd.NA, "zh") == "（未填写）"
    with pytest.raises(ValueError, match="unknown kind"):
        labels.name("planet", "Mars", "en")


def _code_strings(module):
    """Return the string literals of a module's code, its docstrings left out."""
    tree = ast.parse(inspect.getsource(module))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docs]


def test_reference_names_are_not_repeated_in_code():
    strings = " ".join(_code_strings(labels))
    chains = reference.chains()
    names = (list(reference.districts().name_zh) + list(reference.districts().name_en)
             + list(reference.parks().park_zh) + list(chains.cluster_zh.unique())
             + list(reference.investor_types().name_zh))
    for name in names:
        assert name not in strings
