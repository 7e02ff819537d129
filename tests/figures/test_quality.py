"""Tests of yubei_lib.figures.quality: completeness of the optional columns."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from builders import ledger

from yubei_lib.figures.headline import key_figures, rank_figures
from yubei_lib.figures.quality import OPTIONAL_COLUMNS, completeness

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN = math.nan


# -- hand-built figure frames (as figures.district_figures returns, two districts) ---------


def figures(**over):
    base = {"district": ["Yubei", "Dazu"], "signed_value_ytd": [82.6e9, 1e9], "signed_count_ytd": [130, 3],
            "realized_capital_ytd": [19e9, 0.0], "conversion_rate_ytd": [0.23, 0.0],
            "operation_rate_2015_2017": [0.927, 0.5], "operation_rate_2018_2020": [0.598, NAN],
            "rank_conversion_rate": [1, 2], "rank_operation_rate_2015_2017": [1, 2],
            "rank_operation_rate_2018_2020": [1, 2], "composite_score": [1.0, 2.0], "composite_rank": [1, 2],
            "target_attainment": [1.0325, NAN], "pace": [1.0325, NAN]}
    base.update({k: v for k, v in over.items()})
    return pd.DataFrame(base)


TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"


# -- status ---------------------------------------------------------------------------------


def _key(now=None, before=None, district="Yubei", as_of="2020Q4", targets=TARGETS, projected=82.6e9):
    now = figures() if now is None else now
    before = now if before is None else before
    return (key_figures(now, before, district, as_of, COHORTS, targets, projected),
            rank_figures(now, before, district, COHORTS))


HEADER = ("project_id,project_name,district,signed_on,contract_value (亿元),investor,investor_type,cluster,"
          "chain_segment,park,commenced_on,operating_on,terminated_on,responsible_unit,responsible_leader\n")


ROWS = [
    "W1,<script>alert(1)</script> Plant,万盛经开区,2019-03-01,12,\"ACME <b>Ltd</b>\",private,smart terminals,"
    "chips,,,,,<i>Unit</i> & Co,Leader <One>",
    "W2,Logistics Hub,Wansheng,2020-02-01,3,,foreign,aviation logistics,,,2020-05-01,,,,",
    "Y1,Yubei Plant,Yubei,2016-05-01,50,,central SOE,smart terminals,chips,,2016-09-01,2018-01-01,,,",
    "Y2,Yubei Hub,Yubei,2020-06-01,20,,private,aviation logistics,,,,,,Bureau,Wang",
]


@pytest.fixture
def small(tmp_path):
    projects = tmp_path / "ledger.csv"
    projects.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    capital = tmp_path / "capital.csv"
    capital.write_text("project_id,received_on,amount (亿元)\nW1,2020-03-01,2\nY1,2020-01-15,4\n", encoding="utf-8")
    return projects, capital


VIEWS = [("title", ("summary",)), ("target_tiles", ()), ("key_messages", ()), ("rank_tiles", ()),
         ("cumulative_chart", ()), ("signed_tiles", ()), ("signed_chart", ("month",)),
         ("signed_chart", ("quarter",)), ("composition_chart", ("cluster",)), ("composition_chart", ("park",)),
         ("largest_projects", ()), ("rankings_table", ()), ("ranking_chart", ("conversion_rate",)),
         ("ranking_chart", ("operation_rate", 1)), ("ranking_chart", ("operation_rate", 2)),
         ("ranking_chart", ("composite_score",)), ("rank_bump_chart", ()), ("cohort_table", ()),
         ("cohort_chart", ()), ("time_to_operation_chart", ()), ("lagging_table", ()), ("chain_heatmap", ()),
         ("weak_links_table", ()), ("investor_mix_chart", ()), ("warnings_table", ()), ("dropped_table", ()),
         ("completeness_table", ()), ("ledger_summary", ())]


LEDGER_ONLY = {"project_id", "project_name", "investor", "responsible_unit", "responsible_leader"}


def _datasets(spec):
    return [row for rows in spec.get("datasets", {}).values() for row in rows]



def test_completeness_counts_empty_text_as_missing():
    p = ledger(district=["Yubei", "Yubei", "Dazu"], signed_on=["2020-01-01", "2021-01-01", "2020-01-01"],
               investor=["ACME", " ", None], park=[None, None, None])
    got = completeness(p, "Yubei", "2020Q4").set_index("column")
    assert got.loc["investor", "filled"] == 1 and got.loc["investor", "share"] == pytest.approx(1 / 3)
    assert got.loc["investor", "district_share"] == 1.0  # the 2021 project is not signed yet
    assert got.loc["park", "share"] == 0.0 and got.loc["terminated_on", "filled"] == 0
    assert list(got.index) == OPTIONAL_COLUMNS
    assert np.isnan(completeness(p, "Banan")["district_share"]).all()
