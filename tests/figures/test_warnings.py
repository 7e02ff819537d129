"""Tests of yubei_lib.figures.warnings: warnings before a project is late (figure 21)."""

from __future__ import annotations

from datetime import date

import numpy as np
import oracle
import pandas as pd
import pytest
from builders import ledger
from pandas.testing import assert_frame_equal

from yubei_lib.config import SAMPLE
from yubei_lib.figures.lagging import lagging_count, lagging_projects
from yubei_lib.figures.warnings import warning_counts, warning_stages, warning_status, warnings_by_unit
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.periods import previous_quarter_end

PLANS = ("planned_commencement_on", "planned_operation_on")


def planned(frame: pd.DataFrame, **plans: list[str | None]) -> pd.DataFrame:
    """Add planned-date columns (ISO strings, None = no plan) to a ledger of :func:`builders.ledger`."""
    for column, values in plans.items():
        frame[column] = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
    return frame


def stages(frame: pd.DataFrame, as_of: str, **kw: int) -> dict[tuple[str, str], tuple[str, str, bool, int]]:
    """The listed stages as {(project_id, stage): (status, due as ISO, planned, months_overdue)}."""
    got = warning_stages(frame, as_of, **kw)
    return {(r.project_id, r.stage): (r.status, f"{r.due:%Y-%m-%d}", bool(r.planned), int(r.months_overdue))
            for r in got.itertuples()}


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The sample's projects without their planned dates (figure 10's rule alone)."""
    projects = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv").projects
    return projects.assign(**{column: pd.NaT for column in PLANS}).astype({column: "datetime64[ns]" for column in PLANS})


# --------------------------------------------------------------------------- planned dates
def test_a_plan_exactly_warn_months_before_as_of_is_red_and_a_day_later_yellow():
    # as_of 2020-06-30 minus 3 months = 2020-03-30. Signed 2020-02-01: far from figure 10's 12 months.
    p = planned(ledger(project_id=list("ABCDEF"), district=["Yubei"] * 6, signed_on=["2020-02-01"] * 6),
                planned_commencement_on=["2020-03-30", "2020-03-31", "2020-06-29", "2020-06-30", "2020-07-01",
                                         None])
    got = stages(p, "2020-06-30")
    assert got == {("A", "commencement"): ("red", "2020-03-30", True, 3),       # on the cut: red
                   ("B", "commencement"): ("yellow", "2020-03-31", True, 2),    # a day later: yellow
                   ("C", "commencement"): ("yellow", "2020-06-29", True, 0)}    # passed yesterday: yellow
    # D planned on as_of (not passed yet), E after it, F without a plan: green; the operation stage green too.
    status = warning_status(p, "2020-06-30").set_index("project_id")
    assert status["status"].to_dict() == {"A": "red", "B": "yellow", "C": "yellow", "D": "green", "E": "green",
                                          "F": "green"}
    assert (status["operation_status"] == "green").all()


def test_a_plan_ahead_does_not_hide_figure_10_and_a_late_plan_is_red_before_figure_10():
    p = planned(ledger(project_id=["A", "B", "C"], district=["Yubei"] * 3,
                       signed_on=["2019-01-15", "2019-01-15", "2019-12-01"],
                       commenced_on=[None, None, "2020-01-10"]),
                planned_commencement_on=["2020-12-31", None, None],
                planned_operation_on=[None, None, "2020-01-31"])
    got = stages(p, "2020-06-30")
    # A is lagging by figure 10 (signed before 2019-06-30) though its plan lies ahead: red, due the plan,
    # in 7 months at most (6 months and a day).
    assert got[("A", "commencement")] == ("red", "2020-12-31", True, -7)
    assert got[("B", "commencement")] == ("red", "2020-01-15", False, 5)
    # C commenced; its operation plan (2020-01-31) was missed 4 months ago: red long before figure 10's 36 months.
    assert got[("C", "operation")] == ("red", "2020-01-31", True, 4) and ("C", "commencement") not in got
    # The plan of A makes no difference to the red count: lagging either way.
    assert warning_counts(p, "2020-06-30").loc["Yubei"].tolist() == [3, 0]


def test_a_plan_of_a_stage_already_reached_is_green():
    p = planned(ledger(project_id=["A", "B"], district=["Yubei"] * 2, signed_on=["2016-01-01", "2016-01-01"],
                       commenced_on=["2016-06-01", "2020-06-30"], operating_on=["2020-06-30", None]),
                planned_commencement_on=["2016-03-01", "2016-03-01"], planned_operation_on=["2017-01-01", None])
    got = stages(p, "2020-06-30")
    # A commenced and went into operation on as_of: green twice, whatever the plans said. B commenced on
    # as_of (green), not in operation 36 months after signing: red, 17 whole months past 2019-01-01.
    assert got == {("B", "operation"): ("red", "2019-01-01", False, 17)}


# --------------------------------------------------------------------------- month ends and the rule without a plan
def test_month_ends_clip_as_in_figure_10():
    # as_of 2020-02-29: minus 12 months = 2019-02-28, minus 9 (12 - 3) = 2019-05-29, minus 3 = 2019-11-29.
    p = planned(ledger(project_id=list("ABCDEF"), district=["Yubei"] * 6,
                       signed_on=["2019-02-28", "2019-03-01", "2019-05-29", "2019-05-30", "2019-10-01", "2019-10-01"]),
                planned_commencement_on=[None, None, None, None, "2019-11-29", "2019-11-30"])
    got = stages(p, "2020-02-29")
    assert got == {("A", "commencement"): ("red", "2020-02-28", False, 0),
                   ("B", "commencement"): ("yellow", "2020-03-01", False, -1),
                   ("C", "commencement"): ("yellow", "2020-05-29", False, -3),
                   ("E", "commencement"): ("red", "2019-11-29", True, 3),
                   ("F", "commencement"): ("yellow", "2019-11-30", True, 2)}
    # as_of 2020-05-31 minus 3 months is the leap day 2020-02-29.
    q = planned(ledger(project_id=["A", "B"], district=["Yubei"] * 2, signed_on=["2020-01-01"] * 2),
                planned_commencement_on=["2020-02-29", "2020-03-01"])
    assert {k: v[0] for k, v in stages(q, "2020-05-31").items()} == {("A", "commencement"): "red",
                                                                     ("B", "commencement"): "yellow"}


def test_a_signing_on_a_clipped_day_is_lagging_when_figure_10_says():
    # Signed 2020-02-29: 12 months later is 2021-02-28, but 2021-02-28 minus 12 months is 2020-02-28,
    # before the signing: figure 10 lists it from 2021-03-01 on, and so does the warning.
    p = ledger(project_id=["A"], district=["Yubei"], signed_on=["2020-02-29"])
    assert stages(p, "2021-02-28") == {("A", "commencement"): ("yellow", "2021-02-28", False, -1)}
    assert stages(p, "2021-03-01") == {("A", "commencement"): ("red", "2021-02-28", False, 0)}
    assert lagging_count(p, "2021-02-28")["Yubei"] == 0 and lagging_count(p, "2021-03-01")["Yubei"] == 1


def test_yellow_without_a_plan_for_both_stages():
    # as_of 2020-12-31: commencement yellow when signed on or before 2020-03-31 (12 - 3 months) and after
    # 2019-12-31; operation yellow when on or before 2018-03-31 (36 - 3) and after 2017-12-31.
    p = ledger(project_id=["A", "B", "C", "D"], district=["Yubei"] * 4,
               signed_on=["2020-03-31", "2020-04-01", "2018-03-31", "2018-04-01"],
               commenced_on=[None, None, "2018-06-01", "2018-06-01"])
    got = stages(p, "2020-12-31")
    assert got == {("A", "commencement"): ("yellow", "2021-03-31", False, -3),
                   ("C", "operation"): ("yellow", "2021-03-31", False, -3)}
    assert warning_counts(p, "2020-12-31").loc["Yubei"].tolist() == [0, 2]


def test_the_worse_stage_counts_once():
    # Signed 2017-01-01, never commenced: both stages red; one red project.
    p = ledger(project_id=["A"], district=["Dazu"], signed_on=["2017-01-01"])
    got = stages(p, "2020-06-30")
    assert got == {("A", "commencement"): ("red", "2018-01-01", False, 29),
                   ("A", "operation"): ("red", "2020-01-01", False, 5)}
    counts = warning_counts(p, "2020-06-30")
    assert counts.loc["Dazu"].tolist() == [1, 0] and counts.drop("Dazu").to_numpy().sum() == 0
    assert len(counts) == 22 and list(counts.columns) == ["warning_red_count", "warning_yellow_count"]
    assert (counts.dtypes == np.int64).all()


# --------------------------------------------------------------------------- who is listed
def test_terminated_projects_are_not_listed_unless_terminated_after_as_of():
    p = ledger(project_id=["A", "B", "C"], district=["Yubei"] * 3, signed_on=["2018-01-01"] * 3,
               terminated_on=["2020-06-30", "2020-07-01", None])
    got = warning_stages(p, "2020-06-30")
    assert sorted(set(got["project_id"])) == ["B", "C"]
    assert sorted(warning_status(p, "2020-06-30")["project_id"]) == ["B", "C"]
    assert warning_counts(p, "2020-06-30").loc["Yubei"].tolist() == [2, 0]
    # Signed after as_of: does not exist yet.
    assert warning_stages(p, "2017-12-31").empty and warning_status(p, "2017-12-31").empty


def test_operation_without_commencement_date_has_commenced():
    p = ledger(project_id=["A", "B"], district=["Yubei"] * 2, signed_on=["2016-01-01"] * 2,
               operating_on=["2017-01-01", "2020-07-01"])
    got = stages(p, "2020-06-30")
    # A went into operation without a commencement date: both stages green. B's operation comes after
    # as_of: it has not commenced either.
    assert set(got) == {("B", "commencement"), ("B", "operation")}
    status = warning_status(p, "2020-06-30").set_index("project_id")
    assert status.loc["A", ["commencement_status", "operation_status", "status"]].tolist() == ["green"] * 3


def test_columns_order_and_missing_text():
    p = ledger(project_id=["B", "A", "C"], district=["Yubei", "Yubei", "Yuzhong"],
               signed_on=["2019-09-01", "2017-01-01", "2019-01-01"])
    got = warning_stages(p, "2020-06-30")
    assert list(got.columns) == ["district", "project_id", "project_name", "project_name_en", "responsible_unit",
                                 "responsible_leader", "stage", "status", "due", "planned", "months_overdue"]
    # Districts in the order of districts.csv (Yuzhong first), red first, most overdue first.
    assert got[["district", "project_id", "stage", "status"]].values.tolist() == [
        ["Yuzhong", "C", "commencement", "red"],
        ["Yubei", "A", "commencement", "red"], ["Yubei", "A", "operation", "red"],
        ["Yubei", "B", "commencement", "yellow"]]
    assert got["responsible_unit"].isna().all() and got["project_name_en"].isna().all()
    assert got["due"].dtype == "datetime64[ns]" and got["planned"].dtype == bool
    assert got["months_overdue"].dtype == np.int64


def test_parameters():
    p = planned(ledger(project_id=["A", "B"], district=["Yubei"] * 2, signed_on=["2020-05-01", "2020-01-01"]),
                planned_commencement_on=[None, "2020-06-30"])
    # warn_months=0: no yellow from figure 10's rule, and a plan is red from its own day on.
    assert stages(p, "2020-06-30", warn_months=0) == {("B", "commencement"): ("red", "2020-06-30", True, 0)}
    # A warning period as long as the threshold: everything not commenced is at least yellow.
    got = stages(p, "2020-06-30", months_to_commence=2, warn_months=3)
    assert got[("A", "commencement")] == ("yellow", "2020-07-01", False, -1)
    assert got[("B", "commencement")][0] == "red"  # lagging after 2 months
    before = p.copy()
    for bad in (-1, 1.5, True, "3", None, float("nan")):
        with pytest.raises(ValueError, match="warn_months must be whole months >= 0"):
            warning_stages(p, "2020-06-30", warn_months=bad)
    with pytest.raises(ValueError, match="whole months"):
        warning_counts(p, "2020-06-30", months_to_commence=-1)
    assert_frame_equal(p, before)


# --------------------------------------------------------------------------- without planned dates: figure 10
@pytest.mark.parametrize("as_of", ["2016-03-31", "2019Q4", "2020-02-29", "2020-12-31"])
def test_without_plans_red_is_lagging(sample, as_of):
    assert sample[list(PLANS)].isna().all().all()
    counts = warning_counts(sample, as_of)
    lagging = lagging_count(sample, as_of)
    assert (counts["warning_red_count"] == lagging).all() and lagging.sum() > 0
    # Each lagging project's stage is red with figure 10's months overdue.
    red = warning_stages(sample, as_of).query("status == 'red'").set_index(["project_id", "stage"])
    late = lagging_projects(sample, as_of)
    stage = late["stage"].map({"not commenced": "commencement", "not in operation": "operation"})
    assert red.loc[list(zip(late["project_id"], stage)), "months_overdue"].tolist() == late["months_overdue"].tolist()
    assert counts["warning_yellow_count"].sum() > 0


# --------------------------------------------------------------------------- per responsible unit
def test_warnings_by_unit_newly_red_cleared_still_red_and_missing_unit():
    # Last quarter 2020-03-31, this quarter 2020-06-30 (12 months to commence, 3 to warn).
    p = planned(ledger(
        project_id=["A", "B", "C", "D", "E", "F", "G", "H"],
        district=["Yubei"] * 6 + ["Dazu"] * 2,
        signed_on=["2019-01-15",   # red both times (lagging since 2020-01-15): still red
                   "2019-05-15",   # yellow at 2020-03-31, red at 2020-06-30: newly red
                   "2019-01-15",   # red at 2020-03-31, commenced since: cleared
                   "2019-01-15",   # red at 2020-03-31, terminated since: cleared (no longer listed)
                   "2020-04-01",   # signed since; its plan (2020-04-15) passed less than 3 months ago: yellow
                   "2019-01-15",   # no unit, red both times
                   "2019-01-15",   # another district: its own units
                   "2019-01-15"],  # no unit there, as red as its named unit
        commenced_on=[None, None, "2020-05-01", None, None, None, None, None],
        terminated_on=[None, None, None, "2020-05-01", None, None, None, None],
        responsible_unit=["投资促进局", "投资促进局", "投资促进局", "商务委", "商务委", None, "投资促进局", " "]),
        planned_commencement_on=[None, None, None, None, "2020-04-15", None, None, None])
    now = warning_status(p, "2020-06-30")
    before = warning_status(p, previous_quarter_end("2020-06-30"))
    got = warnings_by_unit(now, before)
    assert list(got.columns) == ["district", "responsible_unit", "red", "yellow", "newly_red", "cleared", "still_red"]
    rows = {(r.district, None if pd.isna(r.responsible_unit) else r.responsible_unit):
            (r.red, r.yellow, r.newly_red, r.cleared, r.still_red) for r in got.itertuples()}
    assert rows == {("Yubei", "投资促进局"): (2, 0, 1, 1, 1),
                    ("Yubei", "商务委"): (0, 1, 0, 1, 0),
                    ("Yubei", None): (1, 0, 0, 0, 1),
                    ("Dazu", "投资促进局"): (1, 0, 0, 0, 1),
                    ("Dazu", None): (1, 0, 0, 0, 1)}  # a blank unit is a missing one
    # Districts in districts.csv order (Yubei before Dazu); the most red first, then the most yellow;
    # among equals the missing unit last.
    assert [(d, None if pd.isna(u) else u) for d, u in zip(got["district"], got["responsible_unit"])] == [
        ("Yubei", "投资促进局"), ("Yubei", None), ("Yubei", "商务委"), ("Dazu", "投资促进局"), ("Dazu", None)]
    assert got.dtypes[["red", "yellow", "newly_red", "cleared", "still_red"]].eq(np.int64).all()
    # The stages list gives the same counts (each project by its worst stage).
    assert_frame_equal(warnings_by_unit(warning_stages(p, "2020-06-30"), warning_stages(p, "2020-03-31")), got)
    with pytest.raises(ValueError, match="unknown warning status 'amber'"):
        warnings_by_unit(now.assign(status="amber"), before)


def test_nothing_to_count():
    p = ledger(project_id=["A"], district=["Yubei"], signed_on=["2020-06-01"])
    got = warnings_by_unit(warning_status(p, "2020-06-30"), warning_status(p, "2020-03-31"))
    assert got.empty and list(got.columns)[:2] == ["district", "responsible_unit"]


# --------------------------------------------------------------------------- the oracle (tests/oracle.py)
def test_oracle_by_hand():
    D = date
    projects = [oracle.Project("A", "Yubei", D(2020, 2, 1), 1.0, None, None, None, planned_commencement_on=D(2020, 3, 30)),
                oracle.Project("B", "Yubei", D(2020, 2, 1), 1.0, None, None, None, planned_commencement_on=D(2020, 3, 31)),
                oracle.Project("C", "Yubei", D(2019, 9, 20), 1.0, None, None, None),
                oracle.Project("D", "Yubei", D(2016, 1, 1), 1.0, None, D(2017, 1, 1), None),
                oracle.Project("E", "Yubei", D(2016, 1, 1), 1.0, None, None, D(2020, 6, 30))]
    rows = {r["project_id"]: r for r in oracle.warning_rows(projects, "Yubei", D(2020, 6, 30))}
    assert set(rows) == {"A", "B", "C", "D"}
    assert rows["A"]["commencement"] == {"status": "red", "due": D(2020, 3, 30), "planned": True, "months_overdue": 3}
    assert rows["B"]["commencement"]["status"] == "yellow" and rows["B"]["commencement"]["months_overdue"] == 2
    assert rows["C"]["commencement"] == {"status": "yellow", "due": D(2020, 9, 20), "planned": False,
                                         "months_overdue": -3}
    assert rows["D"]["status"] == "green"
    assert oracle.warning_counts(projects, "Yubei", D(2020, 6, 30)) == (1, 2)
    assert oracle.months_past(D(2020, 2, 29), D(2021, 2, 28), 12) == -1
    assert oracle.months_past(D(2020, 2, 29), D(2021, 3, 1), 12) == 0


def _messy_frame(seed: int) -> pd.DataFrame:
    """The generated messy ledger of test_machine_oracle (with planned dates) as a canonical frame."""
    from figures.test_machine_oracle import generate_messy

    projects, _ = generate_messy(seed)
    frame = pd.DataFrame({"project_id": [p["id"] for p in projects], "district": [p["district"] for p in projects],
                          "project_name": [p["id"] for p in projects], "contract_value": [p["wan"] * 1e4 for p in projects]})
    for column, key in (("signed_on", "signed"), ("commenced_on", "commenced"), ("operating_on", "operating"),
                        ("terminated_on", "terminated"), *zip(PLANS, ("plan_c", "plan_o"))):
        frame[column] = pd.to_datetime(pd.Series([p[key] for p in projects], dtype=object)).astype("datetime64[ns]")
    return frame


@pytest.mark.parametrize("seed", [11, 7])
def test_kit_agrees_with_oracle_stage_by_stage(seed):
    frame = _messy_frame(seed)
    assert frame["planned_commencement_on"].notna().any() and frame["planned_operation_on"].notna().any()
    rows, _ = oracle.ledger_rows(frame, pd.DataFrame(columns=["project_id", "received_on", "amount"]))
    seen = set()
    for as_of in ["2017Q2", "2019-06-30", "2019-12-31", "2020-02-29", "2020-05-31", "2021-02-28", "2021-03-31"]:
        for kw in ({}, {"warn_months": 0}, {"months_to_commence": 9, "months_to_operate": 24, "warn_months": 6}):
            when = oracle.parse_as_of(as_of)
            got = stages(frame, as_of, **kw)
            want = {}
            for d in sorted(set(frame["district"])):
                for r in oracle.warning_rows(rows, d, when, kw.get("months_to_commence", 12),
                                             kw.get("months_to_operate", 36), kw.get("warn_months", 3)):
                    for stage in ("commencement", "operation"):
                        s = r[stage]
                        if s["status"] != "green":
                            want[(r["project_id"], stage)] = (s["status"], s["due"].isoformat(), s["planned"],
                                                              s["months_overdue"])
            assert got == want, (as_of, kw)
            seen |= {(v[0], v[2]) for v in want.values()}
    assert seen == {("red", True), ("red", False), ("yellow", True), ("yellow", False)}
