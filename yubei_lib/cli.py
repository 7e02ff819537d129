"""The ``yubei`` command: validate ledgers, make sample data, print figures, build reports."""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer
from typer.core import TyperGroup

from yubei_lib.config import COHORTS, KERNEL_PAGES, TIMEZONE
from yubei_lib.errors import YubeiError
from yubei_lib.ledger.problems import LedgerError

EXIT_BAD_INPUT = 2

AFTER_PROBLEMS = {"report": "the ledger has errors: no page was run (fix them, or use --lenient)"}
"""What a command says after a ledger's problems, when it says more."""


class Commands(TyperGroup):
    """The ``yubei`` commands; an error the kit reports (:class:`~yubei_lib.errors.YubeiError`) is told here, once:
    a ledger's problems one a line (then the command's :data:`AFTER_PROBLEMS`), else ``error: ...``; exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except YubeiError as exc:
            if isinstance(exc, LedgerError):
                lines = [str(p) for p in exc.problems] + [AFTER_PROBLEMS.get(ctx.invoked_subcommand or "", "")]
                _fail("\n".join(line for line in lines if line))
            _fail(f"error: {exc}")


app = typer.Typer(cls=Commands, add_completion=False, no_args_is_help=True,
                  help="Investment-promotion analytics and quarterly reports for Yubei District.")


class Unit(str, Enum):
    yi = "yi"
    wan = "wan"
    yuan = "yuan"
    bn = "bn"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _plain(exc: Exception) -> NoReturn:
    """End a command with a plain error's message; one the kit reports goes on to :class:`Commands`."""
    if isinstance(exc, YubeiError):
        raise exc
    _fail(f"error: {exc}")


