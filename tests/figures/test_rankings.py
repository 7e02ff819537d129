"""Tests of yubei_lib.rankings: ranks with ties, undefined figures, composite, published tables."""

import numpy as np
import pandas as pd
import pytest
from builders import city_table
from builders import ledger as build_ledger
from hypothesis import given
from hypothesis import strategies as st

from yubei_lib.figures import rankings as r
from yubei_lib.figures.rankings import rank_history
from yubei_lib.ledger.periods import quarter_ends
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
    assert got["composite_rank"].dtype == "Int64"


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


def test_district_rankings_from_a_ledger_with_last_quarter():
    p = ledger(project_id=["A", "B", "C", "D"], district=["Yubei", "Yubei", "Dazu", "Dazu"],
               signed_on=["2016-01-01", "2020-02-01", "2016-03-01", "2019-06-01"],
               contract_value=[1e9, 1e9, 1e9, 1e9],
               operating_on=["2017-05-01", None, "2020-05-01", None])
    c = pd.DataFrame({"project_id": ["A", "D", "A"], "amount": [5e8, 8e8, 1e8],
                      "received_on": pd.to_datetime(["2020-03-01", "2019-12-01", "2020-05-01"])})
    table = city_table(["2019Q4", "2020Q1", "2020Q2"])  # the 20 others, rates undefined
    got = r.district_rankings(p, c, "2020Q2", published=table).set_index("district")
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
    fixed = r.district_rankings(p, c, "2020Q2", previous="2019Q4", published=table).set_index("district")
    assert fixed.loc[["Yubei", "Dazu"], "change_rank_conversion_rate"].tolist() == [1, -1]
    assert "change_composite_rank" in fixed.columns
    assert "change_composite_rank" not in r.district_rankings(p, c, "2020Q2", previous=False, published=table).columns
    # Without the table, 20 districts have no data: no rank at all, and no change.
    bare = r.district_rankings(p, c, "2020Q2")
    assert bare[[c for c in bare.columns if "rank" in c]].isna().all().all()
    assert bare.set_index("district").loc[["Yubei", "Banan"], "source"].tolist() == ["ledger", "none"]


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


COHORTS = "2015-2017,2018-2020"


def test_quarter_ends_and_rank_history_skip_quarters_before_the_ledger():
    assert [d.strftime("%Y-%m-%d") for d in quarter_ends("2020Q4", 3)] == [
        "2020-06-30", "2020-09-30", "2020-12-31"]
    p = build_ledger(district=["Yubei", "Dazu"], signed_on=["2020-02-01", "2020-05-01"],
               operating_on=["2020-06-01", None])
    c = pd.DataFrame({"project_id": ["P0"], "received_on": pd.to_datetime(["2020-07-01"]), "amount": [1e8]})
    # Without a table: no quarter has all 22 districts' data, so no rank anywhere: all gaps.
    assert rank_history(p, c, "2020Q4", COHORTS, 8).empty
    # A table of 2020Q2..2020Q4 gives those quarters (2020Q1 is a gap, not a zero); 2019Q4 and
    # earlier come before the ledger and the table.
    table = city_table(["2020Q2", "2020Q3", "2020Q4"])
    got = rank_history(p, c, "2020Q4", COHORTS, 8, published=table)
    assert sorted(set(got["quarter"])) == ["2020Q2", "2020Q3", "2020Q4"]
    assert len(got) == 3 * 22 and got["rank"].between(1, 22).all()
    # Published ranks are the ranks shown.
    ranked = city_table("2020Q4", ranks={d: {"composite_rank": k + 1} for k, d in enumerate(NAMES)})
    got = rank_history(p, c, "2020Q4", COHORTS, 1, published=ranked)
    assert got.set_index("district")["rank"].tolist() == list(range(1, 23))


