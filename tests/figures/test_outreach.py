"""Tests of yubei_lib.figures.outreach: visits, leaders and visit-to-signing (figure 16)."""

import numpy as np
import pandas as pd
import pytest
from builders import ledger
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures.outreach import activities_by_month, visit_to_signing, visited_enterprises, visits_out_main


def log(rows):
    """rows: (date, kind, level, enterprise[, project_id])."""
    rows = [r if len(r) == 5 else (*r, None) for r in rows]
    return pd.DataFrame({"date": pd.to_datetime([r[0] for r in rows]).astype("datetime64[ns]"),
                         "kind": [r[1] for r in rows], "leader": ["Zhang"] * len(rows),
                         "leader_level": [r[2] for r in rows], "enterprise": [r[3] for r in rows],
                         "project_id": pd.array([r[4] for r in rows], dtype="string"),
                         "city": pd.array([None] * len(rows), dtype="string")})


def test_visits_out_main_counts_distinct_enterprises_of_the_year_for_the_office_only():
    a = log([("2019-01-01", "visit_out", "main", "Acme"), ("2019-12-31", "visit_out", "main", "Acme"),
             ("2019-06-01", "visit_out", "main", "Bolt"), ("2019-06-01", "visit_out", "deputy", "Core"),
             ("2019-06-01", "visit_in", "main", "Dyna"), ("2019-06-01", "event", "main", "Echo"),
             ("2018-12-31", "visit_out", "main", "Fern"), ("2020-01-01", "visit_out", "main", "Gale")])
    before = a.copy()
    got = visits_out_main(a, "2019-12-31", "渝北区")
    assert got["Yubei"] == 2 and got.drop("Yubei").isna().all() and got.dtype == "Int64"
    assert visits_out_main(a, "2019-06-30", "Yubei")["Yubei"] == 2
    assert visits_out_main(a, "2021-12-31", "Yubei")["Yubei"] == 0  # a log, but nothing this year: 0
    assert visits_out_main(None, "2019-12-31", "Yubei").isna().all()
    assert visits_out_main(a, "2019-12-31", "江北区")["Jiangbei"] == 2  # the log is the office's, whichever
    assert_frame_equal(a, before)
    with pytest.raises(ValueError, match="belongs to one district"):
        visits_out_main(a, "2019-12-31", None)


PROJECTS = ledger(project_id=["A", "B", "C", "D", "E"], district=["Yubei", "Yubei", "Yubei", "Jiangbei", "Yubei"],
                  signed_on=["2020-03-01", "2020-02-01", "2020-12-31", "2020-05-01", "2021-01-01"],
                  contract_value=[1e9, 2e9, 3e9, 4e9, 5e9],
                  investor=["Acme", "Bolt", "Core", "Dyna", "Echo"])


def test_visit_to_signing_matches_ids_or_names_after_the_first_visit_in_the_window():
    a = log([
        ("2019-12-31", "visit_out", "main", "Acme"),    # before the window (after 2019-12-31 to 2020-12-31)
        ("2020-02-15", "visit_in", "deputy", "Acme"),   # first in the window; A signed 2020-03-01: signed
        ("2020-03-01", "visit_out", "main", "Bolt"),    # B signed 2020-02-01, before the first visit: not signed
        ("2020-06-01", "visit_in", "deputy", "Core", "A"),  # carries an id: matches A only, signed before: no
        ("2020-06-02", "visit_out", "main", "Core"),
        ("2020-04-01", "visit_out", "main", "Dyna"),    # D is Jiangbei's: not a signing of ours
        ("2020-12-01", "visit_out", "main", "Echo"),    # E signed after as_of
        ("2020-12-31", "visit_in", "other", "Fern", "C"),  # C signed on as_of, the day of the visit: signed
        ("2020-05-05", "event", "main", "Gale"),        # an event is no visit
    ])
    table = visited_enterprises(PROJECTS, a, "2020-12-31", "Yubei")
    assert table["enterprise"].tolist() == ["Acme", "Bolt", "Dyna", "Core", "Echo", "Fern"]
    assert table["signed"].tolist() == [True, False, False, False, False, True]
    assert table.set_index("enterprise").loc["Core", "matched_by"] == "project_id"
    assert table.set_index("enterprise").loc["Acme", "visits"] == 1
    assert table.set_index("enterprise").loc["Fern", "signed_value"] == 3e9
    got = visit_to_signing(PROJECTS, a, "2020-12-31", "Yubei")
    assert got.loc["Yubei"].tolist() == [6, 2, 2 / 6]
    assert got.drop("Yubei")["visit_to_signing_share"].isna().all()
    # 12 calendar months clip to month end: on 2021-02-28 the window starts after 2020-02-28.
    assert visited_enterprises(PROJECTS, a, "2021-02-28", "Yubei")["enterprise"].tolist()[0] == "Bolt"


def test_no_visit_no_share_and_no_log_no_figure():
    a = log([("2018-05-01", "visit_out", "main", "Acme")])
    got = visit_to_signing(PROJECTS, a, "2020Q4", "Yubei")
    assert got.loc["Yubei", "visited"] == 0 and np.isnan(got.loc["Yubei", "visit_to_signing_share"])
    assert visit_to_signing(PROJECTS, None, "2020Q4", "Yubei")["visit_to_signing_share"].isna().all()


def test_activities_by_kind_and_by_leader_per_month():
    a = log([("2020-01-05", "visit_out", "main", "Acme"), ("2020-01-20", "visit_out", "main", "Acme"),
             ("2020-02-03", "event", "deputy", "Bolt"), ("2020-02-04", "event", "deputy", "Core"),
             ("2019-12-31", "visit_in", "main", "Dyna")])
    got = activities_by_month(a, "2020Q1")
    assert got[["kind", "activities", "enterprises"]].values.tolist() == [["visit_out", 2, 1], ["event", 2, 2]]
    assert len(activities_by_month(a, "2020Q1", start="2019-12-01")) == 3
    assert activities_by_month(a, "2020Q1", by="leader")["leader_level"].tolist() == ["main", "deputy"]
    with pytest.raises(ValueError, match="by must be"):
        activities_by_month(a, "2020Q1", by="city")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 700), st.sampled_from(["visit_out", "visit_in", "event"]),
                          st.sampled_from(["Acme", "Bolt", "Core", "Dyna", "Echo", "Fern"]),
                          st.sampled_from([None, "A", "B", "D"])), max_size=30),
       st.integers(200, 800))
def test_share_against_a_plain_loop(visits, day):
    base = pd.Timestamp("2019-06-01")
    as_of = base + pd.Timedelta(days=day)
    a = log([(base + pd.Timedelta(days=d), k, "main", e, pid) for d, k, e, pid in visits])
    got = visit_to_signing(PROJECTS, a, as_of, "Yubei").loc["Yubei", "visit_to_signing_share"]
    cut = as_of - pd.DateOffset(months=12)
    window = [(base + pd.Timedelta(days=d), e, pid) for d, k, e, pid in visits
              if k != "event" and cut < base + pd.Timedelta(days=d) <= as_of]
    names = {e for _, e, _ in window}
    signed = 0
    for name in names:
        first = min(d for d, e, _ in window if e == name)
        ids = {pid for _, e, pid in window if e == name and pid}
        for p in PROJECTS.itertuples():
            if p.district == "Yubei" and first <= p.signed_on <= as_of and (
                    p.project_id in ids if ids else p.investor == name):
                signed += 1
                break
    assert (np.isnan(got) and not names) or got == signed / len(names)
