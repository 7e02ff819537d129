"""Print the time of the quarterly pack: the naive commands, then ``yubei report``, as ratios.

Usage: ``python benchmarks/report.py [--sizes 1000000]``.

1. Naive: for each of the report's pages, the ``papermill`` command, then ``jupyter nbconvert
   --to html``, one after the other (what an analyst would script by hand), for one district.
2. ``yubei report --quarter 2020Q4 --force`` on the same pages and data for that district,
   with warm kernels (the default), and with a kernel of its own for every page
   (``--kernel-pages 1``).
3. ``yubei report --quarter 2020Q4 --all-districts --force``: every district's pack, against
   the naive time of one district's pack times the number of districts.
Prints each time, the ratios (aims: one district at most 0.25, all districts at most 0.12)
and the seconds per page. With ``--sizes N``, also the size of every page made from a
generated 1,000-project ledger and from a generated N-project ledger.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from yubei_lib.config import NOTEBOOKS, PAGES, SAMPLE
from yubei_lib.ledger.reference import districts
from yubei_lib.sample import generate

BIN = Path(sys.executable).parent
TABLES = ["--investment", str(SAMPLE / "investment.xlsx"), "--activities", str(SAMPLE / "activities.xlsx")]


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
    parser.add_argument("--sizes", type=int, default=0, metavar="N",
                        help="also print page sizes from generated ledgers of 1,000 and N projects")
    args = parser.parse_args()
    n_districts, jobs = len(districts()), os.cpu_count() or 1
    one, every = len(PAGES), len(PAGES) * n_districts
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        (tmp / "naive").mkdir()
        t_naive = naive(tmp / "naive")
        t_one = kit(tmp / "one", *TABLES)
        t_cold = kit(tmp / "cold", *TABLES, "--kernel-pages", "1")
        t_all = kit(tmp / "all", "--all-districts")
        print(f"quarterly pack, sample ledger, {one} pages a district, {jobs} jobs on {os.cpu_count()} cores")
        print(f"  naive, one district (papermill + nbconvert per page): {t_naive:7.1f} s  {t_naive / one:5.2f} s/page")
        print(f"  yubei report, one district, warm kernels:              {t_one:7.1f} s  {t_one / one:5.2f} s/page"
              f"  ratio {t_one / t_naive:5.3f} (aim <= 0.25)")
        print(f"  yubei report, one district, a kernel a page:           {t_cold:7.1f} s  {t_cold / one:5.2f} s/page"
              f"  ratio {t_cold / t_naive:5.3f}")
        print(f"  naive, {n_districts} districts (one district x {n_districts}):            {t_naive * n_districts:7.1f} s")
        print(f"  yubei report, {n_districts} districts ({every} pages):              {t_all:7.1f} s  "
              f"{t_all / every:5.2f} s/page  ratio {t_all / (t_naive * n_districts):5.3f} (aim <= 0.12)")
        print(f"  once warm (the {every - one} pages after one district's):     "
              f"{max(t_all - t_one, 0) / (every - one):5.2f} s/page")
        if args.sizes:
            for n in (1_000, args.sizes):
                folder = tmp / f"ledger-{n}"
                folder.mkdir()
                seconds = kit(folder / "out", *_ledger(folder, n))
                print(f"pages from a generated {n:,}-project ledger ({seconds:.1f} s):")
                for name, size in sizes(folder / "out"):
                    print(f"  {name:<28} {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
