"""Plan a run of ``yubei report``: check everything, then list one job per page of each set.

One way through: parameters are checked against the notebooks (:mod:`yubei_lib.runner.declared`)
and by value (:mod:`yubei_lib.pages.parameters`), and the ledger loaded and validated once,
before any kernel starts.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yubei_lib.config import COMMON, LANGS, NOTEBOOKS, OPTIONS, PAGES, SAMPLE_CAPITAL, SAMPLE_PROJECTS
from yubei_lib.config import VERSION as __version__
from yubei_lib.ledger.load import load_ledger, sha256
from yubei_lib.ledger.periods import parse_as_of, quarter_end
from yubei_lib.ledger.published import read_rankings
from yubei_lib.ledger.reference import districts, load_targets
from yubei_lib.pages.parameters import check_options, check_parameters
from yubei_lib.runner.declared import resolve
from yubei_lib.runner.kernels import transport
from yubei_lib.runner.render import template_digest


class ReportError(Exception):
    """Input the run refuses before any kernel starts (exit code 2)."""


@dataclass
class Job:
    """One page of one report set."""

    folder: Path
    period: str
    as_of: pd.Timestamp
    district: str
    district_id: str
    page: str
    notebook: Path
    parameters: dict
    lang: str
    key: str = ""

    @property
    def stem(self) -> str:
        """Return the page's file name without extension: ``summary`` or ``summary.zh``."""
        return self.page if self.lang == "en" else f"{self.page}.{self.lang}"


@dataclass
class Outcome:
    """What became of a job."""

    job: Job
    status: str  # "made", "skipped" or "failed"
    seconds: float = 0.0
    error: str = ""
    generated: str = ""


@dataclass
class Options:
    """The options of one run (see ``yubei report --help``)."""

    periods: list[pd.Timestamp]
    districts: list[str]
    pages: list[str] = field(default_factory=lambda: list(PAGES))
    projects: Path | None = None
    capital: Path | None = None
    targets: Path | None = None
    rankings: Path | None = None
    unit: str | None = None
    lang: str = "en"
    out: Path = Path("reports")
    jobs: int = os.cpu_count() or 1
    force: bool = False
    lenient: bool = False
    extra: dict = field(default_factory=dict)
    timeout: int = 600
    notebooks: Path = NOTEBOOKS
    kernel_transport: str = "auto"


def available_pages(folder: Path) -> list[str]:
    """Return the pages a notebooks folder holds: the report's six first, in their order."""
    found = {p.stem for p in Path(folder).glob("*.ipynb")}
    return [p for p in PAGES if p in found] + sorted(found - set(PAGES))


def period_folder(as_of: pd.Timestamp) -> str:
    """Return the folder name of a report period.

    Examples
    --------
    >>> period_folder(pd.Timestamp("2020-12-31")), period_folder(pd.Timestamp("2020-11-15"))
    ('2020-Q4', '2020-11-15')
    """
    if as_of == quarter_end(as_of):
        return f"{as_of.year}-Q{as_of.quarter}"
    return as_of.strftime("%Y-%m-%d")


def parse_periods(quarter: str | None = None, as_of: str | None = None, quarters: str | None = None) -> list[pd.Timestamp]:
    """Return the as-of dates of ``--quarter``, ``--as-of`` or ``--quarters A..B`` (exactly one).

    Examples
    --------
    >>> [d.strftime("%Y-%m-%d") for d in parse_periods(quarters="2020Q1..2020Q3")]
    ['2020-03-31', '2020-06-30', '2020-09-30']
    """
    given = [x for x in (quarter, as_of, quarters) if x]
    if len(given) != 1:
        raise ReportError("give exactly one of --quarter, --as-of or --quarters")
    try:
        if quarters:
            first, sep, last = quarters.partition("..")
            if not sep:
                raise ValueError(f"--quarters takes FIRST..LAST, e.g. 2020Q1..2020Q4, not {quarters!r}")
            a, b = parse_as_of(first.strip()), parse_as_of(last.strip())
            if a != quarter_end(a) or b != quarter_end(b) or b < a:
                raise ValueError(f"--quarters takes two quarter labels in order, not {quarters!r}")
            return [quarter_end(p.end_time) for p in pd.period_range(a, b, freq="Q")]
        if quarter:
            date = parse_as_of(quarter)
            if date != quarter_end(date):
                raise ValueError(f"--quarter takes a label like 2020Q4, not {quarter!r}")
            return [date]
        return [parse_as_of(as_of)]
    except ValueError as exc:
        raise ReportError(str(exc)) from None


