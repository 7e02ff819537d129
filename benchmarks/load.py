"""Print how long loading takes, and its peak memory, against plain pandas reads.

Usage: ``python benchmarks/load.py [--projects 1000000]``. For the committed sample xlsx and
for a generated ledger in CSV and Parquet, prints seconds and peak resident memory of
``yubei_lib.load_ledger`` (reading, validating, converting) beside a baseline that only
reads the same file with pandas, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402

from yubei_lib import load_ledger  # noqa: E402
from yubei_lib.config import SAMPLE  # noqa: E402
from yubei_lib.sample import generate  # noqa: E402


def _baseline(path: Path, capital: Path | None) -> None:
    read = {".csv": lambda p: pd.read_csv(p, dtype=str), ".parquet": pd.read_parquet,
            ".xlsx": lambda p: pd.read_excel(p, header=1)}[path.suffix]
    read(path)
    if capital is not None:
        read(capital)


def _kit(path: Path, capital: Path | None) -> None:
    load_ledger(path, capital)


def _write(folder: Path, n: int) -> dict[str, tuple[Path, Path]]:
    projects, capital = generate(n_projects=n, seed=7)
    projects = projects.rename(columns={"contract_value": "contract_value (yuan)"})
    capital = capital.rename(columns={"amount": "amount (yuan)"})
    out = {}
    for kind in ("csv", "parquet"):
        p, c = folder / f"projects.{kind}", folder / f"capital.{kind}"
        if kind == "csv":
            projects.to_csv(p, index=False, date_format="%Y-%m-%d")
            capital.to_csv(c, index=False, date_format="%Y-%m-%d")
        else:
            projects.to_parquet(p, index=False)
            capital.to_parquet(c, index=False)
        out[kind] = (p, c)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    args = parser.parse_args()
    cases = [("sample xlsx (5,000 projects)", SAMPLE / "projects.xlsx", None)]
    with tempfile.TemporaryDirectory() as tmp:
        files = _write(Path(tmp), args.projects)
        for kind, (p, c) in files.items():
            cases.append((f"generated {kind} ({args.projects:,} projects + capital)", p, c))
        print(f"{'ledger':<48} {'kit s':>8} {'kit MB':>8} {'pandas s':>9} {'pandas MB':>10} {'time ratio':>10}")
        for name, p, c in cases:
            kit_s, kit_mb, _ = measure(_kit, p, c)
            base_s, base_mb, _ = measure(_baseline, p, c)
            print(f"{name:<48} {kit_s:8.2f} {kit_mb:8.0f} {base_s:9.2f} {base_mb:10.0f} {kit_s / base_s:10.2f}")


if __name__ == "__main__":
    main()
