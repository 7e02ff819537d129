"""The accountability list: projects late to commence or to go into operation (``docs/definitions.md#lagging-projects``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import add_months, full_months, parse_as_of


def lagging_masks(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                  months_to_operate: int = 36) -> tuple[np.ndarray, np.ndarray]:
    """Tell which projects are lagging at ``as_of``, stage by stage (see :func:`lagging_projects`).

    Returns
    -------
    late_start, late_run : numpy.ndarray of bool
        Live at ``as_of``, signed on or before ``as_of`` minus ``months_to_commence``
        calendar months and not commenced (an operation date standing in for a missing
        commencement date); and live, signed on or before ``as_of`` minus
        ``months_to_operate`` months and not in operation. A project can be in both.

    Raises
    ------
    ValueError
        When a threshold is not a whole number of months >= 0.

    Examples
    --------
    >>> p = pd.DataFrame({"signed_on": pd.to_datetime(["2019-02-28", "2019-03-01", "2017-01-01"]),
    ...     "commenced_on": pd.to_datetime([None, None, "2018-01-01"])})
    >>> [m.tolist() for m in lagging_masks(p, "2020-02-29")]
    [[True, False, False], [False, False, True]]
    """
    end = parse_as_of(as_of)
    hi = f.day_after(end)
    for m in (months_to_commence, months_to_operate):
        if isinstance(m, bool) or int(m) != m or m < 0:
            raise ValueError(f"lagging thresholds must be whole months >= 0, not {m!r}")
    signed = f.dates(projects, "signed_on")
    live = ~(f.dates(projects, "terminated_on") < hi)
    late_start = live & (signed < f.day_after(add_months(end, -months_to_commence))) \
        & ~(f.commenced_on(projects) < hi)
    late_run = live & (signed < f.day_after(add_months(end, -months_to_operate))) \
        & ~(f.dates(projects, "operating_on") < hi)
    return late_start, late_run


def lagging_count(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                  months_to_operate: int = 36) -> pd.Series:
    """Count the lagging projects per district (see :func:`lagging_projects`).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei"],
    ...     "signed_on": pd.to_datetime(["2019-02-28", "2019-03-01", "2017-01-01"]),
    ...     "contract_value": [1e8, 1e8, 1e8],
    ...     "commenced_on": pd.to_datetime([None, None, "2018-01-01"])})
    >>> lagging_count(p, "2020-02-29")["Yubei"]  # the 1st (12 months) and the 3rd (36)
    np.int64(2)
    """
    late_start, late_run = lagging_masks(projects, as_of, months_to_commence, months_to_operate)
    return pd.Series(f.sum_by(f.district_codes(projects), late_start | late_run).astype(np.int64),
                     index=f.district_index(), name="lagging_count")


def lagging_projects(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                     months_to_operate: int = 36) -> pd.DataFrame:
    """List the lagging projects: the accountability list of each district.

    A project is lagging when it is live at ``as_of`` (not terminated on or before it)
    and either signed on or before ``as_of`` minus ``months_to_commence`` calendar
    months and not commenced, or signed on or before ``as_of`` minus
    ``months_to_operate`` months and not in operation (month arithmetic clips to month
    end: 2020-02-29 minus 12 months is 2019-02-28). ``stage`` is the first of these
    that applies; ``months_overdue`` is the whole calendar months past that deadline,
    the largest ``m`` with ``signed_on <= as_of - (threshold + m) months``, so 0 means
    the deadline passed less than a month ago.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    months_to_commence, months_to_operate : int, default 12 and 36

    Returns
    -------
    pandas.DataFrame
        One row per lagging project: ``district``, ``project_id``, ``project_name``,
        ``project_name_en``,
        ``signed_on``, ``contract_value``, ``responsible_unit``, ``responsible_leader``
        (NA when the ledger lacks them), ``stage`` ("not commenced" or "not in
        operation"), ``months_overdue``; in district order, most overdue first.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C", "D"], "project_name": ["a", "b", "c", "d"],
    ...     "district": ["Yubei"] * 4, "contract_value": [1e8] * 4,
    ...     "signed_on": pd.to_datetime(["2019-02-28", "2019-03-01", "2016-11-30", "2016-01-05"]),
    ...     "commenced_on": pd.to_datetime([None, None, "2017-06-01", None]),
    ...     "terminated_on": pd.to_datetime([None, None, None, "2019-12-31"]),
    ...     "responsible_unit": ["Bureau of Commerce"] * 4, "responsible_leader": ["Li"] * 4})
    >>> lagging_projects(p, "2020-02-29")[["project_id", "stage", "months_overdue"]]
      project_id             stage  months_overdue
    0          C  not in operation               2
    1          A     not commenced               0
    """
    late_start, late_run = lagging_masks(projects, as_of, months_to_commence, months_to_operate)
    rows = np.flatnonzero(late_start | late_run)
    codes = f.district_codes(projects)[rows]
    columns = ["project_id", "project_name", "project_name_en", "signed_on", "contract_value",
               "responsible_unit", "responsible_leader"]
    out = pd.DataFrame({"district": pd.Categorical.from_codes(codes, categories=f.district_names())})
    for c in columns:
        out[c] = (projects[c].iloc[rows].reset_index(drop=True) if c in projects.columns
                  else pd.Series(pd.NA, index=out.index, dtype="str"))
    starting = late_start[rows]
    out["stage"] = pd.array(np.where(starting, "not commenced", "not in operation"), dtype="str")
    threshold = np.where(starting, months_to_commence, months_to_operate)
    out["months_overdue"] = full_months(out["signed_on"].to_numpy(), as_of) - threshold
    out = out.sort_values(["district", "months_overdue", "project_id"],
                          ascending=[True, False, True], kind="stable").reset_index(drop=True)
    out["district"] = out["district"].astype("str")
    return out
