"""Revisions: which figures of a report set changed since its previous build, and which projects explain them.

A ledger keeps changing after a quarter closes; a set rebuilt from today's ledger can give
other figures for the same quarter (``docs/definitions.md#second-set``, figure 19). A figure
is revised when its relative difference exceeds 1e-12, or when it was defined and is not (or
the other way round). The projects that explain a revised figure are the rows added, removed
or changed between the two ledgers that fall in the figure's scope: signed in the year to date
for the year's figures, signed in a cohort's years for a cohort's, with capital received in
the year to date for the capital figures, and any project of the district for the others.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.ledger.periods import parse_as_of

REL_TOL = 1e-12
"""A figure whose relative difference is at most this is not revised (floating-point noise)."""

FIELDS = ("project_name", "signed_on", "contract_value", "investor", "investor_type", "cluster", "chain_segment",
          "park", "commenced_on", "operating_on", "terminated_on", "responsible_unit", "responsible_leader")
"""The project fields compared between two ledgers."""

MOVING = ("signed_on", "contract_value", "commenced_on", "operating_on", "terminated_on", "capital")
"""The fields whose change can move a figure; a row changed in other fields only (a name, a
leader) explains none."""


def differs(old: object, new: object) -> bool:
    """Tell whether a figure changed: beyond the relative tolerance, or defined on one side only.

    Examples
    --------
    >>> differs(0.2, 0.2 + 1e-15), differs(0.2, 0.21), differs(None, 0.0), differs(None, float("nan"))
    (False, True, True, False)
    """
    if is_undefined(old) or is_undefined(new):
        return is_undefined(old) != is_undefined(new)
    if isinstance(old, str) or isinstance(new, str):
        return old != new
    a, b = float(old), float(new)  # type: ignore[arg-type]  # numbers: defined and not text
    return not math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)


def changed_figures(old: dict, new: dict, district: str) -> list[dict]:
    """Return the revised figures of one district between two figures objects (``yubei metrics`` JSON).

    Parameters
    ----------
    old, new : dict
        ``{"as_of": ..., "districts": [{"district": ..., key: value, ...}, ...]}``.
    district : str
        English name.

    Returns
    -------
    list of dict
        ``{"figure": key, "old": value, "new": value}`` in the order of the new object's keys.

    Examples
    --------
    >>> a = {"districts": [{"district": "Yubei", "signed_value_ytd": 55.2e9, "pace": None}]}
    >>> b = {"districts": [{"district": "Yubei", "signed_value_ytd": 55.9e9, "pace": None}]}
    >>> changed_figures(a, b, "Yubei")
    [{'figure': 'signed_value_ytd', 'old': 55200000000.0, 'new': 55900000000.0}]
    """
    def row(obj: dict) -> dict:
        return next((r for r in obj.get("districts", []) if r.get("district") == district), {})

    before, after = row(old), row(new)
    keys = list(after) + [k for k in before if k not in after]
    return [{"figure": k, "old": before.get(k), "new": after.get(k)} for k in keys
            if k != "district" and differs(before.get(k), after.get(k))]


def _frame(rows: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = rows.copy()
    for c in columns:
        if c not in out.columns:
            out[c] = pd.NA
    return out


def project_changes(old: pd.DataFrame, new: pd.DataFrame, old_capital: pd.DataFrame | None = None,
                    new_capital: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the project rows added, removed or changed between two ledgers (with their capital).

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``change`` (``"added"``, ``"removed"``, ``"changed"``), ``fields`` (the
        changed fields, comma-separated; ``capital`` when its inflows changed), then the
        project's fields as the new ledger has them (the old one's for a removed project).

    Examples
    --------
    >>> a = pd.DataFrame({"project_id": ["A", "B"], "contract_value": [1e8, 2e8],
    ...                   "signed_on": pd.to_datetime(["2020-01-05", "2020-02-01"])})
    >>> b = pd.DataFrame({"project_id": ["B", "C"], "contract_value": [2.5e8, 1e8],
    ...                   "signed_on": pd.to_datetime(["2020-02-01", "2020-08-10"])})
    >>> project_changes(a, b)[["project_id", "change", "fields"]]
      project_id   change          fields
    0          A  removed
    1          B  changed  contract_value
    2          C    added
    """
    fields = tuple(f for f in FIELDS if f in old.columns or f in new.columns)
    before = _frame(old, fields).set_index("project_id")
    after = _frame(new, fields).set_index("project_id")
    rows = []
    for pid in sorted(set(before.index) | set(after.index), key=str):
        if pid not in after.index:
            rows.append((pid, "removed", "", before.loc[pid]))
            continue
        if pid not in before.index:
            rows.append((pid, "added", "", after.loc[pid]))
            continue
        changed = [f for f in fields if differs_cell(before.at[pid, f], after.at[pid, f])]
        if old_capital is not None and new_capital is not None and _inflows(old_capital, pid) != _inflows(new_capital, pid):
            changed.append("capital")
        if changed:
            rows.append((pid, "changed", ", ".join(changed), after.loc[pid]))
    out = pd.DataFrame([{"project_id": pid, "change": change, "fields": what, **{f: r[f] for f in fields}}
                        for pid, change, what, r in rows],
                       columns=["project_id", "change", "fields", *fields])
    return out.reset_index(drop=True)


