"""An independent, deliberately plain reference computation of the machine figures.

Written from docs/definitions.md (the data model, as-of dates, figures 1-8, 10, 13-18, 20 and 21,
the machine keys) alone, without reading or importing the kit's figures or periods modules. It loops over projects one by one with ``datetime.date``
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
Project = namedtuple("Project", "project_id district signed_on value commenced_on operating_on terminated_on "
                                "investor investor_type planned_commencement_on planned_operation_on",
                     defaults=(None, None, None, None))
# One inflow of realized capital.
Inflow = namedtuple("Inflow", "project_id received_on amount")
# One month of completed investment: month is the (year, month) pair.
Invested = namedtuple("Invested", "project_id month amount")
# One row of the outreach log.
Activity = namedtuple("Activity", "date kind leader_level enterprise project_id")


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
        investor = getattr(r, "investor", None)
        kind = getattr(r, "investor_type", None)
        projects.append(Project(str(r.project_id), str(r.district), _to_date(r.signed_on), float(r.contract_value),
                                commenced, operating, _to_date(r.terminated_on),
                                _text(investor), _text(kind), _to_date(getattr(r, "planned_commencement_on", None)),
                                _to_date(getattr(r, "planned_operation_on", None))))
    capital = [Inflow(str(r.project_id), _to_date(r.received_on), float(r.amount))
               for r in capital_frame.itertuples(index=False)]
    return projects, capital


def _text(value):
    """A cell -> its text, or None where empty (None, NA, NaN)."""
    if value is None:
        return None
    try:
        if value != value:
            return None
    except TypeError:  # pandas.NA
        return None
    return str(value)


def investment_rows(frame):
    """The loader's completed-investment frame -> a list of ``Invested``."""
    out = []
    for r in frame.itertuples(index=False):
        month = _to_date(r.month)
        out.append(Invested(str(r.project_id), (month.year, month.month), float(r.amount)))
    return out


def activity_rows(frame):
    """The loader's outreach log -> a list of ``Activity``."""
    return [Activity(_to_date(r.date), str(r.kind), str(r.leader_level), _text(r.enterprise), _text(r.project_id))
            for r in frame.itertuples(index=False)]


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


# --------------------------------------------------------------------------- warnings (21)
def months_past(start: date, as_of: date, extra: int = 0) -> int:
    """The largest whole m with ``start`` <= as_of - (extra + m) calendar months (negative when ahead)."""
    m = (as_of.year - start.year) * 12 + (as_of.month - start.month) - extra
    while start <= minus_months(as_of, extra + m + 1):
        m += 1
    while not start <= minus_months(as_of, extra + m):
        m -= 1
    return m


def warning_rows(projects, district, as_of, commence_months=12, operate_months=36, warn_months=3):
    """Figure 21, project by project: one dict per live project of the district signed on or before
    as_of, with each stage's status (red, yellow, green), due date, whether it is a plan, months overdue,
    and the project's worse status."""
    rows = []
    for p in projects:
        if p.district != district or p.signed_on > as_of:
            continue
        if p.terminated_on is not None and p.terminated_on <= as_of:
            continue
        started = p.commenced_on if p.commenced_on is not None else p.operating_on
        row = {"project_id": p.project_id}
        for stage, done, plan, months in (("commencement", started, p.planned_commencement_on, commence_months),
                                          ("operation", p.operating_on, p.planned_operation_on, operate_months)):
            lagging = p.signed_on <= minus_months(as_of, months)
            soon = p.signed_on <= minus_months(as_of, months - warn_months)  # would be lagging within warn months
            if done is not None and done <= as_of:
                status = "green"
            elif plan is None:
                status = "red" if lagging else "yellow" if soon else "green"
            elif plan <= minus_months(as_of, warn_months) or lagging:
                status = "red"
            else:
                status = "yellow" if plan < as_of or soon else "green"
            if plan is None:
                due, overdue = minus_months(p.signed_on, -months), months_past(p.signed_on, as_of, months)
            else:
                due, overdue = plan, months_past(plan, as_of)
            row[stage] = {"status": status, "due": due, "planned": plan is not None, "months_overdue": overdue}
        statuses = {row["commencement"]["status"], row["operation"]["status"]}
        row["status"] = "red" if "red" in statuses else "yellow" if "yellow" in statuses else "green"
        rows.append(row)
    return rows


