"""Warnings before a project is late: the supervising list (督办清单, ``docs/definitions.md#warnings``, figure 21).

Every live project signed on or before ``as_of`` gets a status per stage, commencement
and operation: red, yellow or green. Without a planned date a stage is red when it is
lagging by figure 10 (:mod:`yubei_lib.figures.lagging`) and yellow when it would be
lagging within ``warn_months`` calendar months; with a planned date
(``planned_commencement_on``, ``planned_operation_on``) it is also red when the plan
was missed ``warn_months`` months ago or more, and yellow when the plan has passed. A
stage that has happened is green. The project's status is the worse of its two stages
(red > yellow > green).

:func:`warning_stages` lists the stages that are not green, :func:`warning_status`
gives every live project its status, :func:`warning_counts` counts the projects per
district (the machine keys ``warning_red_count`` and ``warning_yellow_count``) and
:func:`warnings_by_unit` counts them per responsible unit, with the change since the
previous quarter.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.lagging import lagging_masks
from yubei_lib.ledger.periods import add_months, full_months, parse_as_of, shift_months
from yubei_lib.ledger.schema import PROJECT_PLANS

__all__ = ["STAGES", "STATUSES", "warning_counts", "warning_stages", "warning_status", "warnings_by_unit"]

STAGES = ("commencement", "operation")
"""The two stages of a project, in the order they come."""

STATUSES = ("red", "yellow", "green")
"""The statuses of a stage or a project, the worst first."""

_TEXT = ("project_id", "project_name", "project_name_en", "responsible_unit", "responsible_leader")
"""The project's columns shown beside its status (NA where the ledger lacks one)."""


def check_warn_months(warn_months: object) -> int:
    """Return ``warn_months`` as an int, or raise when it is not a whole number of months >= 0.

    Any size is accepted: a warning period as long as a threshold or longer makes every
    project signed on or before ``as_of`` that has not reached that stage at least yellow.

    Examples
    --------
    >>> check_warn_months(3), check_warn_months(0.0)
    (3, 0)
    >>> check_warn_months(1.5)
    Traceback (most recent call last):
    ...
    ValueError: warn_months must be whole months >= 0, not 1.5
    """
    if (isinstance(warn_months, bool) or not isinstance(warn_months, numbers.Real)
            or not float(warn_months).is_integer() or warn_months < 0):
        raise ValueError(f"warn_months must be whole months >= 0, not {warn_months!r}")
    return int(float(warn_months))


@dataclass(frozen=True)
class _Stages:
    """Each project's state at ``as_of``: whether it is listed at all, and per stage its status and due date."""

    listed: np.ndarray               # live and signed on or before as_of
    red: tuple[np.ndarray, ...]      # per stage
    yellow: tuple[np.ndarray, ...]   # per stage, never where red
    due: tuple[np.ndarray, ...]      # per stage: the plan, else signed_on + threshold months
    planned: tuple[np.ndarray, ...]  # per stage: whether due is a plan
    overdue: tuple[np.ndarray, ...]  # per stage: months_overdue


def _stages(projects: pd.DataFrame, as_of: object, months_to_commence: int, months_to_operate: int,
            warn_months: int) -> _Stages:
    end = parse_as_of(as_of)
    warn = check_warn_months(warn_months)
    late = lagging_masks(projects, end, months_to_commence, months_to_operate)  # checks the thresholds
    thresholds = (int(months_to_commence), int(months_to_operate))
    # "would be lagging within warn months": figure 10 with thresholds shortened by warn months; below
    # 0 the cut (as_of plus some months) holds every project signed by as_of, as 0 does
    soon = lagging_masks(projects, end, *(max(t - warn, 0) for t in thresholds))
    hi = f.day_after(end)
    signed = f.dates(projects, "signed_on")
    listed = (signed < hi) & ~(f.dates(projects, "terminated_on") < hi)
    happened = (f.commenced_on(projects) < hi, f.dates(projects, "operating_on") < hi)
    missed_long_ago = f.day_after(add_months(end, -warn))  # a plan before this is red
    today = end.to_datetime64()
    since_signing = full_months(signed, end)
    red, yellow, due, planned, overdue = [], [], [], [], []
    for k, threshold in enumerate(thresholds):
        plan = f.dates(projects, PROJECT_PLANS[k])
        has_plan = ~np.isnat(plan)
        open_ = listed & ~happened[k]
        r = open_ & (late[k] | (has_plan & (plan < missed_long_ago)))
        red.append(r)
        yellow.append(open_ & ~r & (soon[k] | (has_plan & (plan < today))))
        due.append(np.where(has_plan, plan.astype("datetime64[ns]"),
                            shift_months(signed, threshold).astype("datetime64[ns]")))
        planned.append(has_plan)
        overdue.append(np.where(has_plan, full_months(plan, end), since_signing - threshold).astype(np.int64))
    return _Stages(listed, tuple(red), tuple(yellow), tuple(due), tuple(planned), tuple(overdue))


