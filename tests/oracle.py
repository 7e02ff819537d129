"""An independent, deliberately plain reference computation of the machine figures.

Written from docs/definitions.md (the data model, as-of dates, figures 1-8 and 10, the
machine keys) alone, without reading or importing the kit's figures or periods modules. It loops over projects one by one with ``datetime.date``
arithmetic; clarity over speed. Only its inputs come from the kit (the loaded ledger, the
district list and the targets table).

Usage::

    projects, capital = ledger_rows(ledger.projects, ledger.capital)
    obj = machine_figures(projects, capital, "2020Q2", ["2015-2017", "2018-2020"],
                          districts=[...22 English names...], targets={(district, year): yuan})
"""

from __future__ import annotations

import calendar
import math
import re
from collections import namedtuple
from datetime import date, datetime

# One project, reduced to what the machine figures need. Dates are datetime.date or None.
Project = namedtuple("Project", "project_id district signed_on value commenced_on operating_on terminated_on")
# One inflow of realized capital.
Inflow = namedtuple("Inflow", "project_id received_on amount")


# --------------------------------------------------------------------------- dates
def parse_as_of(text) -> date:
    """``date`` -> itself; ``"2020-06-30"`` -> that day; ``"2020Q2"`` -> last day of the quarter."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = str(text).strip()
    m = re.fullmatch(r"(\d{4})\s*-?\s*[Qq]([1-4])", s)
    if m:
        year, quarter = int(m.group(1)), int(m.group(2))
        month = 3 * quarter
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(s)


def minus_months(d: date, months: int) -> date:
    """``d`` minus ``months`` calendar months; a day past the month's end clips to the end.

    2020-02-29 minus 12 months is 2019-02-28; 2019-03-31 minus 1 month is 2019-02-28;
    2021-02-28 minus 12 months is 2020-02-28 (the day is kept, not moved to the month end).
    """
    index = d.year * 12 + (d.month - 1) - months
    year, month = index // 12, index % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _to_date(value):
    """A pandas Timestamp / datetime / date / NaT / None -> datetime.date or None."""
    if value is None:
        return None
    try:
        if value != value:  # NaT and NaN are not equal to themselves
            return None
    except TypeError:
        pass
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime
        return date(value.year, value.month, value.day)
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def ledger_rows(projects_frame, capital_frame):
    """Turn the loader's frames into lists of plain tuples, once per ledger.

    A project with an operation date and no commencement date counts as commenced on its
    operation date (docs/definitions.md#operation-rate); the loader already does this, and so do we.
    """
    projects = []
    for r in projects_frame.itertuples(index=False):
        operating = _to_date(r.operating_on)
        commenced = _to_date(r.commenced_on)
        if commenced is None and operating is not None:
            commenced = operating
        projects.append(Project(str(r.project_id), str(r.district), _to_date(r.signed_on), float(r.contract_value),
                                commenced, operating, _to_date(r.terminated_on)))
    capital = [Inflow(str(r.project_id), _to_date(r.received_on), float(r.amount))
               for r in capital_frame.itertuples(index=False)]
    return projects, capital


def targets_by_district_year(targets_frame) -> dict:
    """``{(district, year): contract_value target in yuan}`` from ``reference.load_targets()``."""
    out = {}
    for r in targets_frame.itertuples(index=False):
        if r.figure == "contract_value":
            out[(str(r.district), int(r.year))] = float(r.value)
    return out


def cohort_years(cohort: str) -> tuple[int, int]:
    a, b = cohort.split("-")
    return int(a), int(b)


def cohort_key(cohort: str) -> str:
    a, b = cohort_years(cohort)
    return f"{a}_{b}"


# --------------------------------------------------------------------------- figures
def signed_ytd(projects, district, as_of):
    """Figure 1 over YTD: (sum of contract_value, count) of the district's projects signed
    from 1 January of as_of's year to as_of, both included. Terminated projects stay in."""
    jan1 = date(as_of.year, 1, 1)
    values = []
    for p in projects:
        if p.district == district and jan1 <= p.signed_on <= as_of:
            values.append(p.value)
    return math.fsum(values), len(values)


def realized_ytd(capital, district_of, district, as_of):
    """Figure 3 over YTD: capital received from 1 January to as_of, for projects of the
    district, whatever their signing date."""
    jan1 = date(as_of.year, 1, 1)
    amounts = []
    for c in capital:
        if district_of[c.project_id] == district and jan1 <= c.received_on <= as_of:
            amounts.append(c.amount)
    return math.fsum(amounts)


def conversion_rate(realized, signed_value, signed_count):
    """Figure 4: realized / signed of the same period; undefined when nothing was signed."""
    if signed_count == 0:
        return None
    if signed_value == 0:  # only zero-value contracts: the definitions do not say; no finite ratio
        return None
    return realized / signed_value


def cohort_rate(projects, district, as_of, first_year, last_year, which):
    """Figures 5 and 6, by count: among the district's projects with signing year in
    first_year..last_year signed on or before as_of (terminated ones included), the share
    with the date ``which`` ('commenced_on' or 'operating_on') on or before as_of.
    None when there is no such project."""
    members = 0
    done = 0
    for p in projects:
        if p.district != district:
            continue
        if not (first_year <= p.signed_on.year <= last_year):
            continue
        if p.signed_on > as_of:
            continue
        members += 1
        when = getattr(p, which)
        if when is not None and when <= as_of:
            done += 1
    if members == 0:
        return None
    return done / members


def rank_highest_first(values: dict) -> dict:
    """Figure 8: rank 1 = highest; equal values share the lowest rank number (1, 1, 3);
    undefined (None) values all share the rank after every defined one."""
    defined = [v for v in values.values() if v is not None]
    ranks = {}
    for name, v in values.items():
        if v is None:
            ranks[name] = len(defined) + 1
        else:
            ranks[name] = 1 + sum(1 for w in defined if w > v)
    return ranks


def rank_lowest_first(values: dict) -> dict:
    """Composite rank: ascending (the smallest composite score is rank 1), ties as above."""
    return {name: 1 + sum(1 for w in values.values() if w < v) for name, v in values.items()}


def lagging_count(projects, district, as_of, commence_months=12, operate_months=36):
    """Figure 10: live projects (not terminated on or before as_of) signed on or before
    as_of - 12 months and not commenced by as_of, or signed on or before as_of - 36 months
    and not in operation by as_of. Each project counted once."""
    commence_cut = minus_months(as_of, commence_months)
    operate_cut = minus_months(as_of, operate_months)
    n = 0
    for p in projects:
        if p.district != district:
            continue
        if p.signed_on > as_of:
            continue
        if p.terminated_on is not None and p.terminated_on <= as_of:
            continue
        commenced = p.commenced_on is not None and p.commenced_on <= as_of
        operating = p.operating_on is not None and p.operating_on <= as_of
        late_start = p.signed_on <= commence_cut and not commenced
        late_operation = p.signed_on <= operate_cut and not operating
        if late_start or late_operation:
            n += 1
    return n


def machine_figures(projects, capital, as_of, cohorts, districts, targets=None, published=None):
    """The object of docs/definitions.md#machine-keys.

    Parameters
    ----------
    projects, capital : lists from ``ledger_rows``
    as_of : date or str (``2020-06-30`` or ``2020Q2``)
    cohorts : list of "A-B" strings
    districts : the 22 English names in districts.csv order
    targets : dict ``{(district, year): contract_value target in yuan}``
    published : dict ``{district: {figure: fraction or None}}``, optional
        The city's table for ``as_of``'s quarter. A district with no project signed on or
        before ``as_of`` has no data; its rates come from here. While any district has data
        in neither, no rank key has a value (None), nor has the composite.
    """
    as_of = parse_as_of(as_of)
    targets = targets or {}
    # Figure 6: an operation date without a commencement date counts as commenced then.
    projects = [p._replace(commenced_on=p.operating_on) if p.commenced_on is None and p.operating_on else p
                for p in projects]
    district_of = {p.project_id: p.district for p in projects}
    year_share = ((as_of - date(as_of.year, 1, 1)).days + 1) / days_in_year(as_of.year)

    # Group once, so each district's loops see only its own rows (the functions still check).
    own_projects = {d: [] for d in districts}
    for p in projects:
        own_projects.setdefault(p.district, []).append(p)
    own_capital = {d: [] for d in districts}
    for c in capital:
        own_capital.setdefault(district_of[c.project_id], []).append(c)

    rows = {}
    for d in districts:
        mine = own_projects[d]
        value, count = signed_ytd(mine, d, as_of)
        realized = realized_ytd(own_capital[d], district_of, d, as_of)
        row = {"district": d, "signed_value_ytd": value, "signed_count_ytd": count,
               "realized_capital_ytd": realized, "conversion_rate_ytd": conversion_rate(realized, value, count)}
        for c in cohorts:
            a, b = cohort_years(c)
            row[f"commencement_rate_{cohort_key(c)}"] = cohort_rate(mine, d, as_of, a, b, "commenced_on")
            row[f"operation_rate_{cohort_key(c)}"] = cohort_rate(mine, d, as_of, a, b, "operating_on")
        row["lagging_count"] = lagging_count(mine, d, as_of)
        target = targets.get((d, as_of.year))
        if target is None:
            row["target_attainment"] = None
            row["pace"] = None
        else:
            row["target_attainment"] = value / target
            row["pace"] = row["target_attainment"] / year_share
        rows[d] = row

    published = published or {}
    has_data = {d: any(p.signed_on <= as_of for p in own_projects[d]) for d in districts}
    figure_keys = {"conversion_rate_ytd": "conversion_rate",
                   **{f"{stage}_rate_{cohort_key(c)}": f"{stage}_rate_{cohort_key(c)}"
                      for c in cohorts for stage in ("commencement", "operation")}}
    rankable = {}
    for key, figure in figure_keys.items():
        rankable[key] = True
        for d in districts:
            if has_data[d]:
                continue
            if d in published and figure in published[d]:
                rows[d][key] = published[d][figure]
            else:
                rankable[key] = False

    def ranked(key):
        if not rankable[key]:
            return {d: None for d in districts}
        return rank_highest_first({d: rows[d][key] for d in districts})

    rank_conv = ranked("conversion_rate_ytd")
    for d in districts:
        rows[d]["rank_conversion_rate"] = rank_conv[d]
    for c in cohorts:
        key = cohort_key(c)
        ranks = ranked(f"operation_rate_{key}")
        for d in districts:
            rows[d][f"rank_operation_rate_{key}"] = ranks[d]
    three = ["rank_conversion_rate"] + [f"rank_operation_rate_{cohort_key(c)}" for c in cohorts[:2]]
    if all(rows[districts[0]][k] is not None for k in three):
        scores = {d: sum(rows[d][k] for k in three) / len(three) for d in districts}
        composite = rank_lowest_first(scores)
    else:
        scores = composite = {d: None for d in districts}
    for d in districts:
        rows[d]["composite_score"] = scores[d]
        rows[d]["composite_rank"] = composite[d]
    return {"as_of": as_of.isoformat(), "cohorts": list(cohorts), "districts": [rows[d] for d in districts]}


INT_KEYS = ("signed_count_ytd", "lagging_count", "rank_conversion_rate", "composite_rank")


def is_int_key(key: str) -> bool:
    return key in INT_KEYS or key.startswith("rank_operation_rate_")
