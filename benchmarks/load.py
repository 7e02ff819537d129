"""Print how long loading a ledger takes, and its peak memory, against the plain reader of the same files.

Usage: ``python benchmarks/load.py [--projects 1000000] [--hostile-rows 3000000] [--xlsx-rows 200000]
[--xls-rows 60000]``.

1. A generated ledger (``--projects`` projects and their inflows) in CSV and in every form of
   Parquet other tools write (dates as DATE, TIMESTAMP in µs, TIMESTAMP in ms with a time zone,
   or text; amounts as integers, decimals or floats; names as plain or dictionary text):
   ``yubei_lib.load_ledger`` (read, validate, convert) beside a plain
   ``pyarrow.csv.read_csv`` / ``pyarrow.parquet.read_table`` of the same two files, and the
   ratio (aims: at most 2.5 for CSV, 3 for Parquet; peak under 1,500 MB); then the same load
   with the files' SHA-256s asked for (they are taken when first read, as a report does).
2. The ledger as offices keep it (a title row, Chinese headers, dates as dates, text and
   serials) in each spreadsheet format: ``--xlsx-rows`` rows as .xlsx, .xlsm, .xlsb and .ods,
   ``--xls-rows`` as .xls (which holds at most 65,536): the kit's load beside python-calamine's
   own read of the same sheet (aim: at most 2).
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


def _calamine(path: Path, capital: Path | None) -> None:
    import python_calamine

    python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("项目台账").to_python()


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


PARQUET_FORMS = {
    "DATE dates, integer amounts": ("date32", "int", False),
    "TIMESTAMP[us] dates": ("us", "int", False),
    "TIMESTAMP[ms, Asia/Shanghai] dates": ("ms-zone", "int", False),
    "text dates": ("text", "int", False),
    "decimal amounts": ("date32", "decimal", False),
    "float amounts, dictionary names": ("date32", "float", True),
}
"""Each form of Parquet measured: how its dates, amounts and names are stored."""


def _write_parquet_forms(folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    def form(table, dates: str, amounts: str, names: bool):
        columns = []
        for field, column in zip(table.schema, table.columns):
            if field.name.endswith("_on"):
                day = column.cast(pa.date32())
                column = {"date32": day, "us": day.cast(pa.timestamp("us")),
                          "ms-zone": pc.assume_timezone(day.cast(pa.timestamp("ms")), "Asia/Shanghai"),
                          "text": pc.strftime(day.cast(pa.timestamp("s")), "%Y-%m-%d")}[dates]
            elif "(yuan)" in field.name and amounts != "int":
                column = column.cast(pa.decimal128(24, 2) if amounts == "decimal" else pa.float64())
            elif names and field.name in ("district", "investor_type", "cluster", "chain_segment", "park"):
                column = column.dictionary_encode()
            columns.append(column)
        return pa.table(columns, names=table.column_names)

    tables = {name: pyarrow.csv.read_csv(folder / f"{name}.csv") for name in ("projects", "capital")}
    for k, (dates, amounts, names) in enumerate(PARQUET_FORMS.values()):
        for name, table in tables.items():
            pyarrow.parquet.write_table(form(table, dates, amounts, names), folder / f"{name}-{k}.parquet")


def _write_xlsx(path: Path, n: int) -> None:
    projects, _ = generate(n_projects=n, seed=7)
    write_ledger_xlsx(projects.head(n), path, seed=7)


def _write_workbooks(folder: Path, xls_rows: int) -> None:
    """Write the .xlsx's sheet again as .xlsm, .xlsb, .ods and (its first ``xls_rows`` rows) .xls."""
    import datetime as dt
    import html

    import python_calamine
    import xlwt  # type: ignore[import-untyped]
    from pyxlsbwriter import XlsbWriter  # type: ignore[import-untyped]

    book = folder / "ledger.xlsx"
    shutil.copy(book, folder / "ledger.xlsm")
    rows = [[None if v == "" else v for v in r] for r in
            python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("项目台账").to_python()]
    with XlsbWriter(str(folder / "ledger.xlsb")) as writer:
        writer.add_sheet("项目台账")
        writer.write_sheet(rows)
    xls, date = xlwt.Workbook(encoding="utf-8"), xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws = xls.add_sheet("项目台账")
    for i, row in enumerate(rows[: xls_rows + 2]):
        for j, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write(i, j, v, date)
            elif v is not None:
                ws.write(i, j, v)
    xls.save(str(folder / "ledger.xls"))

    def cell(v) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, dt.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{v:%Y-%m-%d}"/>'
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v!r}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{html.escape(str(v))}</text:p></table:table-cell>'

    ns = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in
                  (("office", "office:1.0"), ("table", "table:1.0"), ("text", "text:1.0")))
    with zipfile.ZipFile(folder / "ledger.ods", "w", zipfile.ZIP_DEFLATED) as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        ods.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:'
                     'manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                     '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                     'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
                     'manifest:media-type="text/xml"/></manifest:manifest>')
        with ods.open("content.xml", "w") as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
                      '<office:body><office:spreadsheet><table:table table:name="项目台账">'.encode())
            for start in range(0, len(rows), 10_000):
                out.write("".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                                  for row in rows[start:start + 10_000]).encode())
            out.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")


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
    parser.add_argument("--xls-rows", type=int, default=60_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        measure(_write, tmp, args.projects)  # in a process of its own: this one stays small for the runs it forks
        measure(_write_parquet_forms, tmp)
        files = {"csv": (tmp / "projects.csv", tmp / "capital.csv")}
        files.update({f"parquet, {name}": (tmp / f"projects-{k}.parquet", tmp / f"capital-{k}.parquet")
                      for k, name in enumerate(PARQUET_FORMS)})
        print(f"{args.projects:,} projects and their capital inflows")
        print(f"{'ledger':<52} {'kit s':>7} {'kit MB':>7} {'base s':>7} {'base MB':>8} {'ratio':>6}  baseline")
        for kind, (p, c) in files.items():
            kit_s, kit_mb = best(_kit, p, c)
            base_s, base_mb = best(_arrow, p, c)
            reader = "pyarrow.csv.read_csv" if kind == "csv" else "pyarrow.parquet.read_table"
            print(f"{kind:<52} {kit_s:7.2f} {kit_mb:7.0f} {base_s:7.2f} {base_mb:8.0f} {kit_s / base_s:6.2f}  {reader}")
            if kind in ("csv", "parquet, DATE dates, integer amounts"):
                hashed_s, hashed_mb = best(_kit_digests, p, c)
                print(f"{'  the same, and the SHA-256s of both files':<52} {hashed_s:7.2f} {hashed_mb:7.0f} "
                      f"{base_s:7.2f} {base_mb:8.0f} {hashed_s / base_s:6.2f}  {reader}")
        measure(_write_xlsx, tmp / "ledger.xlsx", args.xlsx_rows)
        measure(_write_workbooks, tmp, args.xls_rows)
        print(f"\n{'office workbook (title row, Chinese headers)':<52} {'kit s':>7} {'kit MB':>7} {'base s':>7} "
              f"{'base MB':>8} {'ratio':>6}  baseline")
        for suffix in ("xlsx", "xlsm", "xlsb", "ods", "xls"):
            book = tmp / f"ledger.{suffix}"
            kit_s, kit_mb = best(_kit, book, None)
            base_s, base_mb = best(_calamine, book, None)
            rows = args.xls_rows if suffix == "xls" else args.xlsx_rows
            name = f".{suffix} ({rows:,} projects, {book.stat().st_size / 1e6:.0f} MB)"
            print(f"{name:<52} {kit_s:7.2f} {kit_mb:7.0f} {base_s:7.2f} {base_mb:8.0f} {kit_s / base_s:6.2f}  "
                  "python-calamine")
        print(f"\n{'hostile file':<52} {'refused in s':>12} {'peak MB':>8}")
        measure(_write_hostile, tmp, args.hostile_rows)
        for name, path in _hostile_files(tmp, args.hostile_rows):
            seconds, peak = best(_refuse, path)
            print(f"{name:<52} {seconds:12.2f} {peak:8.0f}  ({path.stat().st_size / 1e6:.0f} MB file)")
            print(f"    -> {_refuse(path)}"[:160])


if __name__ == "__main__":
    main()
