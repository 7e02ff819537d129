"""Print how long loading a ledger takes, and its peak memory, against Arrow's own reading of the same files.

Usage: ``python benchmarks/load.py [--projects 1000000] [--hostile-rows 3000000] [--xlsx-rows 200000]``.

1. A generated ledger (``--projects`` projects and their inflows) in CSV and in Parquet:
   ``yubei_lib.load_ledger`` (read, validate, convert) beside a plain
   ``pyarrow.csv.read_csv`` / ``pyarrow.parquet.read_table`` of the same two files, and the
   ratio (aims: at most 2.5 for CSV, 3 for Parquet; peak under 1,500 MB); then the same load
   with the files' SHA-256s asked for (they are taken when first read, as a report does).
2. A real ``--xlsx-rows``-row .xlsx (a title row, Chinese headers, as offices keep them):
   the kit's load, beside ``pandas.read_excel``.
3. Hostile files: an .xlsx and a CSV of filler rows with no header in the first 50 rows,
   a CSV and an .xlsx with a header and more rows than the limit (the .xlsx written without
   a dimension): how long the kit takes to refuse each, its peak memory and its message
   (aims: within 10 s and 500 MB).

Each time is the best of five runs in fresh processes forked after the libraries were
imported (so neither side pays for imports); peaks are those of the same runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.csv
import pyarrow.parquet

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402

import yubei_lib.ledger.validate  # noqa: E402,F401  (imported before the runs fork)
from yubei_lib import load_ledger  # noqa: E402
from yubei_lib.sample import generate  # noqa: E402
from yubei_lib.sample.excel import write_ledger_xlsx  # noqa: E402

RUNS = 5


def best(fn, *args) -> tuple[float, float]:
    """Return the best time of ``RUNS`` runs and the peak resident MB of that run."""
    seconds, peak, _ = min((measure(fn, *args) for _ in range(RUNS)), key=lambda r: r[0])
    return seconds, peak


def _arrow(path: Path, capital: Path | None) -> None:
    read = pyarrow.csv.read_csv if path.suffix == ".csv" else pyarrow.parquet.read_table
    read(path)
    if capital is not None:
        read(capital)


def _pandas_excel(path: Path, capital: Path | None) -> None:
    pd.read_excel(path, header=1)


def _kit(path: Path, capital: Path | None) -> None:
    load_ledger(path, capital)


def _kit_digests(path: Path, capital: Path | None) -> None:
    dict(load_ledger(path, capital).files)  # and the files' SHA-256s, as a report's manifest asks for them


def _write(folder: Path, n: int) -> None:
    projects, capital = generate(n_projects=n, seed=7)
    projects = projects.rename(columns={"contract_value": "contract_value (yuan)"})
    capital = capital.rename(columns={"amount": "amount (yuan)"})
    for kind in ("csv", "parquet"):
        p, c = folder / f"projects.{kind}", folder / f"capital.{kind}"
        if kind == "csv":
            projects.to_csv(p, index=False, date_format="%Y-%m-%d")
            capital.to_csv(c, index=False, date_format="%Y-%m-%d")
        else:
            projects.to_parquet(p, index=False)
            capital.to_parquet(c, index=False)


def _write_xlsx(path: Path, n: int) -> None:
    projects, _ = generate(n_projects=n, seed=7)
    write_ledger_xlsx(projects.head(n), path, seed=7)


def _refuse(path: Path) -> str:
    """Load a file the kit must refuse; return its first problem."""
    from yubei_lib.ledger.problems import LedgerError

    try:
        load_ledger(path)
    except LedgerError as exc:
        return str(exc.problems[0])
    raise AssertionError(f"{path} was not refused")


def _sheet(folder: Path, name: str, header: str, rows: int, cell) -> Path:
    """Write a workbook whose one sheet holds ``header`` (if any) and ``rows`` rows, with no dimension."""
    import openpyxl

    book = folder / name
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.append(["x"])
    wb.save(book)
    streamed = folder / f"streamed-{name}"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(streamed, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
                continue
            with dst.open("xl/worksheets/sheet1.xml", "w") as out:
                out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                out.write(header.encode())
                first = 2 if header else 1
                for start in range(first, rows + first, 100_000):
                    out.write("".join(f'<row r="{r}">{cell(r)}</row>'
                                      for r in range(start, min(start + 100_000, rows + first))).encode())
                out.write(b"</sheetData></worksheet>")
    shutil.move(streamed, book)
    return book


def _write_hostile(folder: Path, rows: int) -> None:
    _sheet(folder, "filler.xlsx", "", rows, lambda r: f'<c r="A{r}" t="inlineStr"><is><t>filler</t></is></c>')
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>project_id</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>district</t></is></c></row>')
    _sheet(folder, "long.xlsx", header, 1_100_000, lambda r: f'<c r="A{r}" t="inlineStr"><is><t>P{r}</t></is></c>')
    csv_filler = folder / "filler.csv"
    with open(csv_filler, "w", encoding="utf-8") as f:
        for start in range(0, rows, 100_000):
            f.write("filler,filler\n" * min(100_000, rows - start))
    over = folder / "over_limit.csv"
    with open(over, "w", encoding="utf-8") as f:
        f.write("project_id,district,signed_on,contract_value (yuan)\n")
        for start in range(0, rows, 100_000):
            f.write("".join(f"P{i},Yubei,2020-01-01,1\n" for i in range(start, min(start + 100_000, rows))))


def _hostile_files(folder: Path, rows: int) -> list[tuple[str, Path]]:
    return [(f"xlsx, {rows:,} filler rows, no header", folder / "filler.xlsx"),
            ("xlsx, header + 1,100,000 rows, no dimension", folder / "long.xlsx"),
            (f"csv, {rows:,} filler rows, no header", folder / "filler.csv"),
            (f"csv, header + {rows:,} rows (over the limit)", folder / "over_limit.csv")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--hostile-rows", type=int, default=3_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        measure(_write, tmp, args.projects)  # in a process of its own: this one stays small for the runs it forks
        files = {kind: (tmp / f"projects.{kind}", tmp / f"capital.{kind}") for kind in ("csv", "parquet")}
        print(f"{'ledger':<52} {'kit s':>7} {'kit MB':>7} {'base s':>7} {'base MB':>8} {'ratio':>6}  baseline")
        for kind, (p, c) in files.items():
            kit_s, kit_mb = best(_kit, p, c)
            base_s, base_mb = best(_arrow, p, c)
            name = f"generated {kind} ({args.projects:,} projects + capital)"
            reader = "pyarrow.csv.read_csv" if kind == "csv" else "pyarrow.parquet.read_table"
            print(f"{name:<52} {kit_s:7.2f} {kit_mb:7.0f} {base_s:7.2f} {base_mb:8.0f} {kit_s / base_s:6.2f}  {reader}")
            hashed_s, hashed_mb = best(_kit_digests, p, c)
            print(f"{'  the same, and the SHA-256s of both files':<52} {hashed_s:7.2f} {hashed_mb:7.0f} {base_s:7.2f} "
                  f"{base_mb:8.0f} {hashed_s / base_s:6.2f}  {reader}")
        book = tmp / "ledger.xlsx"
        measure(_write_xlsx, book, args.xlsx_rows)
        kit_s, kit_mb = best(_kit, book, None)
        base_s, base_mb = best(_pandas_excel, book, None)
        name = f"office xlsx ({args.xlsx_rows:,} projects, {book.stat().st_size / 1e6:.0f} MB)"
        print(f"{name:<52} {kit_s:7.2f} {kit_mb:7.0f} {base_s:7.2f} {base_mb:8.0f} {kit_s / base_s:6.2f}  pandas.read_excel")
        print(f"\n{'hostile file':<52} {'refused in s':>12} {'peak MB':>8}")
        measure(_write_hostile, tmp, args.hostile_rows)
        for name, path in _hostile_files(tmp, args.hostile_rows):
            seconds, peak = best(_refuse, path)
            print(f"{name:<52} {seconds:12.2f} {peak:8.0f}  ({path.stat().st_size / 1e6:.0f} MB file)")
            print(f"    -> {_refuse(path)}"[:160])


if __name__ == "__main__":
    main()
