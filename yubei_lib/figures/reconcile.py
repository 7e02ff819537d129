"""Where the office's ledger and the city's published table disagree (``docs/definitions.md#rankings-from-a-published-table``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures.rankings import district_rankings, has_data, three_rate_figures, three_rates
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.ledger.published import PublishedRankings

RECONCILE_TOLERANCE = 0.0005
"""How far (0.05 percentage points) the ledger's rate may lie from the published one unflagged."""


def reconciliation(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohorts: object,
                   published: PublishedRankings | None) -> pd.DataFrame:
    """List where the ledger and the published table disagree at ``as_of``'s quarter.

    Two kinds of row: ``kind="value"`` for a district the ledger holds data for whose rate
    differs from the table's by more than :data:`RECONCILE_TOLERANCE` (0.05 percentage
    points), with both values; ``kind="rank"`` for a published rank that differs from the
    rank the kit computes from the values (figure 8 rules).

    Returns
    -------
    pandas.DataFrame
        ``kind``, ``district``, ``figure``, ``ledger`` (value or computed rank), ``published``,
        ``difference`` (ledger - published), ``row`` (the table's row, as the user sees it).
    """
    columns = ["kind", "district", "figure", "ledger", "published", "difference", "row"]
    table = published.at(as_of) if published is not None else None
    if published is None or table is None:
        return pd.DataFrame(columns=columns)
    end = parse_as_of(as_of)
    figures = three_rate_figures(cohorts)
    ours = three_rates(projects, capital, end, cohorts)
    present = has_data(projects, end)
    rows = []
    for district in [d for d, ok in present.items() if ok and d in table.index]:
        for name in [n for n in figures if n in table.columns]:
            mine, theirs = ours.at[district, name], table.at[district, name]
            differ = (np.isnan(mine) != np.isnan(theirs)) or (
                not np.isnan(mine) and abs(mine - theirs) > RECONCILE_TOLERANCE + 1e-12)
            if differ:
                rows.append(("value", district, name, mine, theirs, mine - theirs, published.row_of(end, district)))
    ranked = district_rankings(projects, capital, end, cohorts, previous=False, published=published)
    for column in [c for c in ranked.columns if c.startswith("published_")]:
        computed = column.removeprefix("published_")
        for _, r in ranked.iterrows():
            if pd.notna(r[column]) and pd.notna(r[computed]) and int(r[column]) != int(r[computed]):
                rows.append(("rank", r["district"], computed, int(r[computed]), int(r[column]),
                             int(r[computed]) - int(r[column]), published.row_of(end, r["district"])))
    return pd.DataFrame(rows, columns=columns)
