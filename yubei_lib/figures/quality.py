"""Data-quality figures: how complete the ledger's optional columns are."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.ledger.schema import PROJECT_COLUMNS, PROJECT_REQUIRED

OPTIONAL_COLUMNS = [c for c in PROJECT_COLUMNS if c not in PROJECT_REQUIRED]
"""The ledger's optional columns, whose completeness the data-quality page shows."""


def completeness(projects: pd.DataFrame, district: str | None = None, as_of: object = None) -> pd.DataFrame:
    """Return the share of rows with a value in each optional column of the ledger.

    Parameters
    ----------
    projects : pandas.DataFrame
    district : str, optional
        Add a ``district_share`` over the district's projects signed on or before ``as_of``.
    as_of : date-like, optional

    Returns
    -------
    pandas.DataFrame
        ``column``, ``filled`` (rows with a value), ``share`` (of all rows; NaN without
        rows) and, with a district, ``district_share``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Dazu"], "signed_on": pd.to_datetime(["2020-01-01"] * 2),
    ...     "park": ["Airport New Town", None], "investor": ["", "ACME"]})
    >>> completeness(p, "Yubei", "2020Q4").set_index("column").loc[["park", "investor", "cluster"]]
              filled  share  district_share
    column
    park           1    0.5             1.0
    investor       1    0.5             0.0
    cluster        0    0.0             0.0
    """
    def filled(frame: pd.DataFrame, column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series(False, index=frame.index)
        values = frame[column]
        has = values.notna()
        if not pd.api.types.is_datetime64_any_dtype(values):
            has &= values.astype("str").str.strip().ne("")
        return has.fillna(False).astype(bool)

    n = len(projects)
    out = pd.DataFrame({"column": OPTIONAL_COLUMNS,
                        "filled": [int(filled(projects, c).sum()) for c in OPTIONAL_COLUMNS]})
    out["share"] = out["filled"] / n if n else np.nan
    if district is not None:
        rows = f.own_rows(projects, district)
        if as_of is not None:
            rows = rows.loc[pd.to_datetime(rows["signed_on"]) <= parse_as_of(as_of)]
        m = len(rows)
        out["district_share"] = [filled(rows, c).mean() if m else np.nan for c in OPTIONAL_COLUMNS]
    return out
