"""One district's supervising list (督办清单, figure 21): its warnings now, and how they moved since last quarter.

:func:`district_supervision` gathers what the pages and the set's files show of the
warnings of :mod:`yubei_lib.figures.warnings` for one district: the red and yellow
stages as of the report date, the counts per responsible unit with the change since the
end of the previous quarter (from the same ledger, as known now), and the district's
totals at both dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from yubei_lib.figures.frames import own_rows
from yubei_lib.figures.warnings import warning_stages, warning_status, warnings_by_unit
from yubei_lib.ledger.periods import parse_as_of, previous_quarter_end

__all__ = ["Supervision", "district_supervision", "unit_key"]


@dataclass(frozen=True)
class Supervision:
    """A district's warnings as of a date, and the previous quarter's.

    Attributes
    ----------
    district : str
    as_of, previous : pandas.Timestamp
        The report's date and the end of the quarter before it.
    months_to_commence, months_to_operate, warn_months : int
        The thresholds and the warning period they were computed with.
    stages : pandas.DataFrame
        The district's red and yellow stages (:func:`~yubei_lib.figures.warnings.warning_stages`)
        with ``unit``: the responsible unit stripped, NA where there is none; grouped by
        unit in the order of ``units``, then red first, most overdue first.
    units : pandas.DataFrame
        :func:`~yubei_lib.figures.warnings.warnings_by_unit` of the district (``red``,
        ``yellow``, ``newly_red``, ``cleared``, ``still_red`` per ``responsible_unit``).
    totals : dict
        ``red``, ``yellow`` (projects now), ``red_before``, ``yellow_before`` (at
        ``previous``), ``newly_red``, ``cleared``, ``still_red``: ints.
    """

    district: str
    as_of: pd.Timestamp
    previous: pd.Timestamp
    months_to_commence: int
    months_to_operate: int
    warn_months: int
    stages: pd.DataFrame
    units: pd.DataFrame
    totals: dict[str, int]


def unit_key(units: pd.Series) -> pd.Series:
    """Return responsible units as the warnings count them: stripped, NA where empty.

    Examples
    --------
    >>> unit_key(pd.Series([" Bureau ", "", None], dtype="string")).tolist()
    ['Bureau', <NA>, <NA>]
    """
    text = units.astype("string").str.strip()
    return text.mask(text.eq("") | text.isna())


def district_supervision(projects: pd.DataFrame, district: str, as_of: object, months_to_commence: int = 12,
                         months_to_operate: int = 36, warn_months: int = 3) -> Supervision:
    """Return a district's supervising list as of a date, with the change since the previous quarter end.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger (any districts; only ``district``'s rows are read).
    district : str
        English name of the district (``districts.csv``).
    as_of : date-like or quarter label
    months_to_commence, months_to_operate, warn_months : int, default 12, 36 and 3
        As for :func:`~yubei_lib.figures.warnings.warning_stages`.

    Returns
    -------
    Supervision

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "project_name": ["a", "b", "c"],
    ...     "district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2019-01-10", "2019-09-20", "2019-01-10"]),
    ...     "responsible_unit": ["Bureau", " ", "Park"]})
    >>> s = district_supervision(p, "Yubei", "2020-06-30")
    >>> s.stages[["project_id", "unit", "status"]]
      project_id    unit  status
    0          A  Bureau     red
    1          B    <NA>  yellow
    >>> s.totals
    {'red': 1, 'yellow': 1, 'red_before': 1, 'yellow_before': 0, 'newly_red': 0, 'cleared': 0, 'still_red': 1}
    """
    end = parse_as_of(as_of)
    before = previous_quarter_end(end)
    own = own_rows(projects, district)
    rules = (months_to_commence, months_to_operate, warn_months)
    stages = warning_stages(own, end, *rules)
    now, then = warning_status(own, end, *rules), warning_status(own, before, *rules)
    units = warnings_by_unit(now, then)
    stages["unit"] = unit_key(stages["responsible_unit"])
    order = {u: i for i, u in enumerate(units["responsible_unit"].fillna("\0missing"))}
    position = stages["unit"].fillna("\0missing").map(order).to_numpy(dtype=np.int64)
    stages = stages.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)  # within a unit: as listed
    totals = {"red": int(now["status"].eq("red").sum()), "yellow": int(now["status"].eq("yellow").sum()),
              "red_before": int(then["status"].eq("red").sum()),
              "yellow_before": int(then["status"].eq("yellow").sum())}
    totals.update({k: int(units[k].sum()) for k in ("newly_red", "cleared", "still_red")})
    return Supervision(district, end, before, int(months_to_commence), int(months_to_operate), int(warn_months),
                       stages, units, totals)
