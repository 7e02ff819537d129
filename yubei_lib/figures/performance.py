"""Contract performance and capital in place of signing-year cohorts (figures 13-14 of ``docs/definitions.md``).

A cohort is the projects signed in a range of years and on or before ``as_of``, as for
figures 5-6. The contract performance rate (履约率) is the share of them not terminated on
or before ``as_of``, by count; the capital in place rate (资金到位率) is the capital they
received on or before ``as_of`` over their contract value. Pure functions, one row per district.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import inflow_rows, refuse_unmatched
from yubei_lib.ledger.periods import parse_cohort


def cohort_members(projects: pd.DataFrame, as_of: object, cohort: object) -> np.ndarray:
    """Tell which projects belong to a cohort: signed in its years and on or before ``as_of``."""
    first, last = parse_cohort(cohort)
    signed = f.dates(projects, "signed_on")
    return ((signed >= np.datetime64(f"{first}-01-01")) & (signed < np.datetime64(f"{last + 1}-01-01"))
            & (signed < f.day_after(as_of)))


def performance_rates(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohort: object) -> pd.DataFrame:
    """Compute the contract performance and capital in place rates of a cohort, per district.

    The cohort is the projects signed in its years and on or before ``as_of``. A project
    performs its contract while it is not terminated on or before ``as_of`` (a later
    termination has not happened yet). Capital in place counts every inflow received on
    or before ``as_of`` by the cohort's projects, whenever they were signed within it.
    An empty cohort has an undefined (NaN) performance rate; a cohort of contract value 0
    an undefined capital in place rate.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger.
    capital : pandas.DataFrame
        ``project_id``, ``received_on``, ``amount``; inflows of projects not in the ledger
        belong to no cohort.
    as_of : date-like or quarter label
    cohort : str or tuple
        Signing years, e.g. ``"2015-2017"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district`` (all 22): ``cohort_count``, ``live_count``,
        ``contract_performance_rate``, ``cohort_value``, ``capital_in_place``,
        ``capital_in_place_rate``.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C", "D"], "district": ["Yubei"] * 4,
    ...     "signed_on": pd.to_datetime(["2015-03-01", "2016-07-01", "2017-12-31", "2018-01-01"]),
    ...     "contract_value": [6e8, 3e8, 1e8, 9e9],
    ...     "terminated_on": pd.to_datetime(["2016-01-01", "2020-07-01", None, None])})
    >>> c = pd.DataFrame({"project_id": ["A", "B", "B", "D"], "amount": [1e8, 2e8, 5e7, 1e9],
    ...     "received_on": pd.to_datetime(["2015-06-01", "2019-01-01", "2020-07-01", "2019-01-01"])})
    >>> r = performance_rates(p, c, "2020Q2", "2015-2017")  # B's termination and 2nd inflow come later
    >>> r.loc[["Yubei", "Dazu"], ["cohort_count", "contract_performance_rate", "capital_in_place_rate"]]
              cohort_count  contract_performance_rate  capital_in_place_rate
    district
    Yubei                3                   0.666667                    0.3
    Dazu                 0                        NaN                    NaN
    """
    f.require(projects, ("project_id", "district", "signed_on", "contract_value"))
    f.require(capital, ("project_id", "received_on", "amount"), "capital")
    codes = f.district_codes(projects)
    hi = f.day_after(as_of)
    member = cohort_members(projects, as_of, cohort)
    live = member & ~(f.dates(projects, "terminated_on") < hi)
    value = f.money(projects, "contract_value")
    received = f.dates(capital, "received_on") < hi
    rows = inflow_rows(projects, capital)[received]
    refuse_unmatched(rows, capital["project_id"][received], unknown=False)  # an unknown project's is in no cohort
    counted = rows >= 0
    rows = rows[counted]
    amounts = f.money(capital, "amount")[received][counted]
    in_cohort = member[rows]
    in_place = np.bincount(codes[rows[in_cohort]], weights=amounts[in_cohort], minlength=len(f.district_names()))
    count, worth = f.sum_by(codes, member), f.sum_by(codes, member, value)
    return pd.DataFrame({
        "cohort_count": count,
        "live_count": f.sum_by(codes, live),
        "contract_performance_rate": f.ratio(f.sum_by(codes, live), count),
        "cohort_value": worth,
        "capital_in_place": in_place,
        "capital_in_place_rate": f.ratio(in_place, worth),
    }, index=f.district_index())


def contract_performance_rate(projects: pd.DataFrame, as_of: object, cohort: object) -> pd.Series:
    """Return the contract performance rate (履约率) of a cohort per district (see :func:`performance_rates`).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "district": ["Yubei", "Yubei"], "contract_value": [1e8, 1e8],
    ...     "signed_on": pd.to_datetime(["2019-01-01", "2019-02-01"]),
    ...     "terminated_on": pd.to_datetime(["2020-12-31", None])})
    >>> contract_performance_rate(p, "2020-12-30", "2018-2020")["Yubei"], contract_performance_rate(p, "2020Q4", "2018-2020")["Yubei"]
    (np.float64(1.0), np.float64(0.5))
    """
    empty = pd.DataFrame({"project_id": pd.Series([], dtype="string"), "amount": pd.Series([], dtype="float64"),
                          "received_on": pd.Series([], dtype="datetime64[ns]")})
    return performance_rates(projects, empty, as_of, cohort)["contract_performance_rate"]


def capital_in_place_rate(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohort: object) -> pd.Series:
    """Return the capital in place rate (资金到位率) of a cohort per district (see :func:`performance_rates`).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [4e8],
    ...     "signed_on": pd.to_datetime(["2016-05-01"])})
    >>> c = pd.DataFrame({"project_id": ["A", "A"], "amount": [1e8, 1e8],
    ...     "received_on": pd.to_datetime(["2017-01-01", "2021-01-01"])})
    >>> capital_in_place_rate(p, c, "2020Q4", "2015-2017")["Yubei"]
    np.float64(0.25)
    """
    return performance_rates(projects, capital, as_of, cohort)["capital_in_place_rate"]
