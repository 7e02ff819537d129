"""The keys of the figures object of ``yubei metrics`` (``docs/definitions.md#machine-keys``), in order.

Figures 1-12 first, as they always were; then the second set's keys (figures 13-17), then
the warning counts (figure 21), then the same period last year (figure 20: ``F_prev_year``
and ``F_yoy`` for each flow of :data:`yubei_lib.figures.yoy.YOY_FLOWS`); a ranking scheme (figure 18, :mod:`yubei_lib.figures.schemes`)
adds ``rank_<indicator>`` keys after them. Cohort keys come once per cohort, ``A_B``
standing for its years.
"""

from __future__ import annotations

import re

from yubei_lib.config import COHORTS
from yubei_lib.figures.yoy import YOY_FLOWS, yoy_columns
from yubei_lib.ledger.periods import cohort_key, parse_cohorts

HEAD = ("signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "conversion_rate_ytd")
COHORT_RATES = ("commencement", "operation")
TAIL = ("composite_score", "composite_rank", "lagging_count", "target_attainment", "pace")
SECOND_COHORT_RATES = ("contract_performance", "capital_in_place")
SECOND = ("new_projects_investment_ytd", "visits_out_main_ytd", "visit_to_signing_share", "major_projects_ytd",
          "leading_investor_projects_ytd", "foreign_signed_value_ytd")
WARNING_KEYS = ("warning_red_count", "warning_yellow_count")
"""Figure 21: the district's projects red and yellow by their worse stage (:mod:`yubei_lib.figures.warnings`)."""

_COHORT_KEY = re.compile(r"(?P<rate>[a-z_]+)_rate_(?P<first>\d{4})_(?P<last>\d{4})")


def second_set_columns(cohorts: object = COHORTS) -> list[str]:
    """Return the keys of figures 13-17, in order, for the given cohorts.

    Examples
    --------
    >>> second_set_columns("2018-2020")  # doctest: +NORMALIZE_WHITESPACE
    ['contract_performance_rate_2018_2020', 'capital_in_place_rate_2018_2020', 'new_projects_investment_ytd',
     'visits_out_main_ytd', 'visit_to_signing_share', 'major_projects_ytd', 'leading_investor_projects_ytd',
     'foreign_signed_value_ytd']
    """
    keys = [cohort_key(c) for c in parse_cohorts(cohorts)]
    return [f"{rate}_rate_{k}" for k in keys for rate in SECOND_COHORT_RATES] + list(SECOND)


def figure_columns(cohorts: object = COHORTS, scheme_ranks: list[str] | None = None) -> list[str]:
    """Return the keys of a district's figures, in order, for the given cohorts.

    Parameters
    ----------
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
    scheme_ranks : list of str, optional
        The ``rank_<indicator>`` keys of a ranking scheme; those not among the keys already
        are added at the end.

    Examples
    --------
    >>> figure_columns("2015-2017")  # doctest: +NORMALIZE_WHITESPACE
    ['district', 'signed_value_ytd', 'signed_count_ytd', 'realized_capital_ytd',
     'conversion_rate_ytd', 'commencement_rate_2015_2017', 'operation_rate_2015_2017',
     'rank_conversion_rate', 'rank_operation_rate_2015_2017', 'composite_score',
     'composite_rank', 'lagging_count', 'target_attainment', 'pace',
     'contract_performance_rate_2015_2017', 'capital_in_place_rate_2015_2017', 'new_projects_investment_ytd',
     'visits_out_main_ytd', 'visit_to_signing_share', 'major_projects_ytd', 'leading_investor_projects_ytd',
     'foreign_signed_value_ytd', 'warning_red_count', 'warning_yellow_count',
     'signed_value_ytd_prev_year', 'signed_value_ytd_yoy', 'signed_count_ytd_prev_year', 'signed_count_ytd_yoy',
     'realized_capital_ytd_prev_year', 'realized_capital_ytd_yoy', 'major_projects_ytd_prev_year',
     'major_projects_ytd_yoy', 'new_projects_investment_ytd_prev_year', 'new_projects_investment_ytd_yoy',
     'visits_out_main_ytd_prev_year', 'visits_out_main_ytd_yoy']
    """
    keys = [cohort_key(c) for c in parse_cohorts(cohorts)]
    out = (["district", *HEAD]
           + [f"{rate}_rate_{k}" for k in keys for rate in COHORT_RATES]
           + ["rank_conversion_rate"] + [f"rank_operation_rate_{k}" for k in keys]
           + list(TAIL) + second_set_columns(cohorts) + list(WARNING_KEYS) + yoy_columns())
    return out + [r for r in dict.fromkeys(scheme_ranks or []) if r not in out]


def is_indicator(key: str) -> bool:
    """Tell whether a key names a figure that can be ranked: any key of the figures object but the ranks.

    Cohort keys are accepted for any cohort (``operation_rate_2012_2014``). A change on the
    same period last year (``F_yoy``, a growth rate, 同比增速) ranks as the city's horse-race
    tables rank growth; last year's value itself (``F_prev_year``) says nothing of this
    year's work and is no indicator.

    Examples
    --------
    >>> is_indicator("signed_value_ytd"), is_indicator("capital_in_place_rate_2015_2017")
    (True, True)
    >>> is_indicator("composite_score"), is_indicator("rank_conversion_rate"), is_indicator("signed_value")
    (False, False, False)
    >>> is_indicator("signed_value_ytd_yoy"), is_indicator("signed_value_ytd_prev_year"), is_indicator("pace_yoy")
    (True, False, False)
    """
    if key.endswith("_yoy") and key.removesuffix("_yoy") in YOY_FLOWS:
        return True
    if key in HEAD or key in SECOND or key in WARNING_KEYS or key in ("lagging_count", "target_attainment", "pace"):
        return True
    m = _COHORT_KEY.fullmatch(key)
    return bool(m and m["rate"] in COHORT_RATES + SECOND_COHORT_RATES and int(m["first"]) <= int(m["last"]))