def warning_counts(projects, district, as_of, commence_months=12, operate_months=36, warn_months=3):
    """Figure 21: (red, yellow) projects of the district by their worse stage."""
    rows = warning_rows(projects, district, as_of, commence_months, operate_months, warn_months)
    return sum(1 for r in rows if r["status"] == "red"), sum(1 for r in rows if r["status"] == "yellow")


# --------------------------------------------------------------------------- the second set (13-17)
LEADING_TYPES = ("Global 500", "China Top 500", "central SOE")


def in_cohort(p, as_of, first_year, last_year):
    return first_year <= p.signed_on.year <= last_year and p.signed_on <= as_of


def contract_performance_rate(projects, district, as_of, first_year, last_year):
    """Figure 13: among the cohort's projects signed on or before as_of, the share not terminated
    on or before as_of (by count). None for an empty cohort."""
    members = live = 0
    for p in projects:
        if p.district != district or not in_cohort(p, as_of, first_year, last_year):
            continue
        members += 1
        if p.terminated_on is None or p.terminated_on > as_of:
            live += 1
    return None if members == 0 else live / members


def capital_in_place_rate(projects, capital, district, as_of, first_year, last_year):
    """Figure 14: capital received on or before as_of by the cohort's projects / their contract value.
    None when that value is 0."""
    cohort = {p.project_id: p for p in projects
              if p.district == district and in_cohort(p, as_of, first_year, last_year)}
    value = math.fsum(p.value for p in cohort.values())
    received = math.fsum(c.amount for c in capital if c.project_id in cohort and c.received_on <= as_of)
    return None if value == 0 else received / value


def new_projects_investment(projects, investment, district, as_of):
    """Figure 15: completed investment of the months January..as_of's month by the district's
    projects with commenced_on after as_of - 24 months and on or before as_of. None without a table."""
    if investment is None:
        return None
    cut = minus_months(as_of, 24)
    new = {p.project_id for p in projects if p.district == district and p.commenced_on is not None
           and cut < p.commenced_on <= as_of and p.signed_on <= as_of}
    return math.fsum(i.amount for i in investment
                     if i.project_id in new and i.month[0] == as_of.year and i.month[1] <= as_of.month)


def visits_out_main(activities, as_of):
    """Figure 16: distinct enterprises of visit_out rows led by a main leader, dated Jan 1..as_of."""
    jan1 = date(as_of.year, 1, 1)
    return len({a.enterprise for a in activities
                if a.kind == "visit_out" and a.leader_level == "main" and jan1 <= a.date <= as_of})


def visit_to_signing_share(projects, activities, district, as_of):
    """Figure 16: among enterprises visited (visit_out/visit_in) after as_of - 12 months up to as_of,
    the share with a project of the district signed on/after their first window visit and on/before
    as_of; ids on the window visits, else investor == name. None when nobody was visited."""
    cut = minus_months(as_of, 12)
    window = [a for a in activities if a.kind in ("visit_out", "visit_in") and cut < a.date <= as_of]
    names = sorted({a.enterprise for a in window})
    if not names:
        return None
    signed = 0
    for name in names:
        visits = [a for a in window if a.enterprise == name]
        first = min(a.date for a in visits)
        ids = {a.project_id for a in visits if a.project_id is not None}
        for p in projects:
            if p.district != district or not (first <= p.signed_on <= as_of):
                continue
            if (p.project_id in ids) if ids else (p.investor == name):
                signed += 1
                break
    return signed / len(names)


def leading_figures(projects, district, as_of):
    """Figure 17 over YTD, terminated projects kept: major projects (value >= 1e9), projects of
    leading investors, value signed by foreign investors."""
    jan1 = date(as_of.year, 1, 1)
    ytd = [p for p in projects if p.district == district and jan1 <= p.signed_on <= as_of]
    return (sum(1 for p in ytd if p.value >= 1e9), sum(1 for p in ytd if p.investor_type in LEADING_TYPES),
            math.fsum(p.value for p in ytd if p.investor_type == "foreign"))


