"""Explore a ledger in JupyterLab: its figures for any date, as DataFrames to filter and chart.

``yb.explore(ledger, "2020Q4")`` gathers what the pages show, for every district at once
where a figure is per district, and for one district where a page is about one; change
the date with :meth:`Exploration.at`. Every frame is a plain pandas DataFrame, computed
on first use; the definitions are those of ``docs/definitions.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.figures import composition, survival, timeline
from yubei_lib.figures.cohorts import cohort_rates
from yubei_lib.figures.lagging import lagging_projects
from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.rankings import district_rankings, rank_history
from yubei_lib.figures.warnings import warning_stages
from yubei_lib.figures.yoy import YOY_FLOWS
from yubei_lib.ledger.load import Ledger
from yubei_lib.ledger.periods import parse_as_of, parse_cohorts
from yubei_lib.ledger.published import PublishedRankings
from yubei_lib.ledger.reference import load_targets, resolve_district

__all__ = ["Exploration", "explore"]


@dataclass(frozen=True)
class Exploration:
    """The figures of a ledger as of a date (see :func:`explore`)."""

    ledger: Ledger
    as_of: pd.Timestamp
    district: str
    cohorts: tuple[str, ...] = COHORTS
    published: PublishedRankings | None = None
    targets: pd.DataFrame | None = None

    def at(self, as_of: object) -> Exploration:
        """Return the same exploration as of another date (a quarter label or a date)."""
        return replace(self, as_of=parse_as_of(as_of))

    @cached_property
    def figures(self) -> pd.DataFrame:
        """Every district's figures for machines (``yubei metrics``), one row each.

        With the ledger's optional tables (the outreach log being the district's own), and the
        same period last year (``<F>_prev_year``, ``<F>_yoy``).
        """
        own = self.district if self.ledger.activities is not None else None
        return district_figures(self.ledger.projects, self.ledger.capital, self.as_of, self.cohorts,
                                self.targets, self.published, investment=self.ledger.investment,
                                activities=self.ledger.activities, own=own)

    @cached_property
    def same_period_last_year(self) -> pd.DataFrame:
        """The district's flows against the same period last year (同比): one row per flow.

        Columns ``flow`` (the machine key), ``this_period``, ``same_period_last_year`` (as of
        the same day a year earlier; NaN where unknown) and ``change`` (this period ÷ last
        year − 1; NaN where last year is 0 or unknown).
        """
        own = self.figures.loc[self.figures["district"] == self.district]

        def column(keys: list[str]) -> list[float]:
            return [float(pd.to_numeric(own[k], errors="coerce").astype("float64").iloc[0]) for k in keys]

        return pd.DataFrame({"flow": list(YOY_FLOWS), "this_period": column(list(YOY_FLOWS)),
                             "same_period_last_year": column([f"{f}_prev_year" for f in YOY_FLOWS]),
                             "change": column([f"{f}_yoy" for f in YOY_FLOWS])})

    @cached_property
    def rankings(self) -> pd.DataFrame:
        """The 22 districts on the three rates, with ranks where every district has data, and rank changes."""
        return district_rankings(self.ledger.projects, self.ledger.capital, self.as_of, self.cohorts,
                                 published=self.published)

    def rank_history(self, quarters: int = 8) -> pd.DataFrame:
        """The composite rank at each of the last ``quarters`` quarter ends (gaps where no rank can be had)."""
        return rank_history(self.ledger.projects, self.ledger.capital, self.as_of, self.cohorts, quarters,
                            self.published)

    @cached_property
    def signed_by_month(self) -> pd.DataFrame:
        """The district's signed value and count by month, the last 24 months."""
        return timeline.signed_by_period(self.ledger.projects, self.as_of, self.district, "month", 24)

    @cached_property
    def cumulative(self) -> pd.DataFrame:
        """The district's cumulative signed value at each month end of the year to date."""
        return timeline.cumulative_frame(self.ledger.projects, self.as_of, self.district)

    @cached_property
    def cohorts_table(self) -> pd.DataFrame:
        """Every district's commencement and operation rates of each cohort (long: one row per district and cohort)."""
        parts = [cohort_rates(self.ledger.projects, self.as_of, c).assign(cohort=f"{c[0]}-{c[1]}")
                 for c in parse_cohorts(self.cohorts)]
        return pd.concat(parts).reset_index()

    @cached_property
    def lagging(self) -> pd.DataFrame:
        """The district's lagging projects, with responsible unit and leader and months overdue."""
        found = lagging_projects(self.ledger.projects, self.as_of)
        return found.loc[found["district"] == self.district].reset_index(drop=True)

    @cached_property
    def warnings(self) -> pd.DataFrame:
        """The district's warnings: each red or yellow stage of its live projects, with the date missed or near."""
        found = warning_stages(self.ledger.projects, self.as_of)
        return found.loc[found["district"] == self.district].reset_index(drop=True)

    def composition(self, by: str = "cluster", start: object = None) -> pd.DataFrame:
        """Every district's signed value by ``by`` (cluster, chain_segment, investor_type, park), year to date."""
        return composition.composition(self.ledger.projects, self.as_of, by, start=start)

    def largest(self, n: int = 10) -> pd.DataFrame:
        """Every district's ``n`` largest projects signed year to date."""
        return composition.largest_projects(self.ledger.projects, self.as_of, n)

    @cached_property
    def time_to_operation(self) -> pd.DataFrame:
        """The Kaplan-Meier share in operation by months since signing, per signing year, for the district."""
        own = self.ledger.projects.loc[self.ledger.projects["district"] == self.district]
        return survival.time_to_operation(own, self.as_of)


