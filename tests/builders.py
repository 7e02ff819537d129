"""Small canonical frames built inside tests (dates from ISO strings, None = empty)."""

import numpy as np
import pandas as pd

DATES = ("signed_on", "commenced_on", "operating_on", "terminated_on")


def ledger(**columns):
    """Build a canonical projects frame; date columns from ISO strings (None = empty)."""
    n = len(columns["district"])
    frame = pd.DataFrame(columns)
    if "project_id" not in frame:
        frame.insert(0, "project_id", [f"P{i}" for i in range(n)])
    if "project_name" not in frame:
        frame["project_name"] = [f"project {i}" for i in range(n)]
    if "contract_value" not in frame:
        frame["contract_value"] = 1e8
    for c in DATES:
        if c in frame:
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    frame["contract_value"] = frame["contract_value"].astype("float64")
    return frame


def inflows(ids, dates, amounts):
    return pd.DataFrame({"project_id": ids,
                         "received_on": pd.to_datetime(dates).astype("datetime64[ns]"),
                         "amount": np.asarray(amounts, dtype="float64")})