def _rows(projects: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Return ``district`` and the projects' :data:`_TEXT` columns for the given row positions."""
    codes = f.district_codes(projects)[rows]
    out = pd.DataFrame({"district": pd.Categorical.from_codes(codes, categories=f.district_names())})
    for c in _TEXT:
        out[c] = (projects[c].iloc[rows].reset_index(drop=True) if c in projects.columns
                  else pd.Series(pd.NA, index=out.index, dtype="str"))
    return out


def _severity(status: pd.Series) -> np.ndarray:
    """Return 0 for red, 1 for yellow, 2 for green (an unknown status is an error)."""
    rank = status.astype("str").map({s: i for i, s in enumerate(STATUSES)})
    if rank.isna().any():
        bad = sorted(set(status[rank.isna()].astype("str")))
        raise ValueError(f"unknown warning status {', '.join(map(repr, bad))}: expected red, yellow or green")
    return rank.to_numpy(dtype=np.int64)


def warning_stages(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                   months_to_operate: int = 36, warn_months: int = 3) -> pd.DataFrame:
    """List the stages of live projects that are red or yellow: the supervising list of each district.

    A project is listed when it is live at ``as_of`` (not terminated on or before it) and
    signed on or before it. Each of its stages, commencement and operation, is

    - green when it has happened by ``as_of`` (commencement: ``commenced_on`` <= ``as_of``,
      or, without a commencement date, ``operating_on`` <= ``as_of``; operation:
      ``operating_on`` <= ``as_of``); otherwise
    - without a planned date: red when the stage is lagging by figure 10 (signed on or
      before ``as_of`` minus the threshold, ``months_to_commence`` or
      ``months_to_operate`` calendar months), yellow when it would be lagging within
      ``warn_months`` months (signed on or before ``as_of`` minus threshold minus
      ``warn_months`` months), else green;
    - with a planned date: red when the plan is on or before ``as_of`` minus
      ``warn_months`` months, or the stage is lagging by figure 10; else yellow when the
      plan is before ``as_of``, or the stage would be lagging within ``warn_months``
      months; else green.

    Month arithmetic clips to month end (:func:`~yubei_lib.ledger.periods.add_months`:
    2020-02-29 minus 12 months is 2019-02-28).

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger; without a planned-date column no stage has a plan.
    as_of : date-like or quarter label
    months_to_commence, months_to_operate : int, default 12 and 36
        Figure 10's thresholds, whole months >= 0.
    warn_months : int, default 3
        The warning period, whole months >= 0 (0: no yellow from figure 10's rule, and a
        plan is red once it has passed). Any size is accepted; one as long as a threshold
        or longer makes every listed project that has not reached that stage at least
        yellow.

    Returns
    -------
    pandas.DataFrame
        One row per stage that is red or yellow: ``district``, ``project_id``,
        ``project_name``, ``project_name_en``, ``responsible_unit``,
        ``responsible_leader`` (NA where the ledger lacks them), ``stage``
        ("commencement" or "operation"), ``status`` ("red" or "yellow"), ``due`` (the
        planned date, else the figure-10 deadline ``signed_on`` plus the threshold in
        calendar months, clipped to month end), ``planned`` (whether ``due`` is a plan),
        ``months_overdue`` (int: with a plan, the largest ``m`` with plan <= ``as_of``
        minus ``m`` months; without, figure 10's count, the largest ``m`` with
        ``signed_on`` <= ``as_of`` minus (threshold + ``m``) months; 0 = due less than a
        month ago or today, negative = due in the coming ``-m`` months at most). In
        district order (``districts.csv``), red first, most overdue first, then by
        ``project_id`` and stage.

    Raises
    ------
    ValueError
        When a threshold or ``warn_months`` is not a whole number of months >= 0.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "project_name": ["a", "b", "c"],
    ...     "district": ["Yubei"] * 3,
    ...     "signed_on": pd.to_datetime(["2019-01-10", "2019-09-20", "2020-02-01"]),
    ...     "planned_commencement_on": pd.to_datetime([None, None, "2020-05-01"]),
    ...     "responsible_unit": ["Investment Bureau"] * 3})
    >>> w = warning_stages(p, "2020-06-30")
    >>> w[["project_id", "stage", "status", "due", "planned", "months_overdue"]]
      project_id         stage  status        due  planned  months_overdue
    0          A  commencement     red 2020-01-10    False               5
    1          C  commencement  yellow 2020-05-01     True               1
    2          B  commencement  yellow 2020-09-20    False              -3
    """
    s = _stages(projects, as_of, months_to_commence, months_to_operate, warn_months)
    parts = []
    for k, stage in enumerate(STAGES):
        rows = np.flatnonzero(s.red[k] | s.yellow[k])
        part = _rows(projects, rows)
        part["stage"] = pd.array([stage] * len(rows), dtype="str")
        part["status"] = pd.array(np.where(s.red[k][rows], "red", "yellow"), dtype="str")
        part["due"] = pd.Series(s.due[k][rows], dtype="datetime64[ns]")
        part["planned"] = s.planned[k][rows]
        part["months_overdue"] = s.overdue[k][rows]
        part["_stage"] = k
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    order = np.lexsort((out["_stage"].to_numpy(), out["project_id"].astype("str").to_numpy(),
                        -out["months_overdue"].to_numpy(), _severity(out["status"]),
                        out["district"].cat.codes.to_numpy()))
    out = out.iloc[order].drop(columns="_stage").reset_index(drop=True)
    out["district"] = out["district"].astype("str")
    return out


def warning_status(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                   months_to_operate: int = 36, warn_months: int = 3) -> pd.DataFrame:
    """Give every live project signed on or before ``as_of`` its warning status.

    The stages are rated as in :func:`warning_stages`; a project's status is the worse of
    its two (red > yellow > green).

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    months_to_commence, months_to_operate, warn_months : int, default 12, 36 and 3
        As for :func:`warning_stages`.

    Returns
    -------
    pandas.DataFrame
        One row per live project signed on or before ``as_of``: ``district``,
        ``project_id``, ``project_name``, ``project_name_en``, ``responsible_unit``,
        ``responsible_leader``, ``commencement_status``, ``operation_status`` and
        ``status`` ("red", "yellow" or "green"); in district order, red first, then by
        ``project_id``.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "project_name": ["a", "b", "c"],
    ...     "district": ["Yubei"] * 3,
    ...     "signed_on": pd.to_datetime(["2016-01-10", "2019-09-20", "2020-02-01"]),
    ...     "commenced_on": pd.to_datetime(["2016-05-01", None, None]),
    ...     "terminated_on": pd.to_datetime([None, None, "2020-03-01"])})
    >>> warning_status(p, "2020-06-30")[["project_id", "commencement_status", "operation_status", "status"]]
      project_id commencement_status operation_status  status
    0          A               green              red     red
    1          B              yellow            green  yellow
    """
    s = _stages(projects, as_of, months_to_commence, months_to_operate, warn_months)
    rows = np.flatnonzero(s.listed)
    out = _rows(projects, rows)
    worst = np.full(len(rows), len(STATUSES) - 1, dtype=np.int64)
    for k, stage in enumerate(STAGES):
        rank = np.where(s.red[k][rows], 0, np.where(s.yellow[k][rows], 1, 2))
        out[f"{stage}_status"] = pd.array(np.asarray(STATUSES)[rank], dtype="str")
        worst = np.minimum(worst, rank)
    out["status"] = pd.array(np.asarray(STATUSES)[worst], dtype="str")
    order = np.lexsort((out["project_id"].astype("str").to_numpy(), worst, out["district"].cat.codes.to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    out["district"] = out["district"].astype("str")
    return out


def warning_counts(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                   months_to_operate: int = 36, warn_months: int = 3) -> pd.DataFrame:
    """Count the red and the yellow projects of each district, each project by its worse stage.

    Without planned dates ``warning_red_count`` equals figure 10's ``lagging_count``.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    months_to_commence, months_to_operate, warn_months : int, default 12, 36 and 3
        As for :func:`warning_stages`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district`` (all 22, in the order of ``districts.csv``; 0 where
        none): ``warning_red_count``, ``warning_yellow_count`` (int64).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2019-01-10", "2019-09-20", "2020-02-01"]),
    ...     "planned_commencement_on": pd.to_datetime([None, None, "2020-03-30"])})  # 3 months before
    >>> warning_counts(p, "2020-06-30").loc[["Yubei", "Dazu", "Yuzhong"]]
              warning_red_count  warning_yellow_count
    district
    Yubei                     1                     1
    Dazu                      1                     0
    Yuzhong                   0                     0
    """
    s = _stages(projects, as_of, months_to_commence, months_to_operate, warn_months)
    red = s.red[0] | s.red[1]
    yellow = (s.yellow[0] | s.yellow[1]) & ~red
    codes = f.district_codes(projects)
    return pd.DataFrame({"warning_red_count": f.sum_by(codes, red), "warning_yellow_count": f.sum_by(codes, yellow)},
                        index=f.district_index())


def _worst_by_project(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Reduce a status frame to one row per project: its worst status (0 red, 1 yellow, 2 green) and unit."""
    f.require(frame, ("district", "project_id", "status"), what)
    unit = (frame["responsible_unit"].astype("str") if "responsible_unit" in frame.columns
            else pd.Series(pd.NA, index=frame.index, dtype="str"))
    out = pd.DataFrame({"district": frame["district"].astype("str").to_numpy(),
                        "project_id": frame["project_id"].astype("str").to_numpy(),
                        "responsible_unit": unit.str.strip().replace("", pd.NA).to_numpy(),
                        "rank": _severity(frame["status"])})
    return out.sort_values("rank", kind="stable").drop_duplicates("project_id").set_index("project_id")


def warnings_by_unit(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Count the warnings of each responsible unit, and how they moved since the previous quarter.

    Parameters
    ----------
    current : pandas.DataFrame
        The projects' statuses as of the report's date, as :func:`warning_status` gives
        them (or the stages of :func:`warning_stages`: a project counts by its worst
        stage); columns ``district``, ``project_id``, ``status`` and, where known,
        ``responsible_unit``.
    previous : pandas.DataFrame
        The same as of the end of the previous quarter
        (:func:`~yubei_lib.ledger.periods.previous_quarter_end`).

    Returns
    -------
    pandas.DataFrame
        One row per district and responsible unit with a project red or yellow now, or
        red before: ``district``, ``responsible_unit`` (NA for the projects without one,
        counted together), ``red``, ``yellow`` (projects by their worse stage now),
        ``newly_red`` (red now, not red before: yellow, green or not listed then),
        ``cleared`` (red before, not red now, including projects no longer listed, such
        as one terminated since), ``still_red`` (red both times); int64. A project counts
        for its unit of ``current`` (of ``previous`` when no longer listed). In district
        order, then most red, most yellow, unit name, the missing unit last.

    Examples
    --------
    >>> now = pd.DataFrame({"district": "Yubei", "project_id": ["A", "B", "C", "D"],
    ...     "responsible_unit": ["Bureau", "Bureau", None, "Park"], "status": ["red", "red", "yellow", "green"]})
    >>> before = pd.DataFrame({"district": "Yubei", "project_id": ["A", "D", "E"],
    ...     "responsible_unit": ["Bureau", "Park", "Park"], "status": ["red", "red", "red"]})
    >>> warnings_by_unit(now, before)
      district responsible_unit  red  yellow  newly_red  cleared  still_red
    0    Yubei           Bureau    2       0          1        0          1
    1    Yubei              NaN    0       1          0        0          0
    2    Yubei             Park    0       0          0        2          0
    """
    now, before = _worst_by_project(current, "current"), _worst_by_project(previous, "previous")
    ids = now.index.union(before.index, sort=False)
    now, before = now.reindex(ids), before.reindex(ids)
    red_now, red_before = now["rank"].eq(0).to_numpy(), before["rank"].eq(0).to_numpy()
    counts = pd.DataFrame({
        "district": now["district"].fillna(before["district"]).to_numpy(),
        "responsible_unit": now["responsible_unit"].where(now["rank"].notna(), before["responsible_unit"]).to_numpy(),
        "red": red_now, "yellow": now["rank"].eq(1).to_numpy(), "newly_red": red_now & ~red_before,
        "cleared": red_before & ~red_now, "still_red": red_now & red_before})
    counted = ["red", "yellow", "newly_red", "cleared", "still_red"]
    missing = counts["responsible_unit"].isna()
    counts["_missing"] = missing
    counts["responsible_unit"] = counts["responsible_unit"].where(~missing, "")
    out = counts.groupby(["district", "_missing", "responsible_unit"], sort=False)[counted].sum().astype(np.int64)
    out = out.loc[out.to_numpy().any(axis=1)].reset_index()
    position = {name: i for i, name in enumerate(f.district_names())}
    out["_district"] = out["district"].map(lambda d: position.get(d, len(position)))
    out = out.sort_values(["_district", "red", "yellow", "_missing", "responsible_unit"],
                          ascending=[True, False, False, True, True], kind="stable")
    out["responsible_unit"] = out["responsible_unit"].astype("str").where(~out["_missing"])
    return out[["district", "responsible_unit", *counted]].reset_index(drop=True)
