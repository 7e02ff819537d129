"""Time from signing to operation, by signing-year cohort (Kaplan-Meier).

``docs/definitions.md#time-to-operation``. For each project signed on or before ``as_of`` the clock starts on
its signing date. It stops with an *event* on ``operating_on`` when that is on or before
``as_of``. Otherwise the project is *censored*: at its termination date when it was
terminated on or before ``as_of`` (a terminated project will not go into operation; the
curve then estimates the share in operation among projects that go on, treating
termination as uninformative, so it is not the raw share of the cohort), else at its
follow-up time ``as_of - signed_on``.

Time is counted in days and shown in months of 30.4375 days (the mean Gregorian month,
365.25 / 12), so a month here is a fixed length, not a calendar month. An operation date
before the signing date (a validation error) counts as time 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f

DAYS_PER_MONTH = 30.4375
"""Length of the month of :func:`time_to_operation`, in days (365.25 / 12)."""


def _durations(projects: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Return row position, days observed and event flag of the projects signed by ``as_of``."""
    hi = f.day_after(as_of)
    signed = f.dates(projects, "signed_on").astype("datetime64[ns]")
    rows = np.flatnonzero(signed < hi)
    signed = signed[rows]
    operating = f.dates(projects, "operating_on").astype("datetime64[ns]")[rows]
    terminated = f.dates(projects, "terminated_on").astype("datetime64[ns]")[rows]
    event = operating < hi
    stop = np.where(event, operating,
                    np.where(terminated < hi, terminated, hi - np.timedelta64(1, "D")))
    days = np.maximum((stop - signed) // np.timedelta64(1, "D"), 0).astype(np.int64)
    return pd.DataFrame({"row": rows, "days": days, "event": event})


def kaplan_meier(groups: np.ndarray, days: np.ndarray, event: np.ndarray) -> pd.DataFrame:
    """Estimate the Kaplan-Meier curve of each group from durations and event flags.

    At each distinct time with events, ``at_risk`` counts the group's subjects with a
    duration of at least that time (a subject censored at the time of an event is still
    at risk at it), and the survival ``S`` is multiplied by ``1 - events / at_risk``.

    Parameters
    ----------
    groups : array-like of int
        Group codes.
    days : array-like of int
        Durations.
    event : array-like of bool
        True for an event, False for a censored duration.

    Returns
    -------
    pandas.DataFrame
        One row per group and time with events: ``group``, ``days``, ``at_risk``,
        ``events``, ``survival``, sorted by group and time.

    Examples
    --------
    Five subjects: events at 2, 3 and 5; censored at 3 and 4.

    >>> kaplan_meier([0] * 5, [2, 3, 3, 4, 5], [True, True, False, False, True])
       group  days  at_risk  events  survival
    0      0     2        5       1       0.8
    1      0     3        4       1       0.6
    2      0     5        1       1       0.0
    """
    frame = pd.DataFrame({"group": np.asarray(groups, dtype=np.int64),
                          "days": np.asarray(days, dtype=np.int64),
                          "events": np.asarray(event, dtype=bool).astype(np.int64)})
    table = (frame.groupby(["group", "days"], sort=True)["events"]
             .agg(["sum", "size"]).rename(columns={"sum": "events", "size": "leaving"})
             .reset_index())
    by_group = table.groupby("group", sort=False)["leaving"]
    table["at_risk"] = by_group.transform("sum") - by_group.cumsum() + table["leaving"]
    table["survival"] = (1 - table["events"] / table["at_risk"]).groupby(table["group"]).cumprod()
    table = table[table["events"] > 0].reset_index(drop=True)
    return table[["group", "days", "at_risk", "events", "survival"]]


def time_to_operation(projects: pd.DataFrame, as_of: object, by: str | None = None) -> pd.DataFrame:
    """Estimate the cumulative share of projects in operation by months since signing.

    One Kaplan-Meier curve per signing year (the cohort), over the projects signed on
    or before ``as_of``; see the module's description for the censoring rules.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger (``signed_on``; ``operating_on`` and ``terminated_on``
        when present).
    as_of : date-like or quarter label
    by : str, optional
        A column to split by as well, e.g. ``"district"`` (districts then come in the
        order of ``districts.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per cohort and time with an operation: (``by``,) ``cohort`` (signing
        year), ``months`` (days / 30.4375), ``share_in_operation`` (1 - S),
        ``at_risk``, ``events``. A cohort with no operation yet has no rows.

    Examples
    --------
    Four projects of 2019 followed to 2020-12-31: two in operation after 121 and 365
    days, one terminated after 181 days (censored there), one still waiting (censored
    at 700 days).

    >>> p = pd.DataFrame({"district": ["Yubei"] * 4, "contract_value": [1e8] * 4,
    ...     "signed_on": pd.to_datetime(["2019-01-01", "2019-01-01", "2019-01-01", "2019-02-01"]),
    ...     "operating_on": pd.to_datetime(["2019-05-02", "2020-01-01", None, None]),
    ...     "terminated_on": pd.to_datetime([None, None, "2019-07-01", None])})
    >>> time_to_operation(p, "2020-12-31")  # 1 - 3/4, then 1 - 3/4 * 1/2
       cohort     months  share_in_operation  at_risk  events
    0    2019   3.975359               0.250        4       1
    1    2019  11.991786               0.625        2       1
    """
    f.require(projects, ("signed_on",))
    spans = _durations(projects, as_of)
    signed = f.dates(projects, "signed_on")[spans["row"].to_numpy()]
    year = signed.astype("datetime64[Y]").astype(np.int64) + 1970
    first = int(year.min()) if len(year) else 0
    groups = year - first
    width = int(groups.max()) + 1 if len(groups) else 1
    if by is not None:
        if by == "district":
            keys = f.district_codes(projects)[spans["row"].to_numpy()]
            labels = np.array(f.district_names(), dtype=object)
        else:
            f.require(projects, (by,))
            keys, labels = pd.factorize(projects[by].to_numpy()[spans["row"].to_numpy()], sort=True)
            labels = np.append(np.asarray(labels, dtype=object), [None])
            keys = np.where(keys < 0, len(labels) - 1, keys)
        groups = keys * width + groups
    km = kaplan_meier(groups, spans["days"].to_numpy(), spans["event"].to_numpy())
    out = pd.DataFrame({"cohort": (km["group"] % width + first).astype(np.int64),
                        "months": km["days"] / DAYS_PER_MONTH,
                        "share_in_operation": 1 - km["survival"],
                        "at_risk": km["at_risk"].astype(np.int64),
                        "events": km["events"].astype(np.int64)})
    if by is not None:
        out.insert(0, by, pd.array(labels[km["group"] // width], dtype="str"))
    return out


def on_month_grid(curve: pd.DataFrame, step: float = 1.0) -> pd.DataFrame:
    """Read a Kaplan-Meier curve at every ``step`` months, for a chart of bounded size.

    A curve has one row per event time, as many as a large ledger has distinct days; a
    chart needs the step function only at regular months: the share in operation at
    month m is the curve's last value at or before m (0 before the first operation).

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`time_to_operation` output: ``cohort`` (and an optional grouping column),
        ``months``, ``share_in_operation``.
    step : float, default 1.0
        Months between two points.

    Returns
    -------
    pandas.DataFrame
        The grouping columns, ``months`` (0, step, 2 step, ... up to each cohort's last
        event) and ``share_in_operation``.

    Examples
    --------
    >>> curve = pd.DataFrame({"cohort": [2019, 2019], "months": [0.5, 2.2], "share_in_operation": [0.25, 0.5]})
    >>> on_month_grid(curve).values.tolist()
    [[2019.0, 0.0, 0.0], [2019.0, 1.0, 0.25], [2019.0, 2.0, 0.25], [2019.0, 3.0, 0.5]]
    """
    keys = [c for c in curve.columns if c not in ("months", "share_in_operation", "at_risk", "events")]
    parts = []
    for key, group in curve.sort_values([*keys, "months"]).groupby(keys, sort=True):
        months = group["months"].to_numpy(dtype=float)
        grid = np.arange(0.0, np.ceil(months.max() / step) * step + step / 2, step)
        at = np.searchsorted(months, grid, side="right") - 1
        share = np.where(at >= 0, group["share_in_operation"].to_numpy(dtype=float)[np.maximum(at, 0)], 0.0)
        part = pd.DataFrame({"months": grid, "share_in_operation": share})
        for name, value in zip(keys, key if isinstance(key, tuple) else (key,)):
            part.insert(0, name, value)
        parts.append(part)
    columns = [*keys, "months", "share_in_operation"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
