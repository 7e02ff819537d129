"""Tests of yubei_lib.present.amounts: one unit and one number of decimals for a column of amounts."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from yubei_lib.present.amounts import money_column
from yubei_lib.present.labels import money

AMOUNTS = st.lists(st.one_of(st.none(), st.floats(0, 5e11, allow_nan=False)), min_size=1, max_size=12)
WRITTEN = {"en": re.compile(r"^CNY [<]?[\d,]+(\.(\d+))?( bn| m|)$"), "zh": re.compile(r"^[<]?\d+(\.(\d+))?(亿元|万元|元)$")}


@settings(max_examples=200, deadline=None)
@given(AMOUNTS, st.sampled_from(["en", "zh"]))
def test_every_amount_of_a_column_is_in_one_unit_with_one_number_of_decimals(values, lang):
    fmt = money_column(values, lang)
    texts = [fmt(v) for v in values if v is not None]
    found = [WRITTEN[lang].match(x) for x in texts]
    assert all(found), texts
    assert len({m.group(3) for m in found}) <= 1 and len({len(m.group(2) or "") for m in found}) <= 1
    largest = max((v for v in values if v is not None), default=0)
    if largest >= 1e4:  # the unit is the one the largest amount is written in alone
        assert money(largest, lang).endswith(fmt.suffix)
    if lang == "zh":
        assert not any("," in x for x in texts)


def test_the_unit_as_a_header_names_it():
    assert money_column([3e9], "en").unit == "bn yuan" and money_column([3e6], "en").unit == "m yuan"
    assert money_column([3e9], "zh").unit == "亿元" and money_column([300], "en").unit == "yuan"
    assert money_column([None, float("nan")], "zh")(None) == "无"
