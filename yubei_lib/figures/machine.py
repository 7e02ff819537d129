"""The figures of every district for machines: ``yubei metrics --format json|csv|xlsx``.

``docs/definitions.md#machine-keys``: one row (or object) per district, all 22 in the
order of ``districts.csv``, money in yuan, rates as fractions, undefined as null.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import conversion_rate
from yubei_lib.figures.cohorts import cohort_rates
from yubei_lib.figures.lagging import lagging_count
from yubei_lib.figures.rankings import has_data, rank_districts, three_rate_figures, with_published
from yubei_lib.figures.signed import signed_value, target_attainment
from yubei_lib.ledger.periods import cohort_key, cohort_label, parse_as_of, parse_cohorts
from yubei_lib.ledger.published import PublishedRankings


def figure_columns(cohorts: object = COHORTS) -> list[str]:
    """Return the keys of a district's figures, in order, for the given cohorts.

    Examples
    --------
    >>> figure_columns("2015-2017")  # doctest: +NORMALIZE_WHITESPACE
    ['district', 'signed_value_ytd', 'signed_count_ytd', 'realized_capital_ytd',
     'conversion_rate_ytd', 'commencement_rate_2015_2017', 'operation_rate_2015_2017',
     'rank_conversion_rate', 'rank_operation_rate_2015_2017', 'composite_score',
     'composite_rank', 'lagging_count', 'target_attainment', 'pace']
    """
    keys = [cohort_key(c) for c in parse_cohorts(cohorts)]
    return (["district", "signed_value_ytd", "signed_count_ytd", "realized_capital_ytd",
             "conversion_rate_ytd"]
            + [f"{rate}_rate_{k}" for k in keys for rate in ("commencement", "operation")]
            + ["rank_conversion_rate"] + [f"rank_operation_rate_{k}" for k in keys]
            + ["composite_score", "composite_rank", "lagging_count", "target_attainment", "pace"])


def district_figures(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                     cohorts: object = COHORTS, targets: object = None,
                     published: PublishedRankings | None = None) -> pd.DataFrame:
    """Compute the machine-readable figures of all 22 districts as of a date.

    Parameters
    ----------
    projects, capital : pandas.DataFrame
        The canonical frames.
    as_of : date-like or quarter label
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
        Signing-year cohorts of the commencement and operation rates; the conversion
        rate and the operation rates of the first two are "the three rates" ranked
        into the composite.
    targets : pandas.DataFrame or path-like, optional
        As :func:`yubei_lib.reference.load_targets` returns; default the reference
        ``targets.csv``. A district without a contract-value target for ``as_of``'s year
        has NaN ``target_attainment`` and ``pace``.
    published : PublishedRankings, optional
        The city's published table: the districts the ledger has no data for take their
        rates from it (:func:`yubei_lib.figures.rankings.with_published`). Without it, or
        while any district has data in neither, every rank key is undefined.

    Returns
    -------
    pandas.DataFrame
        One row per district, columns :func:`figure_columns` (counts int64, ranks Int64,
        the rest float64 but ``district``).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2016-01-01", "2020-01-10", "2016-03-01"]),
    ...     "contract_value": [1e9, 4e10, 1e8],
    ...     "operating_on": pd.to_datetime(["2017-05-01", None, None])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-02-01"]),
    ...     "amount": [8e9]})
    >>> f = district_figures(p, c, "2020Q2", cohorts="2015-2017")  # 20 districts without data: no rank
    >>> f.loc[[7, 16], ["district", "conversion_rate_ytd", "composite_rank", "target_attainment"]]
       district  conversion_rate_ytd  composite_rank  target_attainment
    7     Yubei                  0.2            <NA>                0.5
    16     Dazu                  NaN            <NA>                NaN
    """
    end = parse_as_of(as_of)
    cohorts = parse_cohorts(cohorts)
    keys = [cohort_key(c) for c in cohorts]
    if len(set(keys)) < len(keys):
        raise ValueError(f"a cohort is given twice: {', '.join(map(cohort_label, cohorts))}")
    # District codes once, so that every figure below reads them for free.
    projects = f.with_codes(projects)
    signed = signed_value(projects, end)
    conversion = conversion_rate(projects, capital, end)
    out = pd.DataFrame({"signed_value_ytd": signed["signed_value"],
                        "signed_count_ytd": signed["signed_count"],
                        "realized_capital_ytd": conversion["realized_capital"],
                        "conversion_rate_ytd": conversion["conversion_rate"]})
    for cohort, key in zip(cohorts, keys):
        rates = cohort_rates(projects, end, cohort)
        out[f"commencement_rate_{key}"] = rates["commencement_rate"]
        out[f"operation_rate_{key}"] = rates["operation_rate"]
    rated = out.rename(columns={"conversion_rate_ytd": "conversion_rate"})
    given = ["conversion_rate"] + [f"{rate}_rate_{k}" for k in keys for rate in ("commencement", "operation")]
    rated, rankable = with_published(rated[given], has_data(projects, end), published, end)
    for name in given:  # the districts without data in the ledger take their rates from the table
        out[name if name != "conversion_rate" else "conversion_rate_ytd"] = rated[name]
    figures = ["conversion_rate"] + [f"operation_rate_{k}" for k in keys]
    ranks = rank_districts(rated[figures], figures, composite_of=three_rate_figures(cohorts),
                           rankable=rankable).set_index("district")
    for column in ["rank_" + name for name in figures] + ["composite_score", "composite_rank"]:
        out[column] = ranks[column]
    out["lagging_count"] = lagging_count(projects, end)
    attainment = target_attainment(projects, end, targets)
    out["target_attainment"] = attainment["target_attainment"]
    out["pace"] = attainment["pace"]
    return out.reset_index()[figure_columns(cohorts)]


def _plain(value: object) -> object:
    """Return a JSON-ready value: Python numbers, None for NaN and NA."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def figures_dict(figures: pd.DataFrame, as_of: object, cohorts: object = COHORTS) -> dict:
    """Return the figures of :func:`district_figures` as the JSON object of ``yubei metrics``.

    Floats keep full precision (``json.dumps`` prints the shortest text that reads
    back to the same number); NaN becomes ``None`` (``null``).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["Yubei"], "conversion_rate_ytd": [np.nan],
    ...                   "signed_count_ytd": np.array([3]), "pace": [0.1 + 0.2]})
    >>> figures_dict(f, "2020Q4")
    {'as_of': '2020-12-31', 'cohorts': ['2015-2017', '2018-2020'], 'districts': [{'district': 'Yubei', 'conversion_rate_ytd': None, 'signed_count_ytd': 3, 'pace': 0.30000000000000004}]}
    """
    rows = [{k: _plain(v) for k, v in row.items()} for row in figures.to_dict("records")]
    return {"as_of": parse_as_of(as_of).strftime("%Y-%m-%d"),
            "cohorts": [cohort_label(c) for c in parse_cohorts(cohorts)],
            "districts": rows}


