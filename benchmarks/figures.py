"""Print seconds and peak memory of the figures on a generated 1,000,000-project ledger.

Usage: ``python benchmarks/figures.py [--projects 1000000]``. Measures, each in a fresh
process: a baseline (one pandas group-by sum of contract value by district, the least any
figure costs), every figure of the reports for one ``as_of``, and the 22-district ranking
for each of 24 quarters (as the rankings page computes it, and by one call a quarter, as an
analyst's loop would); prints seconds, peak resident memory and the ratio to the baseline
(aims: under 3 s each).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402

from yubei_lib.config import COHORTS  # noqa: E402
from yubei_lib.figures import composition, lagging, rankings, signed, survival  # noqa: E402
from yubei_lib.figures import machine as figures  # noqa: E402
from yubei_lib.ledger.periods import quarter_end  # noqa: E402
from yubei_lib.sample import generate  # noqa: E402

AS_OF = "2020-12-31"
LEDGER: dict[str, pd.DataFrame] = {}


def baseline() -> None:
    LEDGER["projects"].groupby("district", observed=True)["contract_value"].sum()


def all_figures() -> None:
    p, c = LEDGER["projects"], LEDGER["capital"]
    figures.district_figures(p, c, AS_OF)
    signed.projection(p, AS_OF)
    lagging.lagging_projects(p, AS_OF)
    for by in ("cluster", "chain_segment", "investor_type", "park"):
        composition.composition(p, AS_OF, by=by)
    composition.largest_projects(p, AS_OF)
    composition.weak_links(p, AS_OF)
    survival.time_to_operation(p, AS_OF)


def rankings_24_quarters() -> None:
    """The ranks of 24 quarters as the rankings page draws them (the ledger's columns read once)."""
    history = rankings.rank_history(LEDGER["projects"], LEDGER["capital"], AS_OF, COHORTS, quarters=24)
    assert history["quarter"].nunique() == 24


def rankings_24_calls() -> None:
    """The same 24 quarters ranked one call at a time (the ledger's columns read at the first, reused after)."""
    p, c = LEDGER["projects"], LEDGER["capital"]
    for q in pd.period_range("2015Q1", "2020Q4", freq="Q"):
        rankings.district_rankings(p, c, quarter_end(q.end_time), previous=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    args = parser.parse_args()
    LEDGER["projects"], LEDGER["capital"] = generate(n_projects=args.projects, seed=11)
    print(f"{args.projects:,} projects, {len(LEDGER['capital']):,} capital inflows, as of {AS_OF}")
    base_s, base_mb, _ = measure(baseline)
    print(f"{'run':<36} {'seconds':>8} {'peak MB':>8} {'added MB':>9} {'x baseline':>11}")
    print(f"{'baseline (group-by sum)':<36} {base_s:8.2f} {base_mb:8.0f} {0:9.0f} {1:11.1f}")
    for name, fn in [("all figures, one as_of", all_figures), ("ranking, 24 quarters (rank_history)", rankings_24_quarters),
                     ("ranking, 24 quarters, 24 calls", rankings_24_calls)]:
        s, mb, added = measure(fn)
        print(f"{name:<36} {s:8.2f} {mb:8.0f} {added:9.0f} {s / base_s:11.1f}")


if __name__ == "__main__":
    main()
