"""The ``yubei`` command: validate ledgers, make sample data, print figures, build reports."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from yubei_lib.problems import LedgerError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Investment-promotion analytics and quarterly reports for Yubei District.")

EXIT_BAD_INPUT = 2


class Unit(str, Enum):
    yi = "yi"
    wan = "wan"
    yuan = "yuan"
    bn = "bn"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def validate(
    projects: Path = typer.Argument(..., help="The projects ledger (.csv, .xlsx or .parquet)."),
    capital: Path | None = typer.Option(None, "--capital", help="Realized capital inflows."),
    unit: Unit | None = typer.Option(None, "--unit", help="Money unit for amount headers that declare none."),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel sheet (default the first)."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
) -> None:
    """Check a ledger and list every problem, or summarise a clean one (exit 2 on bad input)."""
    from yubei_lib.load import load_ledger

    try:
        ledger = load_ledger(projects, capital, unit=unit.value if unit else None, sheet=sheet, strict=True)
    except LedgerError as exc:
        if format is TextOrJson.json:
            typer.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in exc.problems]},
                                  ensure_ascii=False, indent=1))
        else:
            for p in exc.problems:
                typer.echo(str(p))
            errors = sum(p.severity == "error" for p in exc.problems)
            typer.echo(f"{errors} error(s): the ledger cannot be used as it is.", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    summary = ledger.summary()
    if format is TextOrJson.json:
        typer.echo(json.dumps({"ok": True, "problems": [p.to_dict() for p in ledger.problems],
                               "summary": summary}, ensure_ascii=False, indent=1))
        return
    for p in ledger.problems:
        typer.echo(str(p))
    typer.echo(
        f"OK {projects}: {summary['projects']:,} projects in {summary['districts']} district(s), "
        f"signed {summary['signed_from']} to {summary['signed_to']}, "
        f"contract value {summary['contract_value_yuan'] / 1e8:,.2f}亿元 (CNY {summary['contract_value_yuan'] / 1e9:,.2f} bn)"
        + (f"; {summary['capital_rows']:,} capital inflows, CNY {summary['capital_yuan'] / 1e9:,.2f} bn"
           if capital else "")
        + (f"; {summary['warnings']} warning(s)" if summary["warnings"] else ""))


@app.command()
def sample(
    projects: int = typer.Option(5000, "--projects", min=1, help="Number of projects."),
    seed: int = typer.Option(2020, "--seed", help="Random seed (same seed, same files)."),
    out: Path = typer.Option(Path("data/sample"), "--out", help="Folder to write into."),
) -> None:
    """Write a synthetic multi-district ledger (projects.csv, capital.csv, projects.xlsx)."""
    from yubei_lib.sample import write_sample

    for path in write_sample(out, n_projects=projects, seed=seed):
        typer.echo(str(path))


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="yubei")


if __name__ == "__main__":
    sys.exit(main())
