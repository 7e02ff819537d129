"""Chart builders of the report pages: aggregated frame in, Altair chart out.

Each builder takes a tidy frame that is already aggregated (one row per bar, point or
cell; see :mod:`yubei_lib.present.charts.base`) and returns an Altair chart; it
displays nothing, saves nothing and sets no colours or fonts of its own.
"""

from yubei_lib.present.charts.chains import chain_heatmap
from yubei_lib.present.charts.cohorts import cohort_rates, time_to_operation
from yubei_lib.present.charts.outreach import activities_by_month
from yubei_lib.present.charts.rankings import district_ranking, rank_bump
from yubei_lib.present.charts.signed import composition, cumulative_vs_target, signed_by_period

__all__ = ["activities_by_month", "chain_heatmap", "cohort_rates", "composition", "cumulative_vs_target", "district_ranking",
           "rank_bump", "signed_by_period", "time_to_operation"]
