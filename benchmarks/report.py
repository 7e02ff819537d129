"""Print the time of the quarterly pack the naive way and with ``yubei report``, and page sizes.

Usage: ``python benchmarks/report.py [--big 1000000]``.

1. Naive: for each notebook, the ``papermill`` command, then ``jupyter nbconvert --to html``,
   one after the other (what an analyst would script by hand).
2. ``yubei report --quarter 2020Q4 --force`` on the same notebooks and data.
Prints both times and their ratio (bar: at most 0.5), then the size of every page made
from a generated 1,000-project ledger and from a generated ``--big``-project ledger.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from yubei_lib.config import NOTEBOOKS, PAGES
from yubei_lib.sample import generate

BIN = Path(sys.executable).parent


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def naive(work: Path) -> float:
    start = time.perf_counter()
    for page in PAGES:
        executed = work / f"{page}.ipynb"
        _run([str(BIN / "papermill"), str(NOTEBOOKS / f"{page}.ipynb"), str(executed),
              "-p", "as_of", "2020Q4", "--cwd", str(NOTEBOOKS)])
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return time.perf_counter() - start


def kit(out: Path, *extra: str) -> float:
    start = time.perf_counter()
    _run([str(BIN / "yubei"), "report", "--quarter", "2020Q4", "--out", str(out), "--force", *extra])
    return time.perf_counter() - start


def sizes(out: Path) -> list[tuple[str, int]]:
    return [(p.name, p.stat().st_size) for p in sorted(out.glob("*/*/*.html"))]


def _ledger(folder: Path, n: int) -> list[str]:
    projects, capital = generate(n_projects=n, seed=5)
    p, c = folder / "projects.parquet", folder / "capital.parquet"
    projects.rename(columns={"contract_value": "contract_value (yuan)"}).to_parquet(p, index=False)
    capital.rename(columns={"amount": "amount (yuan)"}).to_parquet(c, index=False)
    return ["--projects", str(p), "--capital", str(c)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "naive").mkdir()
        t_naive = naive(tmp / "naive")
        t_kit = kit(tmp / "kit")
        print(f"quarterly pack, {len(PAGES)} pages, sample ledger")
        print(f"  naive (papermill + nbconvert per page): {t_naive:7.1f} s")
        print(f"  yubei report:                           {t_kit:7.1f} s")
        print(f"  ratio:                                  {t_kit / t_naive:7.2f}  (bar 0.5, aim 0.35)")
        for n in (1_000, args.big):
            folder = tmp / f"ledger-{n}"
            folder.mkdir()
            seconds = kit(folder / "out", *_ledger(folder, n))
            print(f"pages from a generated {n:,}-project ledger ({seconds:.1f} s):")
            for name, size in sizes(folder / "out"):
                print(f"  {name:<28} {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
