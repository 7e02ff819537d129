"""Print how long loading takes, and its peak memory, against plain pandas reads.

Usage: ``python benchmarks/load.py [--projects 1000000] [--hostile-rows 3000000]``. For the
committed sample xlsx and for a generated ledger in CSV and Parquet, prints seconds and peak
resident memory of ``yubei_lib.load_ledger`` (reading, validating, converting) beside a
baseline that only reads the same file with pandas, and the ratio of the two. Then, for
hostile files (an .xlsx and a CSV of filler rows with no header in the first 50 rows, a CSV
with a header and more rows than the limit), how long the kit takes to refuse each, with
its peak memory and its message (the aim: within 10 s and 500 MB).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
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


def _refuse(path: Path) -> None:
    from yubei_lib.ledger.problems import LedgerError

    try:
        load_ledger(path)
    except LedgerError as exc:
        print(f"    -> {exc.problems[0]}"[:150])
        return
    raise AssertionError(f"{path} was not refused")


def _hostile(folder: Path, rows: int) -> list[tuple[str, Path]]:
    import openpyxl

    book = folder / "filler.xlsx"  # a real workbook whose one sheet holds `rows` rows of filler, no dimension
    wb = openpyxl.Workbook()
    wb.active.append(["x"])
    wb.save(book)
    streamed = folder / "streamed.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(streamed, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
                continue
            with dst.open("xl/worksheets/sheet1.xml", "w") as out:
                out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for start in range(1, rows + 1, 100_000):
                    out.write("".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>filler</t></is></c></row>'
                                      for r in range(start, min(start + 100_000, rows + 1))).encode())
                out.write(b"</sheetData></worksheet>")
    shutil.move(streamed, book)
    csv_filler = folder / "filler.csv"
    with open(csv_filler, "w", encoding="utf-8") as f:
        for start in range(0, rows, 100_000):
            f.write("filler,filler\n" * min(100_000, rows - start))
    over = folder / "over_limit.csv"
    with open(over, "w", encoding="utf-8") as f:
        f.write("project_id,district,signed_on,contract_value (yuan)\n")
        for start in range(0, rows, 100_000):
            f.write("".join(f"P{i},Yubei,2020-01-01,1\n" for i in range(start, min(start + 100_000, rows))))
    return [(f"xlsx, {rows:,} filler rows, no header", book), (f"csv, {rows:,} filler rows, no header", csv_filler),
            (f"csv, header + {rows:,} rows (over the limit)", over)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--hostile-rows", type=int, default=3_000_000)
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
        print(f"\n{'hostile file':<48} {'refused in s':>12} {'peak MB':>8}")
        for name, path in _hostile(Path(tmp), args.hostile_rows):
            seconds, peak, _ = measure(_refuse, path)
            print(f"{name:<48} {seconds:12.2f} {peak:8.0f}  ({path.stat().st_size / 1e6:.0f} MB file)")


if __name__ == "__main__":
    main()