YOY_FLOWS = ("signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd",
             "new_projects_investment_ytd", "visits_out_main_ytd")


def log_reaches(days, last):
    """Figure 20: a table reaches last year's period (1 January of ``last``'s year to ``last``) when it holds
    a day on or before ``last`` and a day on or after that 1 January. ``days``: (first, last) day of each row."""
    jan1 = date(last.year, 1, 1)
    return any(a <= last for a, _ in days) and any(b >= jan1 for _, b in days)


def month_days(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def flows_last_year(projects, capital, district_of, district, as_of, investment=None, activities=None, own=None):
    """Figure 20: the six flows as of the same day one year earlier (2020-02-29 -> 2019-02-28, the
    month clip), None for a table's flow when the table does not reach last year's period."""
    last = minus_months(as_of, 12)
    value, count = signed_ytd(projects, district, last)
    out = {"signed_value_ytd": value, "signed_count_ytd": count,
           "realized_capital_ytd": realized_ytd(capital, district_of, district, last),
           "major_projects_ytd": leading_figures(projects, district, last)[0],
           "new_projects_investment_ytd": None, "visits_out_main_ytd": None}
    if investment is not None and log_reaches([month_days(*i.month) for i in investment], last):
        out["new_projects_investment_ytd"] = new_projects_investment(projects, investment, district, last)
    if activities is not None and district == own and log_reaches([(a.date, a.date) for a in activities], last):
        out["visits_out_main_ytd"] = visits_out_main(activities, last)
    return out


def change_on_last_year(now, before):
    """Figure 20: now / before - 1; None when before is 0 or None."""
    if before is None or now is None or before == 0:
        return None
    return now / before - 1


def rank_in_direction(values: dict, direction: str) -> dict:
    """Figure 18: figure 8's ranks, highest first (desc) or lowest first (asc); undefined last."""
    if direction == "desc":
        return rank_highest_first(values)
    defined = [v for v in values.values() if v is not None]
    return {name: (len(defined) + 1 if v is None else 1 + sum(1 for w in defined if w < v))
            for name, v in values.items()}


def scheme_ranks(rows: dict, districts, scheme):
    """Figure 18 for ``scheme`` = [(indicator, weight, direction), ...]: rank_<indicator> and the
    weighted composite (sum of weight x rank / sum of weights), scores within 1e-9 tying."""
    ranks = {ind: rank_in_direction({d: rows[d][ind] for d in districts}, direction)
             for ind, _, direction in scheme}
    total = sum(w for _, w, _ in scheme)
    scores = {d: sum(w * ranks[ind][d] for ind, w, _ in scheme) / total for d in districts}
    composite = {d: 1 + sum(1 for e in districts if scores[e] < scores[d] - 1e-9) for d in districts}
    return ranks, scores, composite


def machine_figures(projects, capital, as_of, cohorts, districts, targets=None, published=None,
                    investment=None, activities=None, own=None, scheme=None):
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
    investment, activities : lists from ``investment_rows`` / ``activity_rows``, optional
    own : the district the outreach log belongs to
    scheme : [(indicator, weight, direction), ...], optional
        Ranks by the scheme (figure 18) instead of figure 8's composite. Used only without
        ``published``: an indicator ranks when every district has data for it.
    """
    as_of = parse_as_of(as_of)
    # Figure 6: an operation date without a commencement date counts as commenced then.
    projects = [p._replace(commenced_on=p.operating_on) if p.commenced_on is None and p.operating_on else p
                for p in projects]
    district_of = {p.project_id: p.district for p in projects}
    own_projects, own_capital = by_district(projects, capital, districts, district_of)
    rows = {d: first_figures(d, own_projects[d], own_capital[d], district_of, as_of, cohorts, targets or {})
            for d in districts}
    has_data = {d: any(p.signed_on <= as_of for p in own_projects[d]) for d in districts}
    rankable = fill_from_published(rows, districts, has_data, published or {}, cohorts)
    rank_figure_8(rows, districts, cohorts, rankable)
    # Figures 13-17, after the keys of figures 1-12.
    for d in districts:
        rows[d].update(second_figures(own_projects[d], own_capital[d], district_of, d, as_of, cohorts,
                                      investment, activities, own, rows[d]))
    if scheme is not None:
        rank_by_scheme(rows, districts, scheme, everyone=all(has_data.values()))
    return {"as_of": as_of.isoformat(), "cohorts": list(cohorts), "districts": [rows[d] for d in districts]}


def by_district(projects, capital, districts, district_of):
    """Group once, so each district's loops see only its own rows (the functions still check)."""
    own_projects = {d: [] for d in districts}
    for p in projects:
        own_projects.setdefault(p.district, []).append(p)
    own_capital = {d: [] for d in districts}
    for c in capital:
        own_capital.setdefault(district_of[c.project_id], []).append(c)
    return own_projects, own_capital


def first_figures(d, mine, capital, district_of, as_of, cohorts, targets):
    """Figures 1-7 and 10 of one district: its row of the machine keys so far."""
    value, count = signed_ytd(mine, d, as_of)
    realized = realized_ytd(capital, district_of, d, as_of)
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
        year_share = ((as_of - date(as_of.year, 1, 1)).days + 1) / days_in_year(as_of.year)
        row["target_attainment"] = value / target
        row["pace"] = row["target_attainment"] / year_share
    return row


def fill_from_published(rows, districts, has_data, published, cohorts):
    """Give a district with no data the city's published rates; return, per rate, whether every district has one."""
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
    return rankable


def rank_figure_8(rows, districts, cohorts, rankable):
    """Figure 8: the ranks of the conversion and operation rates and the composite (None while one cannot rank)."""
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


def second_figures(mine, capital, district_of, d, as_of, cohorts, investment, activities, own, row):
    """Figures 13-17, 21 and 20 of one district, in the order of the machine keys (``row``: its figures so far)."""
    out = {}
    for c in cohorts:
        a, b = cohort_years(c)
        out[f"contract_performance_rate_{cohort_key(c)}"] = contract_performance_rate(mine, d, as_of, a, b)
        out[f"capital_in_place_rate_{cohort_key(c)}"] = capital_in_place_rate(mine, capital, d, as_of, a, b)
    out["new_projects_investment_ytd"] = new_projects_investment(mine, investment, d, as_of)
    mine_log = activities is not None and d == own
    out["visits_out_main_ytd"] = visits_out_main(activities, as_of) if mine_log else None
    out["visit_to_signing_share"] = visit_to_signing_share(mine, activities, d, as_of) if mine_log else None
    (out["major_projects_ytd"], out["leading_investor_projects_ytd"],
     out["foreign_signed_value_ytd"]) = leading_figures(mine, d, as_of)
    # Figure 21, after the second set.
    out["warning_red_count"], out["warning_yellow_count"] = warning_counts(mine, d, as_of)
    # Figure 20, after the warnings.
    now = {**row, **out}
    before = flows_last_year(mine, capital, district_of, d, as_of, investment, activities, own)
    for flow in YOY_FLOWS:
        out[f"{flow}_prev_year"] = before[flow]
        out[f"{flow}_yoy"] = change_on_last_year(now[flow], before[flow])
    return out


def rank_by_scheme(rows, districts, scheme, everyone):
    """Figure 18: rank_<indicator> and the composite by the scheme, while ``everyone`` (each district) has data."""
    ranks, scores, composite = scheme_ranks(rows, districts, scheme)
    for d in districts:
        for ind, _, _ in scheme:
            rows[d][f"rank_{ind}"] = ranks[ind][d] if everyone else None
        rows[d]["composite_score"] = scores[d] if everyone else None
        rows[d]["composite_rank"] = composite[d] if everyone else None

INT_KEYS = ("signed_count_ytd", "lagging_count", "rank_conversion_rate", "composite_rank", "major_projects_ytd",
            "leading_investor_projects_ytd", "visits_out_main_ytd", "warning_red_count", "warning_yellow_count",
            "signed_count_ytd_prev_year", "major_projects_ytd_prev_year", "visits_out_main_ytd_prev_year")


def is_int_key(key: str) -> bool:
    return key in INT_KEYS or key.startswith("rank_")