def explore(ledger: Ledger, as_of: object = "2020Q4", district: object = "Yubei", cohorts: object = COHORTS,
            published: PublishedRankings | None = None, targets: object = None) -> Exploration:
    """Return a ledger's figures as of a date, as DataFrames for interactive work.

    Parameters
    ----------
    ledger : Ledger
        As :func:`yubei_lib.load_ledger` returns.
    as_of : str or date-like, default "2020Q4"
    district : str, default "Yubei"
        The district of the one-district frames, by any accepted name.
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
    published : PublishedRankings, optional
        The city's ranking table (:func:`yubei_lib.ledger.published.read_rankings`).
    targets : pandas.DataFrame or path-like, optional
        Default the kit's targets.

    Returns
    -------
    Exploration
        ``.figures``, ``.same_period_last_year``, ``.rankings``, ``.rank_history()``, ``.signed_by_month``,
        ``.cumulative``, ``.cohorts_table``, ``.lagging``, ``.warnings``, ``.composition(by)``,
        ``.largest(n)``, ``.time_to_operation``; ``.at(date)`` for another date.

    Examples
    --------
    >>> import yubei_lib as yb
    >>> from yubei_lib.config import SAMPLE_CAPITAL, SAMPLE_PROJECTS
    >>> ex = yb.explore(yb.load_ledger(SAMPLE_PROJECTS, SAMPLE_CAPITAL), "2020Q4", "渝北区")
    >>> ex.figures.set_index("district").loc["Yubei", "composite_rank"]
    np.int64(1)
    >>> round(ex.at("2019Q4").figures.set_index("district").loc["Yubei", "signed_value_ytd"] / 1e9, 1)
    np.float64(141.6)
    >>> ex.same_period_last_year.iloc[:2].round(3)  # 2020 against 2019
                   flow   this_period  same_period_last_year  change
    0  signed_value_ytd  8.260000e+10           1.416000e+11  -0.417
    1  signed_count_ytd  6.700000e+01           9.900000e+01  -0.323
    """
    labels = tuple(f"{a}-{b}" for a, b in parse_cohorts(cohorts))
    table = targets if targets is None or isinstance(targets, pd.DataFrame) else load_targets(targets)  # type: ignore[arg-type]  # else a path: Path() refuses the rest
    return Exploration(ledger, parse_as_of(as_of), resolve_district(district), labels, published, table)