def differs_cell(a: object, b: object) -> bool:
    """Tell whether a ledger cell changed (dates, money and text alike; empty equals empty)."""
    if is_undefined(a) and is_undefined(b):
        return False
    if is_undefined(a) or is_undefined(b):
        return True
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return differs(a, b)
    return pd.Timestamp(a) != pd.Timestamp(b) if isinstance(a, (pd.Timestamp, np.datetime64)) else str(a) != str(b)


def _inflows(capital: pd.DataFrame, pid: object) -> list[tuple]:
    rows = capital.loc[capital["project_id"] == pid, ["received_on", "amount"]]
    return sorted((pd.Timestamp(d), round(float(v), 2)) for d, v in rows.itertuples(index=False))


_COHORT = re.compile(r"_(\d{4})_(\d{4})$")


def in_scope(changes: pd.DataFrame, figure: str, as_of: object, old: pd.DataFrame | None = None) -> pd.Series:
    """Tell which changed projects can move a figure (see the module's description).

    Parameters
    ----------
    changes : pandas.DataFrame
        As :func:`project_changes` returns.
    figure : str
        A key of the figures object.
    as_of : date-like
    old : pandas.DataFrame, optional
        The old ledger, whose signing dates also count (a project moved out of a period).
    """
    end = parse_as_of(as_of)
    signed = pd.to_datetime(changes["signed_on"])
    if old is not None and len(old):
        previous = pd.to_datetime(changes["project_id"].map(old.set_index("project_id")["signed_on"]))
    else:
        previous = pd.Series(pd.NaT, index=changes.index)
    cohort = _COHORT.search(figure)
    if cohort:
        first, last = int(cohort[1]), int(cohort[2])

        def inside(d: pd.Series) -> pd.Series:
            return d.dt.year.between(first, last) & (d <= end)
    elif figure.endswith("_ytd") or figure in ("target_attainment", "pace"):
        def inside(d: pd.Series) -> pd.Series:
            return (d.dt.year == end.year) & (d <= end)
    else:  # ranks, lagging, anything else: any project of the district signed by as_of
        def inside(d: pd.Series) -> pd.Series:
            return d <= end
    mask = inside(signed).fillna(False) | inside(previous).fillna(False)
    if figure.startswith(("realized_capital", "conversion_rate", "capital_in_place")):
        mask |= changes["fields"].str.contains("capital", regex=False)
    return mask.astype(bool)


def explained(changes: pd.DataFrame, revised: list[dict], as_of: object,
              old: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the changed projects behind a set of revised figures, each with the figures it can explain."""
    if changes.empty or not revised:
        return changes.assign(figures="").iloc[0:0]
    names = pd.Series("", index=changes.index)
    for item in revised:
        hit = in_scope(changes, item["figure"], as_of, old)
        names = names.where(~hit, names.str.cat(pd.Series(item["figure"], index=changes.index), sep=", ")
                            .str.lstrip(", "))
    moving = changes["fields"].str.split(", ").map(lambda fs: bool(set(fs) & set(MOVING)))
    names = names.where((changes["change"] != "changed") | moving, "")
    out = changes.assign(figures=names)
    return out.loc[out["figures"] != ""].reset_index(drop=True)


def project_records(behind: pd.DataFrame) -> list[dict]:
    """Return the rows of :func:`explained` as JSON-ready records (dates as ISO text, empty as None).

    Examples
    --------
    >>> behind = pd.DataFrame({"project_id": ["C"], "change": ["added"], "fields": [""], "figures": ["signed_value_ytd"],
    ...                        "project_name": ["Plant"], "signed_on": [pd.Timestamp("2020-08-10")],
    ...                        "contract_value": [1e8]})
    >>> project_records(behind)[0]["signed_on"]
    '2020-08-10'
    """
    def value(v: object) -> object:
        if is_undefined(v):
            return None
        if isinstance(v, (pd.Timestamp, np.datetime64)):
            return f"{pd.Timestamp(v):%Y-%m-%d}"
        return float(v) if isinstance(v, (float, np.floating)) else str(v)

    columns = ["project_id", "change", "fields", "figures", "project_name", "signed_on", "contract_value"]
    return [{c: value(r.get(c)) if c not in ("fields", "figures") else str(r.get(c) or "") for c in columns}
            for r in behind.to_dict("records")]
