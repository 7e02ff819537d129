"""Tests of yubei_lib.figures.signed and the shared frames: signed value, attainment, pace, projection."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from builders import ledger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures import composition, lagging
from yubei_lib.figures.cohorts import cohort_rates
from yubei_lib.figures.signed import projection, signed_value, target_attainment
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()


DAY0 = dt.date(2015, 1, 1)


@st.composite
def ledgers(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    day = st.integers(min_value=0, max_value=6 * 365)
    rows = []
    for i in range(n):
        signed = draw(day)
        commenced = draw(st.one_of(st.none(), st.integers(signed, signed + 900)))
        operating = draw(st.one_of(st.none(), st.integers(commenced or signed, (commenced or signed) + 900)))
        terminated = draw(st.one_of(st.none(), st.integers(signed, signed + 2000)))
        rows.append((draw(st.sampled_from(["Yubei", "Dazu", "Nan'an"])), signed, commenced, operating,
                     terminated, draw(st.floats(0, 1e10))))
    as_date = lambda d: None if d is None else str(DAY0 + dt.timedelta(days=d))  # noqa: E731
    return ledger(district=[r[0] for r in rows], signed_on=[as_date(r[1]) for r in rows],
                  commenced_on=[as_date(r[2]) for r in rows], operating_on=[as_date(r[3]) for r in rows],
                  terminated_on=[as_date(r[4]) for r in rows], contract_value=[r[5] for r in rows])


as_of_days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2022, 12, 31))


def test_signed_value_cuts_off_at_as_of_and_keeps_terminated():
    p = ledger(district=["Yubei", "Yubei", "Yubei", "Yubei", "Yubei", "Nan'an"],
               signed_on=["2019-12-31", "2020-01-01", "2020-06-30", "2020-07-01", "2020-03-01", "2020-02-01"],
               contract_value=[9e9, 1e9, 2e9, 4e9, 5e9, 7e8],
               terminated_on=[None, "2020-05-01", None, None, "2020-07-15", None])
    before = p.copy()
    got = signed_value(p, "2020Q2")
    # Yubei: 2020-01-01, 2020-06-30 and 2020-03-01 are in [2020-01-01, 2020-06-30]:
    # 1e9 + 2e9 + 5e9 = 8e9, 3 projects. The one terminated on 2020-05-01 stays in and is
    # terminated as of 2020-06-30; the one terminated after as_of (2020-07-15) is not.
    # terminated share = 1e9 / 8e9 = 0.125.
    assert got.index.tolist() == NAMES
    assert got.loc["Yubei"].to_dict() == {"signed_value": 8e9, "signed_count": 3, "terminated_value": 1e9,
                                          "terminated_count": 1, "terminated_share": 0.125}
    assert got.loc["Nan'an", "signed_value"] == 7e8
    assert got.loc["Dazu", "signed_count"] == 0 and np.isnan(got.loc["Dazu", "terminated_share"])
    assert got["signed_count"].dtype == np.int64
    assert_frame_equal(p, before)


def test_signed_value_of_a_chosen_period_and_chinese_district_names():
    p = ledger(district=["渝北区", "YUBEI District", "yubei"],
               signed_on=["2019-10-01", "2019-12-31", "2020-01-01"], contract_value=[1e9, 2e9, 4e9])
    got = signed_value(p, "2019-12-31", start="2019Q3")  # "2019Q3" reads as 2019-09-30
    # 2019-10-01 and 2019-12-31 are in [2019-09-30, 2019-12-31]: 1e9 + 2e9.
    assert got.loc["Yubei", "signed_value"] == 3e9
    with pytest.raises(ValueError, match="after as_of"):
        signed_value(p, "2019-12-31", start="2020-01-01")


def test_unknown_or_empty_district_is_an_error():
    with pytest.raises(ValueError, match="unknown district 'Atlantis'"):
        signed_value(ledger(district=["Atlantis"], signed_on=["2020-01-01"]), "2020Q1")
    with pytest.raises(ValueError, match="district is empty in 1 row"):
        signed_value(ledger(district=["Yubei", None], signed_on=["2020-01-01"] * 2), "2020Q1")
    with pytest.raises(ValueError, match="lacks required column"):
        signed_value(pd.DataFrame({"x": [1]}), "2020Q1")


def test_empty_ledger_gives_zeros_and_undefined_rates():
    p = ledger(district=[], signed_on=[], contract_value=[])
    got = signed_value(p, "2020Q4")
    assert (got["signed_value"] == 0).all() and got["terminated_share"].isna().all()
    assert cohort_rates(p, "2020Q4", "2015-2017")["operation_rate"].isna().all()
    assert lagging.lagging_projects(p, "2020Q4").empty


def test_target_attainment_and_pace_against_the_reference_target():
    p = ledger(district=["Yubei", "Yubei", "Yubei", "Jiangbei"],
               signed_on=["2020-02-01", "2020-06-30", "2020-07-01", "2020-03-01"],
               contract_value=[30e9, 10e9, 50e9, 5e9])
    got = target_attainment(p, "2020Q2")
    # Yubei: YTD = 30e9 + 10e9 = 40e9 (the July project is after as_of); target 80e9.
    # attainment = 0.5; elapsed share = 182 / 366; pace = 0.5 / (182 / 366) = 183 / 182.
    assert got.loc["Yubei", "target"] == 80e9
    assert got.loc["Yubei", "target_attainment"] == 0.5
    assert got.loc["Yubei", "pace"] == pytest.approx(183 / 182, rel=1e-15)
    # No target for Jiangbei, nor for Yubei in 2019.
    assert got.loc["Jiangbei", ["target", "target_attainment", "pace"]].isna().all()
    assert target_attainment(p, "2019Q4")["target_attainment"].isna().all()


def test_target_attainment_with_own_targets_or_none():
    p = ledger(district=["Dazu"], signed_on=["2021-03-31"], contract_value=[3e9])
    targets = pd.DataFrame({"district": ["大足区", "Dazu"], "year": [2021, 2021],
                            "figure": ["contract_value", "conversion_rate"], "cohort": ["", ""],
                            "value": [12e9, 0.2]})
    got = target_attainment(p, "2021Q1", targets)
    # 3e9 / 12e9 = 0.25; 2021Q1 = 90 of 365 days; pace = 0.25 * 365 / 90.
    assert got.loc["Dazu", "target_attainment"] == 0.25
    assert got.loc["Dazu", "pace"] == pytest.approx(0.25 * 365 / 90)
    assert target_attainment(p, "2021Q1", pd.DataFrame())["target"].isna().all()
    twice = pd.concat([targets, targets])
    with pytest.raises(ValueError, match="more than one contract_value target for Dazu"):
        target_attainment(p, "2021Q1", twice)


def test_projection_from_the_prior_three_years_profile():
    p = ledger(district=["Yubei"] * 5 + ["Dazu"],
               signed_on=["2017-02-10", "2017-10-01", "2018-01-15", "2018-12-01", "2020-05-05", "2020-03-01"],
               contract_value=[1e9, 3e9, 2e9, 2e9, 3e9, 1e9])
    got = projection(p, "2020Q2")
    # Yubei by the end of June: 2017 1e9 of 4e9 = 0.25; 2018 2e9 of 4e9 = 0.5; 2019 signed
    # nothing (left out). expected share = (0.25 + 0.5) / 2 = 0.375; 3e9 / 0.375 = 8e9.
    assert got.loc["Yubei", "expected_share"] == 0.375
    assert got.loc["Yubei", "projected_value"] == pytest.approx(8e9)
    assert got.loc["Yubei", "method"] == "profile"
    # Dazu has no history: linear pace, 1e9 / (182 / 366).
    assert got.loc["Dazu", "method"] == "linear" and np.isnan(got.loc["Dazu", "expected_share"])
    assert got.loc["Dazu", "projected_value"] == pytest.approx(1e9 * 366 / 182)


def test_projection_interpolates_inside_the_month():
    p = ledger(district=["Yubei"] * 4,
               signed_on=["2019-03-03", "2019-04-20", "2019-11-11", "2020-02-01"],
               contract_value=[1e9, 1e9, 2e9, 1.5e9])
    got = projection(p, "2020-04-15")
    # 2019: by end of March 1/4, by end of April 2/4; 15 of April's 30 days:
    # 0.25 + (0.5 - 0.25) * 15 / 30 = 0.375; 1.5e9 / 0.375 = 4e9.
    assert got.loc["Yubei", "expected_share"] == pytest.approx(0.375)
    assert got.loc["Yubei", "projected_value"] == pytest.approx(4e9)
    # A share of 0 at this point of the year (nothing signed by mid-January) is no base.
    early = projection(p, "2020-01-15")
    assert early.loc["Yubei", "method"] == "linear"


def test_optional_columns_may_be_absent():
    p = pd.DataFrame({"project_id": ["A", "B"], "project_name": ["a", "b"], "district": ["Yubei", "Yubei"],
                      "signed_on": pd.to_datetime(["2016-01-01", "2020-01-01"]), "contract_value": [1.0, 3.0],
                      "extra": ["kept", "kept"]})
    assert cohort_rates(p, "2020Q4", "2015-2017").loc["Yubei", "operation_rate"] == 0.0
    lag = lagging.lagging_projects(p, "2020Q4")
    assert lag["project_id"].tolist() == ["A"] and lag["responsible_leader"].isna().all()
    assert composition.composition(p, "2020Q4", by="cluster")["cluster"].isna().all()
    assert composition.weak_links(p, "2020Q4")["weak"].all()


def test_dates_in_other_units_and_as_text():
    p = ledger(district=["Yubei", "Yubei"], signed_on=["2020-01-01", "2020-04-01"])
    as_us = p.assign(signed_on=p["signed_on"].astype("datetime64[us]"))
    as_text = p.assign(signed_on=["2020-01-01", "2020-04-01"])
    for frame in (as_us, as_text):
        assert_frame_equal(signed_value(frame, "2020Q1"), signed_value(p, "2020Q1"))
    with pytest.raises(ValueError, match="'signed_on' must hold dates"):
        signed_value(p.assign(signed_on=["soon", "later"]), "2020Q1")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), as_of_days)
def test_rates_are_fractions(p, as_of):
    for cohort in ("2015-2017", "2018-2020"):
        rates = cohort_rates(p, as_of, cohort)
        for c in ("commencement_rate", "operation_rate", "commencement_rate_value", "operation_rate_value"):
            defined = rates[c].dropna()
            assert ((defined >= 0) & (defined <= 1)).all()
        # In operation implies commenced.
        assert (rates["operating_count"] <= rates["commenced_count"]).all()
    share = signed_value(p, as_of)["terminated_share"].dropna()
    assert ((share >= 0) & (share <= 1)).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), as_of_days, st.integers(min_value=0, max_value=800))
def test_counts_never_fall_as_as_of_grows(p, as_of, later):
    later_date = as_of + dt.timedelta(days=later)
    start = "2015-01-01"
    assert (signed_value(p, later_date, start)["signed_count"]
            >= signed_value(p, as_of, start)["signed_count"]).all()
    for cohort in ("2015-2017", "2018-2020"):
        early, late = cohort_rates(p, as_of, cohort), cohort_rates(p, later_date, cohort)
        for c in ("cohort_count", "commenced_count", "operating_count"):
            assert (late[c] >= early[c]).all()
