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


def city_table(quarters, values=None, ranks=None, cohorts=("2015-2017", "2018-2020")):
    """Build the city's published table: all 22 districts for each quarter, rates undefined unless given.

    ``values`` maps (quarter, district) or district -> {figure: fraction}; ``ranks`` likewise
    -> {rank column: int}.
    """
    from yubei_lib.ledger.periods import parse_as_of
    from yubei_lib.ledger.published import PublishedRankings
    from yubei_lib.ledger.reference import districts

    figures = ["conversion_rate"] + [f"operation_rate_{c.replace('-', '_')}" for c in cohorts]
    values, ranks = values or {}, ranks or {}
    rows = []
    for q in ([quarters] if isinstance(quarters, str) else quarters):
        when = parse_as_of(q)
        for d in districts()["name_en"]:
            given = values.get((q, d), values.get(d, {}))
            rank = ranks.get((q, d), ranks.get(d, {}))
            rows.append({"quarter": when, "district": d, **{f: given.get(f, np.nan) for f in figures}, **rank})
    frame = pd.DataFrame(rows)
    for column in [c for c in frame.columns if c.startswith("rank_") or c == "composite_rank"]:
        frame[column] = frame[column].astype("Int64")
    return PublishedRankings("city_table.csv", frame, np.arange(2, len(frame) + 2))


def write_city_table(path, quarters, values=None):
    """Write the city's table as a CSV (quarters x all 22 districts; rates empty unless given as {district: {...}})."""
    from yubei_lib.ledger.periods import parse_as_of
    from yubei_lib.ledger.reference import districts

    figures = ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]
    lines = [",".join(["quarter", "district", *figures])]
    for q in ([quarters] if isinstance(quarters, str) else quarters):
        for d in districts()["name_en"]:
            given = (values or {}).get(d, {})
            lines.append(",".join([f"{parse_as_of(q):%Y-%m-%d}", d, *(str(given.get(f, "")) for f in figures)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def figure_frame(**over):
    """Two districts' figures as district_figures gives them (Yubei first, then Dazu); ``over`` replaces columns."""
    nan = np.nan
    base = {"district": ["Yubei", "Dazu"], "signed_value_ytd": [82.6e9, 1e9], "signed_count_ytd": [130, 3],
            "realized_capital_ytd": [19e9, 0.0], "conversion_rate_ytd": [0.23, 0.0],
            "operation_rate_2015_2017": [0.927, 0.5], "operation_rate_2018_2020": [0.598, nan],
            "rank_conversion_rate": [1, 2], "rank_operation_rate_2015_2017": [1, 2],
            "rank_operation_rate_2018_2020": [1, 2], "composite_score": [1.0, 2.0], "composite_rank": [1, 2],
            "target_attainment": [1.0325, nan], "pace": [1.0325, nan]}
    base.update(over)
    return pd.DataFrame(base)
