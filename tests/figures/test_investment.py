"""Tests of yubei_lib.figures.investment: completed investment of newly started projects (figure 15)."""

import numpy as np
import pandas as pd
import pytest
from builders import ledger
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures.investment import new_projects, new_projects_investment


def table(ids, months, amounts):
    return pd.DataFrame({"project_id": ids, "month": pd.to_datetime(months).astype("datetime64[ns]"),
                         "amount": np.asarray(amounts, dtype="float64")})


def test_the_24_months_window_clips_to_month_end_and_the_year_runs_to_as_ofs_month():
    # as_of 2020-02-29: new = commenced after 2018-02-28 (24 months earlier, clipped) and on or before as_of.
    p = ledger(project_id=["A", "B", "C", "D", "E", "F"], district=["Yubei"] * 5 + ["Dazu"],
               signed_on=["2018-01-01"] * 4 + ["2019-06-01", "2019-01-01"],
               commenced_on=["2018-02-28", "2018-03-01", "2020-02-29", "2020-03-01", None, "2019-05-01"],
               operating_on=[None, None, None, None, "2019-09-01", None])
    i = table(["A", "B", "C", "D", "E", "B", "B", "F"],
              ["2020-01-01", "2020-02-01", "2020-02-15", "2020-02-01", "2020-01-01", "2019-12-01", "2020-03-01",
               "2020-02-01"],
              [1, 2, 4, 8, 16, 32, 64, 128])
    before = i.copy()
    got = new_projects_investment(p, i, "2020-02-29")
    # A commenced 24 months before to the day: not new. B, C new (C's row of any day of February counts);
    # D commences after as_of; E has an operation date and no commencement date: commenced then, new.
    # B's rows of 2019 (not this year) and of March (after as_of's month) do not count.
    assert got["Yubei"] == 2 + 4 + 16 and got["Dazu"] == 128 and got["Banan"] == 0.0
    assert_frame_equal(i, before)
    # On 2020-03-01 B commenced 24 months before to the day (no longer new); D commenced on as_of (new), and
    # a date within a month counts that month's rows whole: C 4 + D 8 + E 16.
    assert new_projects_investment(p, i, "2020-03-01")["Yubei"] == 4 + 8 + 16


def test_without_the_table_the_figure_is_undefined_never_zero():
    p = ledger(district=["Yubei"], signed_on=["2019-01-01"], commenced_on=["2019-02-01"])
    assert new_projects_investment(p, None, "2019Q4").isna().all()
    assert new_projects(p, None, "2019Q4", "Yubei")["investment_ytd"].isna().all()
    empty = table([], [], [])
    got = new_projects_investment(p, empty, "2019Q4")
    assert (got == 0).all() and len(got) == 22


def test_rows_of_projects_the_ledger_lacks_count_nowhere_and_bad_months_are_refused():
    p = ledger(project_id=["A"], district=["Yubei"], signed_on=["2019-01-01"], commenced_on=["2019-02-01"])
    assert new_projects_investment(p, table(["Z", "A"], ["2019-03-01"] * 2, [5, 7]), "2019Q4")["Yubei"] == 7
    with pytest.raises(ValueError, match="whole number"):
        new_projects_investment(p, table([], [], []), "2019Q4", months=1.5)


def test_new_projects_lists_the_district_largest_first():
    p = ledger(project_id=["A", "B", "C"], district=["Yubei", "渝北区", "Dazu"], signed_on=["2019-01-01"] * 3,
               commenced_on=["2019-02-01", "2019-03-01", "2019-04-01"], contract_value=[1e9, 2e9, 3e9])
    got = new_projects(p, table(["A", "B", "B", "C"], ["2019-05-01"] * 4, [1, 2, 3, 9]), "2019Q4", "yubei")
    assert got["project_id"].tolist() == ["B", "A"] and got["investment_ytd"].tolist() == [5.0, 1.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 1500)), st.integers(0, 47), st.integers(1, 9)),
                min_size=1, max_size=20),
       st.integers(365, 1800))
def test_against_a_plain_loop(rows, day):
    """Property: sum of this year's rows up to as_of's month of projects commenced in (as_of - 24 months, as_of]."""
    base = pd.Timestamp("2016-01-01")
    as_of = base + pd.Timedelta(days=day)
    ids = [f"P{k}" for k in range(len(rows))]
    commenced = [None if c is None else base + pd.Timedelta(days=c) for c, _, _ in rows]
    p = ledger(project_id=ids, district=["Yubei"] * len(rows), signed_on=["2016-01-01"] * len(rows),
               commenced_on=commenced)
    months = [base + pd.DateOffset(months=m) for _, m, _ in rows]
    got = new_projects_investment(p, table(ids, months, [a for _, _, a in rows]), as_of)["Yubei"]
    cut = as_of - pd.DateOffset(months=24)
    want = sum(a for c, m, (_, _, a) in zip(commenced, months, rows)
               if c is not None and cut < c <= as_of and m.year == as_of.year and m.month <= as_of.month)
    assert got == want
