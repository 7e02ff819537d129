"""Tests of yubei_lib.rankings: ranks with ties, undefined figures, composite, published tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures import rankings as r
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()


def ledger(**columns):
    frame = pd.DataFrame(columns)
    for c in ("signed_on", "commenced_on", "operating_on", "terminated_on"):
        if c in frame:
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    frame["contract_value"] = frame["contract_value"].astype("float64")
    return frame


def test_ties_share_the_lowest_rank_number():
    values = pd.Series([0.5, 0.9, 0.9, 0.1])
    # 0.9 and 0.9 share rank 1; 0.5 is third (1, 1, 3); 0.1 fourth.
    assert r.rank_values(values).tolist() == [3, 1, 1, 4]


def test_undefined_figures_tie_after_all_defined_ones():
    values = pd.Series(np.arange(20, 0, -1) / 20.0).reindex(range(22))  # 20 defined, 2 NaN
    ranks = r.rank_values(values)
    assert ranks.iloc[:20].tolist() == list(range(1, 21))
    assert ranks.iloc[20:].tolist() == [21, 21]
    assert r.rank_values(pd.Series([np.nan, np.nan])).tolist() == [1, 1]


def test_rank_districts_all_22_in_order_with_flags_and_composite():
    t = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu", "Banan"],
                      "conversion_rate": [0.3, 0.3, 0.1, np.nan],
                      "operation_rate_2015_2017": [0.9, 0.95, 0.8, 0.7],
                      "operation_rate_2018_2020": [0.6, 0.5, 0.7, 0.7]})
    got = r.rank_districts(t).set_index("district")
    assert got.index.tolist() == NAMES
    # conversion: Yubei 1, Jiangbei 1, Dazu 3; Banan and the 18 absent districts tie at 4.
    assert got.loc[["Yubei", "Jiangbei", "Dazu", "Banan", "Yuzhong"], "rank_conversion_rate"].tolist() == [1, 1, 3, 4, 4]
    assert got["undefined_conversion_rate"].sum() == 19 and got.loc["Banan", "undefined_conversion_rate"]
    # composites: Yubei (1 + 2 + 3) / 3 = 2; Jiangbei (1 + 1 + 4) / 3 = 2; Dazu (3 + 3 + 1) / 3 = 7/3;
    # Banan (4 + 4 + 1) / 3 = 3; absent districts (4 + 5 + 5) / 3 = 14/3.
    assert got.loc["Yubei", "composite_score"] == 2.0 and got.loc["Jiangbei", "composite_score"] == 2.0
    assert got.loc["Dazu", "composite_score"] == pytest.approx(7 / 3)
    assert got.loc[["Yubei", "Jiangbei", "Dazu", "Banan", "Yuzhong"], "composite_rank"].tolist() == [1, 1, 3, 4, 5]
    assert got["composite_rank"].dtype == np.int64


def test_rank_districts_resolves_names_and_refuses_duplicates_or_unknown_figures():
    t = pd.DataFrame({"district": ["渝北", "yubei district"], "conversion_rate": [0.1, 0.2]})
    with pytest.raises(ValueError, match="more than once"):
        r.rank_districts(t)
    with pytest.raises(ValueError, match="unknown district"):
        r.rank_districts(pd.DataFrame({"district": ["Gotham"], "conversion_rate": [0.1]}))
    with pytest.raises(ValueError, match="cannot rank on operation_rate_2015_2017"):
        r.rank_districts(t.iloc[:1], ["conversion_rate", "operation_rate_2015_2017"])
    got = r.rank_districts(t.iloc[:1]).set_index("district")
    assert got.loc["Yubei", "rank_conversion_rate"] == 1


def test_rank_change_is_previous_minus_current():
    now = pd.DataFrame({"district": ["Yubei", "Dazu"], "rank_conversion_rate": [1, 3], "composite_rank": [2, 2]})
    before = pd.DataFrame({"district": ["Yubei", "Dazu"], "rank_conversion_rate": [4, 1], "composite_rank": [2, 1]})
    got = r.rank_change(now, before).set_index("district")
    # Yubei 4 -> 1 moved up 3; Dazu 1 -> 3 moved down 2.
    assert got.loc["Yubei"].tolist() == [3, 0] and got.loc["Dazu"].tolist() == [-2, -1]
    assert got.loc["Banan"].isna().all()


def test_district_rankings_from_a_ledger_with_last_quarter():
    p = ledger(project_id=["A", "B", "C", "D"], district=["Yubei", "Yubei", "Dazu", "Dazu"],
               signed_on=["2016-01-01", "2020-02-01", "2016-03-01", "2019-06-01"],
               contract_value=[1e9, 1e9, 1e9, 1e9],
               operating_on=["2017-05-01", None, "2020-05-01", None])
    c = pd.DataFrame({"project_id": ["A", "D", "A"], "amount": [5e8, 8e8, 1e8],
                      "received_on": pd.to_datetime(["2020-03-01", "2019-12-01", "2020-05-01"])})
    got = r.district_rankings(p, c, "2020Q2").set_index("district")
    # 2020Q2: conversion Yubei (5e8 + 1e8) / 1e9 = 0.6, Dazu undefined (nothing signed in 2020);
    # operation 2015-2017: Yubei 1/1, Dazu 1/1 (operating 2020-05-01) -> both rank 1;
    # operation 2018-2020: Yubei 0/1, Dazu 0/1 -> both rank 1; the 20 others undefined -> 3.
    assert got.loc["Yubei", "conversion_rate"] == 0.6
    assert got.loc[["Yubei", "Dazu", "Banan"], "rank_conversion_rate"].tolist() == [1, 2, 2]
    assert got.loc[["Yubei", "Dazu", "Banan"], "composite_rank"].tolist() == [1, 2, 3]
    # Last quarter, 2020Q1: conversion Yubei 5e8 / 1e9 = 0.5 rank 1, Dazu undefined rank 2:
    # no change. Operation 2015-2017: Dazu 0/1 (it operates on 2020-05-01), rank 2 -> up 1.
    assert got.loc[["Yubei", "Dazu"], "change_rank_conversion_rate"].tolist() == [0, 0]
    assert got.loc["Dazu", "change_rank_operation_rate_2015_2017"] == 2 - 1
    # Against 2019Q4: conversion Dazu 8e8 / 1e9 = 0.8 rank 1, Yubei (nothing signed in 2019)
    # undefined rank 2. Yubei moved up 1, Dazu down 1.
    fixed = r.district_rankings(p, c, "2020Q2", previous="2019Q4").set_index("district")
    assert fixed.loc[["Yubei", "Dazu"], "change_rank_conversion_rate"].tolist() == [1, -1]
    assert "change_composite_rank" in fixed.columns
    assert "change_composite_rank" not in r.district_rankings(p, c, "2020Q2", previous=False).columns


def test_read_figure_table_rates_in_percent_or_fraction(tmp_path):
    text = ("区县,conversion_rate,operation_rate_2015-2017 (%),operation_rate_2018_2020,note\n"
            "渝北区,25%,92,0.61,first\n"
            "Jiangbei District,0.3,88.5,65 %,\n"
            "dazu,,90,-,x\n")
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8-sig")
    got = r.read_figure_table(path)
    assert got.index.tolist() == NAMES
    assert got.loc["Yubei", ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]].tolist() == [
        0.25, 0.92, 0.61]
    assert got.loc["Jiangbei", "operation_rate_2018_2020"] == 0.65
    assert np.isnan(got.loc["Dazu", "conversion_rate"]) and np.isnan(got.loc["Dazu", "operation_rate_2018_2020"])
    assert got.loc["Banan"].drop("note").isna().all()
    assert got.loc["Yubei", "note"] == "first"
    gbk = tmp_path / "gbk.csv"
    gbk.write_text(text, encoding="gb18030")
    assert_frame_equal(r.read_figure_table(gbk), got)


def test_read_figure_table_from_excel_reports_rows(tmp_path):
    path = tmp_path / "published.xlsx"
    pd.DataFrame({"district": ["Yubei", "Nowhere"], "conversion_rate": [0.2, 0.3]}).to_excel(path, index=False)
    with pytest.raises(ValueError, match="row 3, column 'district', value 'Nowhere': unknown district"):
        r.read_figure_table(path)
    pd.DataFrame({"district": ["Yubei"], "conversion_rate": [0.2]}).to_excel(path, index=False)
    assert r.read_figure_table(path).loc["Yubei", "conversion_rate"] == 0.2


def test_read_figure_table_reports_every_problem_at_once():
    t = pd.DataFrame({"district": ["Yubei", "Gotham", "渝北", "Dazu"],
                      "conversion_rate": ["0.2", "0.1", "-5%", "lots"],
                      "operation_rate_2015_2017": ["85", "0.5", "0.5", "120%"]})
    with pytest.raises(ValueError) as info:
        r.read_figure_table(t)
    message = str(info.value)
    assert "6 problem(s)" in message
    assert "line 2, column 'operation_rate_2015_2017', value '85'" in message
    assert "looks like a percentage: write it as 85% or mark the header (%)" in message
    assert "line 3, column 'district', value 'Gotham': unknown district" in message
    assert "line 4, column 'district', value '渝北': Yubei already on line 2" in message
    assert "line 4, column 'conversion_rate', value '-5%'" in message
    assert "line 5, column 'conversion_rate', value 'lots': not a number" in message
    assert "line 5, column 'operation_rate_2015_2017', value '120%'" in message
    with pytest.raises(ValueError, match="no district column"):
        r.read_figure_table(pd.DataFrame({"name": ["Yubei"], "conversion_rate": [0.1]}))
    with pytest.raises(ValueError, match="no figure column"):
        r.read_figure_table(pd.DataFrame({"district": ["Yubei"], "score": [0.1]}))


def test_rankings_from_a_published_table_with_last_quarter():
    now = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"], "conversion_rate": ["25%", "31%", "10%"],
                        "operation_rate_2015_2017": [0.9, 0.8, 0.8], "operation_rate_2018_2020": [0.6, 0.5, 0.7]})
    before = pd.DataFrame({"district": ["Yubei", "Jiangbei"], "conversion_rate": [0.2, 0.1],
                           "operation_rate_2015_2017": [0.9, 0.95], "operation_rate_2018_2020": [0.6, 0.5]})
    got = r.rankings_from_table(now, previous=before).set_index("district")
    # Yubei: ranks 2, 1, 2 -> 5/3; Jiangbei 1, 2, 3 -> 2; Dazu 3, 2, 1 -> 2.
    assert got.loc[["Yubei", "Jiangbei", "Dazu"], "composite_rank"].tolist() == [1, 2, 2]
    # Last quarter: Yubei 1, 2, 1 -> 4/3 rank 1; Jiangbei 2, 1, 2 -> 5/3 rank 2.
    assert got.loc[["Yubei", "Jiangbei", "Dazu"], "change_composite_rank"].tolist() == [0, 0, 1]
    assert got.loc["Jiangbei", "change_rank_conversion_rate"] == 2 - 1
    with pytest.raises(ValueError, match="lacks operation_rate_2021_2023"):
        r.rankings_from_table(now, cohorts="2015-2017,2021-2023")
    with pytest.raises(ValueError, match="no operation_rate_A_B column"):
        r.rankings_from_table(now[["district", "conversion_rate"]])


@given(st.lists(st.one_of(st.none(), st.integers(0, 5).map(lambda i: i / 5)), min_size=1, max_size=22))
def test_ranks_are_a_permutation_with_ties(values):
    s = pd.Series(values, dtype="float64")
    ranks = r.rank_values(s)
    defined = s.notna()
    for i in range(len(s)):
        if defined[i]:
            # rank = 1 + number of strictly higher values
            assert ranks[i] == 1 + (s[defined] > s[i]).sum()
        else:
            assert ranks[i] == defined.sum() + 1
    # Sorted, the ranks of a "1, 1, 3" scheme: each rank k is at position k (1-based).
    ordered = sorted(ranks)
    assert ordered[0] == 1
    assert all(ordered[k] in (ordered[k - 1], k + 1) for k in range(1, len(ordered)))