def page_key(job: Job, notebook_digest: str, data: dict[str, str]) -> str:
    """Return what makes a page stale when it changes: notebook, parameters, data, kit and template."""
    blob = json.dumps({"notebook": notebook_digest, "parameters": job.parameters, "data": data,
                       "version": __version__, "template": template_digest()}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def plan(opts: Options, ledger_cache: Path | None = None) -> tuple[list[Job], dict[str, str], dict]:
    """Check everything and list the jobs of a run; raise ReportError before any kernel starts.

    Parameters
    ----------
    opts : Options
    ledger_cache : pathlib.Path, optional
        Where to keep the validated ledger for the pages' kernels.

    Returns
    -------
    jobs : list of Job
    data : dict
        Each data file's absolute path -> SHA-256.
    ledger_summary : dict
    """
    known = available_pages(opts.notebooks)
    unknown = [p for p in opts.pages if p not in known]
    if unknown or not opts.pages:
        raise ReportError(f"unknown page(s) {', '.join(unknown) or '(none)'}; pages are: {', '.join(known)}")
    if opts.lang not in LANGS:
        raise ReportError(f"unknown language {opts.lang!r}: use 'en' or 'zh'")
    if opts.jobs < 1:
        raise ReportError("--jobs must be 1 or more")
    transport(opts.kernel_transport)
    projects = Path(opts.projects or SAMPLE_PROJECTS).resolve()
    capital = Path(opts.capital).resolve() if opts.capital else (None if opts.projects else SAMPLE_CAPITAL)
    targets = Path(opts.targets).resolve() if opts.targets else None
    rankings = Path(opts.rankings).resolve() if opts.rankings else None
    notebooks = {p: Path(opts.notebooks) / f"{p}.ipynb" for p in opts.pages}
    for name in (*COMMON[:-1], "rankings"):
        if name in opts.extra:
            raise ReportError(f"parameter {name} has an option of its own; use it instead of -p {name}=...")
    common = {"projects": str(projects), "capital": str(capital or ""), "targets": str(targets or ""),
              "unit": opts.unit or "", "lang": opts.lang, "strict": not opts.lenient}
    try:
        per_page = resolve(notebooks, {**common, "as_of": "", "district": "", **opts.extra},
                           optional={"rankings": str(rankings or "")})
        for values in per_page.values():  # the values, as the pages themselves would check them
            check_options(**{k: v for k, v in values.items() if k in OPTIONS})
            check_parameters(opts.periods[0].strftime("%Y-%m-%d"), opts.districts[0],
                             **{k: v for k, v in values.items() if k in (*COMMON[2:], "rankings")})
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    if targets is not None:
        try:
            load_targets(targets)
        except (ValueError, OSError) as exc:
            raise ReportError(f"targets: {exc}") from None
    ledger = load_ledger(projects, capital, unit=opts.unit, strict=not opts.lenient,  # LedgerError: exit 2
                         cache=ledger_cache)
    data = dict(ledger.files)
    for path in (targets, rankings):
        if path is not None:
            data[str(path)] = sha256(path)
    if rankings is not None:
        read_rankings(rankings)  # LedgerError: exit 2, every problem of the table listed
    digests = {p: sha256(nb) for p, nb in notebooks.items()}
    ids = districts().set_index("name_en")["district_id"]
    jobs = []
    for as_of in opts.periods:
        for district in opts.districts:
            folder = opts.out / period_folder(as_of) / ids[district]
            for p in opts.pages:
                values = dict(per_page[p])
                values.update({k: v for k, v in (("as_of", as_of.strftime("%Y-%m-%d")), ("district", district))
                               if k in values})
                job = Job(folder, period_folder(as_of), as_of, district, ids[district], p, notebooks[p],
                          values, opts.lang)
                job.key = page_key(job, digests[p], data)
                jobs.append(job)
    return jobs, data, ledger.summary()
