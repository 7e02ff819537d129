"""Outreach (招商活动): visits, visiting leaders and which visited enterprises signed (figure 16).

The outreach log (:mod:`yubei_lib.ledger.optional`) is one office's: all its rows belong
to the district of the report (``district``, the office's own), and the other districts'
outreach figures are undefined (NaN, ``<NA>``), never 0. Without the log every district's
outreach figures are undefined. Definitions: ``docs/definitions.md#second-set``.

- ``visits_out_main``: distinct enterprises visited in ``visit_out`` activities led by a
  main leader (``leader_level == "main"``) dated in the year to date.
- ``visit_to_signing_share``: among the distinct enterprises visited (``visit_out`` or
  ``visit_in``) in the 12 calendar months ending at ``as_of``, the share that signed a
  project of the district on or after its first visit in that window and on or before
  ``as_of``. An enterprise whose window visits carry ``project_id``s matches those projects
  only; one without matches the projects whose ``investor`` equals its name exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import add_months, parse_as_of
from yubei_lib.ledger.reference import resolve_district

VISITS = ("visit_out", "visit_in")
"""The kinds of activity that are visits, for the visit-to-signing share."""

WINDOW_MONTHS = 12
"""The visit-to-signing share looks at visits in this many calendar months up to ``as_of``."""

_COLUMNS = ("date", "kind", "leader", "leader_level", "enterprise")


def _own(district: object) -> pd.Series:
    if district is None:
        raise ValueError("the outreach log belongs to one district: say which (district=..., --district)")
    return pd.Series(f.district_index() == resolve_district(district), index=f.district_index())


def _between(activities: pd.DataFrame, lo: np.datetime64, hi: np.datetime64) -> pd.DataFrame:
    """Return the activities dated in ``[lo, hi)``."""
    when = f.dates(activities, "date")
    return activities.loc[(when >= lo) & (when < hi)]


def visits_out_main(activities: pd.DataFrame | None, as_of: object, district: object) -> pd.Series:
    """Count the distinct enterprises visited out of town by a main leader in the year to date.

    Parameters
    ----------
    activities : pandas.DataFrame or None
        The outreach log; None when none was given (every district NaN).
    as_of : date-like or quarter label
    district : str
        The office's district, which the log belongs to (any accepted name).

    Returns
    -------
    pandas.Series
        ``visits_out_main`` (``Int64``), indexed by ``district``: the count for the office's
        district (0 when none), ``<NA>`` for the others.

    Examples
    --------
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2019-01-01", "2019-03-01", "2019-05-01", "2018-12-31", "2019-06-01"]),
    ...     "kind": ["visit_out", "visit_out", "visit_out", "visit_out", "visit_in"],
    ...     "leader": ["Zhang"] * 5, "leader_level": ["main", "main", "deputy", "main", "main"],
    ...     "enterprise": ["Acme", "Acme", "Bolt", "Core", "Dyna"]})
    >>> visits_out_main(a, "2019Q4", "渝北区")[["Yubei", "Dazu"]].tolist()  # Acme twice: one enterprise
    [1, <NA>]
    """
    own = _own(district)
    out = pd.Series(pd.array([pd.NA] * len(own), dtype="Int64"), index=f.district_index(), name="visits_out_main")
    if activities is None:
        return out
    f.require(activities, _COLUMNS, "activities")
    lo, hi = f.period(as_of)
    ytd = _between(activities, lo, hi)
    main = ytd.loc[(ytd["kind"] == "visit_out").to_numpy(bool) & (ytd["leader_level"] == "main").to_numpy(bool)]
    out[own] = int(main["enterprise"].dropna().nunique())
    return out


def visited_enterprises(projects: pd.DataFrame, activities: pd.DataFrame, as_of: object,
                        district: object, months: int = WINDOW_MONTHS) -> pd.DataFrame:
    """List the enterprises visited in the 12 calendar months up to ``as_of`` and whether they signed.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger (``project_id``, ``district``, ``signed_on``, ``investor``,
        ``contract_value``).
    activities : pandas.DataFrame
        The outreach log of ``district``.
    as_of : date-like or quarter label
    district : str
        The office's district: only its projects count as a signing.
    months : int, default 12
        The window: visits dated after ``as_of`` minus ``months`` calendar months (clipped
        to month end), up to ``as_of``.

    Returns
    -------
    pandas.DataFrame
        One row per distinct enterprise visited (``visit_out`` or ``visit_in``) in the
        window: ``enterprise``, ``first_visit``, ``last_visit``, ``visits``, ``main_leader``
        (a main leader led one of them), ``matched_by`` (``"project_id"`` or ``"investor"``),
        ``signed`` (a matching project signed on or after the first visit and on or before
        ``as_of``), ``signed_on`` (the first such signing), ``signed_projects``,
        ``signed_value`` (yuan); by first visit.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "district": ["Yubei", "Yubei"], "contract_value": [1e9, 2e9],
    ...     "signed_on": pd.to_datetime(["2020-03-01", "2020-08-01"]), "investor": ["Acme", "Bolt"]})
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2020-02-01", "2020-09-01", "2020-05-01"]),
    ...     "kind": ["visit_out", "visit_in", "visit_in"], "leader": ["Zhang"] * 3,
    ...     "leader_level": ["main", "deputy", "deputy"], "enterprise": ["Acme", "Bolt", "Core"],
    ...     "project_id": [None, None, "B"]})
    >>> visited_enterprises(p, a, "2020Q4", "Yubei")[["enterprise", "matched_by", "signed", "signed_projects"]]
      enterprise matched_by  signed signed_projects
    0       Acme   investor    True               A
    1       Core project_id    True               B
    2       Bolt   investor   False
    """
    f.require(activities, _COLUMNS, "activities")
    f.require(projects, ("project_id", "district", "signed_on"))
    end = parse_as_of(as_of)
    own = resolve_district(district)
    window = _between(activities, f.day_after(add_months(end, -int(months))), f.day_after(end))
    visits = window.loc[window["kind"].isin(VISITS).to_numpy(bool) & window["enterprise"].notna().to_numpy(bool)]
    visits = visits.assign(enterprise=visits["enterprise"].astype(str), date=f.dates(visits, "date"),
                           project_id=(visits["project_id"] if "project_id" in visits.columns
                                       else pd.Series(pd.NA, index=visits.index, dtype="string")))
    groups = visits.groupby("enterprise", sort=False)
    out = pd.DataFrame({"first_visit": groups["date"].min(), "last_visit": groups["date"].max(),
                        "visits": groups.size().astype(np.int64),
                        "main_leader": groups["leader_level"].agg(lambda s: bool((s == "main").any()))})
    ids = visits.dropna(subset=["project_id"])[["enterprise", "project_id"]].astype(str).drop_duplicates()
    out["matched_by"] = np.where(out.index.isin(ids["enterprise"]), "project_id", "investor")
    mine = projects.loc[(f.district_codes(projects) == f.district_names().index(own))
                        & (f.dates(projects, "signed_on") < f.day_after(end))]
    mine = pd.DataFrame({"project_id": mine["project_id"].astype(str).to_numpy(),
                         "investor": (mine["investor"].astype("string") if "investor" in mine.columns
                                      else pd.Series(pd.NA, index=mine.index, dtype="string")).to_numpy(),
                         "signed_on": f.dates(mine, "signed_on"),
                         "contract_value": (f.money(mine, "contract_value") if "contract_value" in mine.columns
                                            else np.full(len(mine), np.nan))})
    by_name = pd.DataFrame({"enterprise": out.index[out["matched_by"] == "investor"]})
    pairs = pd.concat([ids.merge(mine, on="project_id"),
                       by_name.merge(mine.dropna(subset=["investor"]), left_on="enterprise", right_on="investor")],
                      ignore_index=True)
    pairs = pairs.loc[pairs["signed_on"].to_numpy() >= out.loc[pairs["enterprise"], "first_visit"].to_numpy()]
    pairs = pairs.sort_values(["signed_on", "project_id"], kind="stable")
    won = pairs.groupby("enterprise", sort=False)
    out["signed"] = out.index.isin(pairs["enterprise"])
    out["signed_on"] = won["signed_on"].min().reindex(out.index).astype("datetime64[ns]")
    out["signed_projects"] = won["project_id"].agg(", ".join).reindex(out.index).fillna("")
    out["signed_value"] = won["contract_value"].sum().reindex(out.index).fillna(0.0).astype("float64")
    out = out.rename_axis("enterprise").reset_index()
    return out.sort_values(["first_visit", "enterprise"], kind="stable").reset_index(drop=True)


def visit_to_signing(projects: pd.DataFrame, activities: pd.DataFrame | None, as_of: object,
                     district: object, months: int = WINDOW_MONTHS) -> pd.DataFrame:
    """Compute the visit-to-signing share of the office's district (see :func:`visited_enterprises`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district`` (all 22): ``visited`` and ``signed`` (``Int64``: enterprises
        visited in the window, and those that signed) and ``visit_to_signing_share``
        (NaN when no enterprise was visited); ``<NA>``/NaN for the other districts, and for
        every district without a log.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [1e9],
    ...     "signed_on": pd.to_datetime(["2020-03-01"]), "investor": ["Acme"]})
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2020-02-01", "2020-06-01"]), "kind": ["visit_out", "visit_in"],
    ...     "leader": ["Zhang", "Li"], "leader_level": ["main", "deputy"], "enterprise": ["Acme", "Bolt"]})
    >>> visit_to_signing(p, a, "2020Q4", "Yubei").loc[["Yubei", "Dazu"]]
              visited  signed  visit_to_signing_share
    district
    Yubei           2       1                     0.5
    Dazu         <NA>    <NA>                     NaN
    """
    own = _own(district)
    none = pd.array([pd.NA] * len(own), dtype="Int64")
    out = pd.DataFrame({"visited": none, "signed": none.copy(), "visit_to_signing_share": np.nan},
                       index=f.district_index())
    if activities is None:
        return out
    table = visited_enterprises(projects, activities, as_of, district, months)
    visited, signed = len(table), int(table["signed"].sum())
    out.loc[own, "visited"] = visited
    out.loc[own, "signed"] = signed
    out.loc[own, "visit_to_signing_share"] = signed / visited if visited else np.nan
    return out


def activities_by_month(activities: pd.DataFrame, as_of: object, by: str = "kind", start: object = None) -> pd.DataFrame:
    """Count activities and distinct enterprises per month, by kind or by leader, up to ``as_of``.

    Parameters
    ----------
    activities : pandas.DataFrame
        The outreach log.
    as_of : date-like or quarter label
    by : {"kind", "leader"}
        Group by kind of activity, or by leader (with the leader's level).
    start : date-like, optional
        First day counted; default 1 January of ``as_of``'s year.

    Returns
    -------
    pandas.DataFrame
        ``month`` (first day), ``kind`` or ``leader`` and ``leader_level``, ``activities``,
        ``enterprises``; only groups with activities, by month.

    Examples
    --------
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-03"]),
    ...     "kind": ["visit_out", "visit_out", "event"], "leader": ["Zhang", "Zhang", "Li"],
    ...     "leader_level": ["main", "main", "deputy"], "enterprise": ["Acme", "Acme", "Bolt"]})
    >>> activities_by_month(a, "2020Q1")
           month       kind  activities  enterprises
    0 2020-01-01  visit_out           2            1
    1 2020-02-01      event           1            1
    >>> activities_by_month(a, "2020Q1", by="leader")[["month", "leader", "leader_level", "activities"]]
           month leader leader_level  activities
    0 2020-01-01  Zhang         main           2
    1 2020-02-01     Li       deputy           1
    """
    f.require(activities, _COLUMNS, "activities")
    keys = {"kind": ["kind"], "leader": ["leader", "leader_level"]}.get(by)
    if keys is None:
        raise ValueError(f"by must be 'kind' or 'leader', not {by!r}")
    lo, hi = f.period(as_of, start)
    rows = _between(activities, lo, hi)
    month = pd.Series(f.dates(rows, "date"), index=rows.index).dt.to_period("M").dt.to_timestamp()
    frame = pd.DataFrame({"month": month, **{k: rows[k].astype(str) for k in keys},
                          "enterprise": rows["enterprise"]})
    out = frame.groupby(["month", *keys], sort=True).agg(activities=("enterprise", "size"),
                                                         enterprises=("enterprise", "nunique")).reset_index()
    return out.astype({"activities": np.int64, "enterprises": np.int64})