def figures_json(projects: pd.DataFrame | None, capital: pd.DataFrame | None, as_of: object,
                 cohorts: object = COHORTS, targets: object = None,
                 figures: pd.DataFrame | None = None, published: PublishedRankings | None = None) -> dict:
    """Compute the figures of all 22 districts as the JSON object of ``yubei metrics``.

    Parameters are those of :func:`district_figures`, and:

    figures : pandas.DataFrame, optional
        What :func:`district_figures` already returned for the same arguments, so as not
        to compute it twice (``projects``, ``capital`` and ``targets`` are then unused).

    Returns
    -------
    dict
        ``{"as_of": "YYYY-MM-DD", "cohorts": [...], "districts": [{...}, ...]}``, ready
        for :func:`json.dumps`.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [1e9],
    ...     "signed_on": pd.to_datetime(["2020-03-01"])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-05-01"]),
    ...     "amount": [1e8]})
    >>> out = figures_json(p, c, "2020Q2")
    >>> out["as_of"], len(out["districts"]), out["districts"][7]["conversion_rate_ytd"]
    ('2020-06-30', 22, 0.1)
    >>> out["districts"][0]["conversion_rate_ytd"], out["districts"][0]["rank_conversion_rate"]  # one district: no rank
    (None, None)
    """
    frame = district_figures(projects, capital, as_of, cohorts, targets, published) if figures is None else figures
    return figures_dict(frame, as_of, cohorts)