@app.command()
def validate(
    projects: Path = typer.Argument(..., help="The projects ledger (.csv, .xlsx, .xls, .xlsb, .xlsm, .ods or "
                                    ".parquet)."),
    capital: Path | None = typer.Option(None, "--capital", help="Realized capital inflows."),
    rankings: list[Path] = typer.Option([], "--rankings", help="The city's published ranking table, checked too; "
                                        "give it once per file (a file a quarter)."),
    investment: Path | None = typer.Option(None, "--investment", help="Completed investment by project and month "
                                           "(完成投资), checked too."),
    activities: Path | None = typer.Option(None, "--activities", help="The office's outreach log (招商活动台账), "
                                           "checked too."),
    unit: Unit | None = typer.Option(None, "--unit", help="Money unit for amount headers that declare none."),
    sheet: str | None = typer.Option(None, "--sheet", help="The ledger's sheet in a workbook (default: the first "
                                     "sheet whose top 50 rows hold the ledger's header)."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
    max_rows: int | None = typer.Option(None, "--max-rows", min=1, help="The most rows a file may hold (default "
                                        "2,500,000, or YUBEI_MAX_ROWS); larger files are refused unread."),
) -> None:
    """Check a ledger (and a ranking table) and list every problem, or summarise a clean one (exit 2 on bad input)."""
    problems, ledger, table = _checked_files(projects, capital, rankings, investment=investment, activities=activities,
                                             unit=unit.value if unit else None, sheet=sheet, max_rows=max_rows)
    ok = ledger is not None and (not rankings or table is not None)
    if format is TextOrJson.json:
        typer.echo(json.dumps({"ok": ok, "problems": [p.to_dict() for p in problems],
                               "summary": _validation_summary(ledger, table)}, ensure_ascii=False, indent=1))
        if not ok:
            raise typer.Exit(EXIT_BAD_INPUT)
        return
    for p in problems:
        typer.echo(str(p))
    if not ok:
        errors = sum(p.severity == "error" for p in problems)
        typer.echo(f"{errors} error(s): the files cannot be used as they are.", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    assert ledger is not None  # ok says so
    for line in _ledger_ok(ledger, projects, capital, investment, activities):
        typer.echo(line)
    if table is not None:
        for line in _rankings_ok(table, rankings):
            typer.echo(line)


def _checked_files(projects, capital, rankings, *, investment, activities, unit, sheet, max_rows):
    """Load the ledger strictly and read the ranking tables: every problem, the ledger and the table (None: refused)."""
    from yubei_lib.ledger.load import load_ledger
    from yubei_lib.ledger.published import read_rankings

    problems, ledger, table = [], None, None
    try:
        ledger = load_ledger(projects, capital, investment=investment, activities=activities,
                             unit=unit, sheet=sheet, strict=True, max_rows=max_rows)
        problems += ledger.problems
    except LedgerError as exc:
        problems += exc.problems
    if rankings:
        try:
            table = read_rankings(rankings, limit=max_rows)
        except LedgerError as exc:
            problems += exc.problems
    return problems, ledger, table


def _validation_summary(ledger, table) -> dict | None:
    """Return the ledger's summary (:meth:`~yubei_lib.ledger.load.Ledger.summary`) with the ranking table's."""
    summary = ledger.summary() if ledger is not None else None
    if table is not None:
        summary = {**(summary or {}), "rankings_quarters": [f"{q:%Y-%m-%d}" for q in table.quarters],
                   "rankings_figures": table.figures, "rankings_ranks": table.rank_columns,
                   "rankings_notes": table.notes()}
    return summary


def _ledger_ok(ledger, projects, capital, investment, activities) -> list[str]:
    """Return what ``validate`` says of a clean ledger: one line a file."""
    s = ledger.summary()
    lines = [
        f"OK {projects}: {s['projects']:,} projects in {s['districts']} district(s), "
        f"signed {s['signed_from']} to {s['signed_to']}, "
        f"contract value {s['contract_value_yuan'] / 1e8:,.2f}亿元 (CNY {s['contract_value_yuan'] / 1e9:,.2f} bn)"
        + (f"; {s['capital_rows']:,} capital inflows, CNY {s['capital_yuan'] / 1e9:,.2f} bn" if capital else "")
        + (f"; {s['warnings']} warning(s)" if s["warnings"] else "")]
    if ledger.investment is not None:
        months = ledger.investment["month"]
        lines.append(f"OK {investment}: {s['investment_rows']:,} rows of completed investment"
                     + (f", {months.min():%Y-%m} to {months.max():%Y-%m}" if len(months) else "")
                     + f", CNY {s['investment_yuan'] / 1e9:,.2f} bn")
    if ledger.activities is not None:
        dates = ledger.activities["date"]
        lines.append(f"OK {activities}: {s['activity_rows']:,} activities"
                     + (f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""))
    return lines


def _rankings_ok(table, rankings) -> list[str]:
    """Return what ``validate`` says of clean ranking tables: their quarters and figures, then their notes."""
    return [f"OK {', '.join(map(str, rankings))}: {len(table.quarters)} quarter(s), "
            f"{table.quarters[0]:%Y-%m-%d} to {table.quarters[-1]:%Y-%m-%d}; figures "
            f"{', '.join(table.figures)}" + (f"; published ranks {', '.join(table.rank_columns)}"
                                             if table.rank_columns else ""),
            *(f"  {line}" for line in table.notes())]

@app.command()
def sample(
    projects: int = typer.Option(5000, "--projects", min=1, help="Number of projects."),
    seed: int = typer.Option(2020, "--seed", help="Random seed (same seed, same files)."),
    out: Path = typer.Option(..., "--out", help="Folder to write into."),
) -> None:
    """Write a synthetic multi-district ledger (projects.csv, capital.csv, projects.xlsx)."""
    from yubei_lib.sample import write_sample

    for path in write_sample(out, n_projects=projects, seed=seed):
        typer.echo(str(path))


class FiguresFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command()
def metrics(
    as_of: str = typer.Option(..., "--as-of", help="Date (2020-12-31) or quarter label (2020Q4)."),
    projects: Path = typer.Option(None, "--projects", help="Projects ledger (default: the sample)."),
    capital: Path = typer.Option(None, "--capital", help="Capital inflows (default: the sample's)."),
    targets: Path = typer.Option(None, "--targets", help="Targets CSV (default: data/reference/targets.csv)."),
    rankings: list[Path] = typer.Option([], "--rankings", help="The city's published ranking table: the districts "
                                        "the ledger holds nothing for take their rates from it, so all 22 can be "
                                        "ranked; give it once per file (a file a quarter)."),
    cohorts: str = typer.Option(",".join(COHORTS), "--cohorts", help="Signing-year cohorts, A-B,C-D."),
    district: str = typer.Option("Yubei", "--district", help="The district the table format shows, and the "
                                 "office's own district, which the --activities log belongs to."),
    investment: Path | None = typer.Option(None, "--investment", help="Completed investment by project and month "
                                           "(完成投资), for new_projects_investment_ytd."),
    activities: Path | None = typer.Option(None, "--activities", help="The office's outreach log (招商活动台账) of "
                                           "--district, for visits_out_main_ytd and visit_to_signing_share."),
    scheme: str | None = typer.Option(None, "--scheme", help="A ranking scheme of data/reference/ranking_schemes.csv "
                                      "(three_rates, horse_race, ...): adds rank_<indicator> keys and computes the "
                                      "composite by it."),
    unit: Unit | None = typer.Option(None, "--unit", help="Money unit for amount headers that declare none."),
    sheet: str | None = typer.Option(None, "--sheet", help="The ledger's sheet in a workbook (default: the first "
                                     "sheet whose top 50 rows hold the ledger's header)."),
    lenient: bool = typer.Option(False, "--lenient", help="Leave out rows with errors instead of refusing."),
    format: FiguresFormat = typer.Option(FiguresFormat.table, "--format", help="table, csv, json or xlsx."),
    out: Path | None = typer.Option(None, "--out", help="Write to this file (required for xlsx)."),
    max_rows: int | None = typer.Option(None, "--max-rows", min=1, help="The most rows a file may hold (default "
                                        "2,500,000, or YUBEI_MAX_ROWS); larger files are refused unread."),
) -> None:
    """Print every district's figures as of a date, for scripts (keys: docs/definitions.md#machine-keys)."""
    from yubei_lib.config import SAMPLE_CAPITAL, SAMPLE_PROJECTS
    from yubei_lib.figures.keys import figure_columns
    from yubei_lib.figures.machine import district_figures, figures_json
    from yubei_lib.figures.rankings import without_data
    from yubei_lib.figures.schemes import get_scheme
    from yubei_lib.ledger.load import load_ledger
    from yubei_lib.ledger.periods import parse_as_of, parse_cohorts
    from yubei_lib.ledger.published import read_rankings
    from yubei_lib.ledger.reference import load_targets, resolve_district
    from yubei_lib.present import export

    try:
        date = parse_as_of(as_of)
        cohort_list = [f"{a}-{b}" for a, b in parse_cohorts(cohorts)]
        own = resolve_district(district)
        target_table = load_targets(targets)
        chosen = get_scheme(scheme) if scheme is not None else None
    except (ValueError, OSError) as exc:
        _plain(exc)
    lacking = [n for n in (chosen.names if chosen else []) if n not in figure_columns(cohort_list)]
    if lacking:
        _fail(f"error: scheme {scheme!r} ranks {', '.join(lacking)}, which are not among the figures: "
              "give its cohorts with --cohorts")
    if format is FiguresFormat.xlsx and out is None:
        _fail("error: --format xlsx needs --out FILE.xlsx")
    if (projects is None) != (capital is None) and projects is None:
        _fail("error: --capital needs --projects too")
    ledger = load_ledger(projects or SAMPLE_PROJECTS, capital or (None if projects else SAMPLE_CAPITAL),
                         investment=investment, activities=activities, sheet=sheet,
                         unit=unit.value if unit else None, strict=not lenient, max_rows=max_rows)
    published = read_rankings(rankings, limit=max_rows) if rankings else None
    frame = district_figures(ledger.projects, ledger.capital, date, cohorts=cohort_list, targets=target_table,
                             published=published, investment=ledger.investment, activities=ledger.activities,
                             own=own, scheme=chosen)
    missing = without_data(ledger.projects, date, published)
    if missing and format is FiguresFormat.table:
        typer.echo(f"no rank among the 22: {len(missing)} district(s) have no project signed by {date:%Y-%m-%d} "
                   f"in the ledger and no row in a published table ({', '.join(missing)}); give the city's "
                   "table with --rankings", err=True)
    if format is FiguresFormat.json:
        text = json.dumps(figures_json(None, None, date, cohorts=cohort_list, figures=frame),
                          ensure_ascii=False, allow_nan=False)
    elif format is FiguresFormat.csv:
        text = export.to_csv(frame)
    elif format is FiguresFormat.xlsx:
        assert out is not None  # refused above without --out
        export.write_xlsx(frame, out, sheet=f"figures {date:%Y-%m-%d}")
        typer.echo(str(out))
        return
    else:
        text = export.district_table(frame, own, date)
    if out is None:
        typer.echo(text)
    else:
        export.write_text_atomic(out, text + "\n")
        typer.echo(str(out))


@app.command()
def report(
    quarter: str | None = typer.Option(None, "--quarter", help="Quarter label, e.g. 2020Q4."),
    as_of: str | None = typer.Option(None, "--as-of", help="A date, e.g. 2020-11-15."),
    quarters: str | None = typer.Option(None, "--quarters", help="Several quarters, e.g. 2020Q1..2020Q4."),
    district: str = typer.Option("Yubei", "--district", help="The report's district, by any accepted name."),
    all_districts: bool = typer.Option(False, "--all-districts", help="One report set per district (all 22)."),
    pages: str = typer.Option("", "--pages", help="Pages to make, comma-separated, or 'all' with your own pages "
                              "(default: the kit's seven: summary, contract_value, district_rankings, "
                              "cohort_operation, outreach, industry_chains, data_quality)."),
    projects: Path | None = typer.Option(None, "--projects", help="Projects ledger (default: the sample)."),
    capital: Path | None = typer.Option(None, "--capital", help="Capital inflows (default: the sample's)."),
    targets: Path | None = typer.Option(None, "--targets", help="Targets CSV (default: data/reference)."),
    rankings: list[Path] = typer.Option([], "--rankings", help="The city's published ranking table (市级通报): "
                                        "the other districts' three rates and ranks, by quarter; give it once per "
                                        "file (a file a quarter)."),
    investment: Path | None = typer.Option(None, "--investment", help="Completed investment by project and month "
                                           "(完成投资): the summary's completed investment of newly started projects."),
    activities: Path | None = typer.Option(None, "--activities", help="The office's outreach log (招商活动台账) of "
                                           "--district: the outreach page and the summary's visits."),
    scheme: str | None = typer.Option(None, "--scheme", help="A ranking scheme of data/reference/ranking_schemes.csv "
                                      "for the rankings and summary pages (default three_rates)."),
    unit: Unit | None = typer.Option(None, "--unit", help="Money unit for amount headers that declare none."),
    sheet: str | None = typer.Option(None, "--sheet", help="The ledger's sheet in a workbook (default: the first "
                                     "sheet whose top 50 rows hold the ledger's header)."),
    lang: str = typer.Option("en", "--lang", help="en, zh, or both in one run: en,zh."),
    out: Path = typer.Option(Path("reports"), "--out", help="Output folder."),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", help="Pages run at once."),
    force: bool = typer.Option(False, "--force", help="Run pages again even when nothing changed."),
    lenient: bool = typer.Option(False, "--lenient", help="Leave out rows with errors (listed on data_quality)."),
    param: list[str] = typer.Option([], "-p", "--param", help="NAME=VALUE for every page that declares NAME."),
    timeout: int = typer.Option(600, "--timeout", help="Seconds a page may run (its kernel is stopped then)."),
    notebooks: Path | None = typer.Option(None, "--notebooks", help="A folder of pages of your own, beside the "
                                          "kit's and ./notebooks (same name: yours is used)."),
    kernel_transport: str = typer.Option("auto", "--kernel-transport", help="How kernels are reached: auto (Unix "
                                         "sockets where the system has them, else TCP on 127.0.0.1), ipc or tcp."),
    kernel_pages: int = typer.Option(KERNEL_PAGES, "--kernel-pages", min=1, help="Pages one kernel runs, each in "
                                     "a fresh session, before it is replaced (1: a kernel of its own for every page)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print each page made to <page>.pdf, and each set to "
                             "brief.pdf (a cover, then its pages), through Chromium, Chrome or Edge."),
    browser: Path | None = typer.Option(None, "--browser", help="The Chromium, Chrome or Edge that --pdf prints "
                                        "with (default: chromium, google-chrome or microsoft-edge on PATH, else "
                                        "Chrome or Edge where Windows and macOS install them)."),
    font: Path | None = typer.Option(None, "--font", help="A font file (TTF, OTF or TTC) that --pdf prints Chinese "
                                     "with, embedded in each PDF (default: the system's Chinese font; on Linux "
                                     "without one, --pdf stops and says what to install)."),
    docx: bool = typer.Option(False, "--docx", help="Also write each set's Word brief, brief.docx and brief.zh.docx "
                              "(a Chinese work report laid out as a 公文), from the same figures as the pages."),
    max_rows: int | None = typer.Option(None, "--max-rows", min=1, help="The most rows a file may hold (default "
                                        "2,500,000, or YUBEI_MAX_ROWS); larger files are refused unread."),
    timezone: str = typer.Option(TIMEZONE, "--timezone", help="The zone of the time each page says it was made "
                                 "(e.g. Asia/Shanghai, Europe/London); the manifest records UTC."),
) -> None:
    """Run the report notebooks into dated HTML pages under OUT/<YYYY>-Q<n>/<district>/."""
    from yubei_lib import runner
    from yubei_lib.config import PAGES
    from yubei_lib.ledger.reference import districts, resolve_district
    from yubei_lib.runner.declared import parse_assignments
    from yubei_lib.runner.plan import available_pages

    chosen = [p.strip() for p in pages.split(",") if p.strip()]

    try:
        periods = runner.parse_periods(quarter, as_of, quarters)
        names = list(districts().name_en) if all_districts else [resolve_district(district)]
        opts = runner.Options(periods=periods, districts=names,
                              pages=(available_pages(notebooks) if chosen == ["all"] else chosen or list(PAGES)),
                              projects=projects, capital=capital, targets=targets, rankings=rankings or None,
                              investment=investment, activities=activities, scheme=scheme, sheet=sheet,
                              unit=unit.value if unit else None, lang=lang, out=out, jobs=jobs, force=force,
                              lenient=lenient, extra=parse_assignments(param), timeout=timeout,
                              notebooks=notebooks, kernel_transport=kernel_transport, kernel_pages=kernel_pages,
                              pdf=pdf, browser=browser, font=font, docx=docx, max_rows=max_rows, timezone=timezone)
        code = runner.run(opts, echo=lambda text: typer.echo(text, err=True))
    except ValueError as exc:
        _plain(exc)
    except OSError as exc:
        typer.echo(f"error: cannot write the report: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(code)


@app.command("new-page")
def new_page(
    name: str = typer.Argument(..., help="The page's name, e.g. park_quarterly."),
    notebooks: Path = typer.Option(Path("notebooks"), "--notebooks", help="Folder of your own pages."),
    force: bool = typer.Option(False, "--force", help="Replace an existing notebook of that name."),
) -> None:
    """Start a page of your own from the documented starter notebook; `yubei report --pages NAME` runs it."""
    from yubei_lib.runner.starter import new_page as make

    try:
        path = make(name, notebooks, force)
    except ValueError as exc:
        _plain(exc)
    typer.echo(f"{path}\nnext: open it in JupyterLab, edit, then: yubei report --quarter 2020Q4 --pages {name}")


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="yubei")


if __name__ == "__main__":
    main()  # typer exits with the command's status


class DiffFormat(str, Enum):
    text = "text"
    csv = "csv"
    json = "json"


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="A report-set folder, a figures.json or a ledger (.csv, a spreadsheet, "
                               ".parquet)."),
    new: Path = typer.Argument(..., help="The same kinds as OLD."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date or quarter of a ledger's figures (default: the "
                                     "other side's date)."),
    old_capital: Path | None = typer.Option(None, "--old-capital", help="Capital inflows of an OLD ledger."),
    new_capital: Path | None = typer.Option(None, "--new-capital", help="Capital inflows of a NEW ledger."),
    targets: Path | None = typer.Option(None, "--targets", help="Targets CSV for ledgers' figures."),
    rankings: list[Path] = typer.Option([], "--rankings", help="The city's published ranking table for ledgers' "
                                        "figures; give it once per file (a file a quarter)."),
    cohorts: str = typer.Option(",".join(COHORTS), "--cohorts", help="Signing-year cohorts of ledgers' figures."),
    unit: Unit | None = typer.Option(None, "--unit", help="Money unit for amount headers that declare none."),
    sheet: str | None = typer.Option(None, "--sheet", help="The sheet of a ledger given as a workbook (default: "
                                     "the first sheet whose top 50 rows hold the ledger's header)."),
    lang: str = typer.Option("en", "--lang", help="Language of the text format: en or zh."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text, csv or json."),
    max_rows: int | None = typer.Option(None, "--max-rows", min=1, help="The most rows a file may hold (default "
                                        "2,500,000, or YUBEI_MAX_ROWS); larger files are refused unread."),
) -> None:
    """Print the figures that changed between two report sets, figures files or ledgers (exit 0 either way)."""
    from yubei_lib.ledger.published import read_rankings
    from yubei_lib.runner.diff import as_csv, as_text, diff, read_sides

    if lang not in ("en", "zh"):
        _fail(f"error: --lang {lang!r}: use en or zh")
    try:
        published = read_rankings(rankings, limit=max_rows) if rankings else None
        sides = read_sides(old, new, as_of, old_capital, new_capital, targets=targets, published=published,
                           cohorts=cohorts, unit=unit.value if unit else None, sheet=sheet, max_rows=max_rows)
    except (ValueError, OSError) as exc:
        _plain(exc)
    result = diff(*sides)
    if format is DiffFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False))
    elif format is DiffFormat.csv:
        typer.echo(as_csv(result))
    else:
        typer.echo(as_text(result, lang))