def test_no_rank_from_one_districts_ledger():
    p = build_ledger(district=["Yubei"] * 3, signed_on=["2016-01-01", "2019-06-01", "2020-03-01"],
                     operating_on=["2017-01-01", None, None])
    c = pd.DataFrame({"project_id": ["P2"], "received_on": pd.to_datetime(["2020-07-01"]), "amount": [1e8]})
    assert len(r.without_data(p, "2020Q4")) == 21 and "Yubei" not in r.without_data(p, "2020Q4")
    got = r.district_rankings(p, c, "2020Q4")
    assert got.filter(like="rank").isna().all().all() and got["composite_score"].isna().all()
    # A table that lacks a district still leaves no rank, and names the district.
    partial = city_table("2020Q4")
    partial.frame = partial.frame.loc[partial.frame["district"] != "Dazu"]
    assert r.without_data(p, "2020Q4", partial) == ["Dazu"]
    assert r.district_rankings(p, c, "2020Q4", published=partial)["shown_composite_rank"].isna().all()


def test_table_districts_take_the_tables_figures_and_the_ledger_keeps_its_own():
    p = build_ledger(district=["Yubei"] * 2, signed_on=["2016-01-01", "2020-03-01"],
                     operating_on=["2017-01-01", None], contract_value=[1e9, 1e9])
    c = pd.DataFrame({"project_id": ["P1"], "received_on": pd.to_datetime(["2020-07-01"]), "amount": [2.5e8]})
    values = {d: {"conversion_rate": 0.1 + k / 100, "operation_rate_2015_2017": 0.5, "operation_rate_2018_2020": 0.2}
              for k, d in enumerate(NAMES)}
    values["Yubei"] = {"conversion_rate": 0.9, "operation_rate_2015_2017": 0.0, "operation_rate_2018_2020": 0.9}
    got = r.district_rankings(p, c, "2020Q4", published=city_table("2020Q4", values)).set_index("district")
    # Yubei from its ledger (0.25, 1.0, 0.0), not from the table's row.
    assert got.loc["Yubei", ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]].tolist() \
        == [0.25, 1.0, 0.0]
    assert got.loc["Yubei", "source"] == "ledger" and got.loc["Dazu", "source"] == "table"
    assert got.loc["Wansheng", "conversion_rate"] == pytest.approx(0.31)
    # conversion: the table gives the others 0.10, 0.11, ...; Yubei ranks after those above 0.25.
    higher = sum(v["conversion_rate"] > 0.25 for d, v in values.items() if d != "Yubei")
    assert got.loc["Yubei", "rank_conversion_rate"] == higher + 1
    assert got.loc["Yubei", "rank_operation_rate_2015_2017"] == 1  # 1.0 above the others' 0.5
    assert got["composite_rank"].notna().all()


@pytest.mark.parametrize("as_of", ["2016-03-31", "2019Q4", "2020-02-29", "2020Q4"])
def test_the_arrays_read_once_give_the_figures_to_the_last_bit(as_of):
    from paths import SAMPLE

    from yubei_lib.figures.capital import conversion_rate
    from yubei_lib.figures.cohorts import operation_rate
    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv")
    got = r.LedgerArrays(ledger.projects, ledger.capital).three_rates(as_of)
    want = pd.DataFrame({"conversion_rate": conversion_rate(ledger.projects, ledger.capital, as_of)["conversion_rate"],
                         "operation_rate_2015_2017": operation_rate(ledger.projects, as_of, "2015-2017"),
                         "operation_rate_2018_2020": operation_rate(ledger.projects, as_of, "2018-2020")})
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_one_arrays_object_serves_many_dates_as_new_ones_would():
    from paths import SAMPLE

    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv")
    shared = r.LedgerArrays(ledger.projects, ledger.capital)
    signed = ledger.projects.signed_on
    for as_of in ["2014-12-31", "2016-03-31", "2017Q4", "2020-02-29", "2020Q4", "2016Q2"]:
        fresh = r.LedgerArrays(ledger.projects, ledger.capital)
        pd.testing.assert_frame_equal(shared.three_rates(as_of), fresh.three_rates(as_of), check_exact=True)
        pd.testing.assert_frame_equal(shared.three_rates(as_of, "2016-2018"), fresh.three_rates(as_of, "2016-2018"),
                                      check_exact=True)
        end = pd.Timestamp(r.parse_as_of(as_of))
        present = {r.resolve_district(d) for d in ledger.projects.district[signed <= end]}
        assert set(shared.has_data(as_of)[lambda s: s].index) == present
