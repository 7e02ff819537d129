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

from yubei_lib.config import (
    COHORTS,
    COMMON,
    KERNEL_PAGES,
    LANGS,
    NOTEBOOKS,
    OPTIONS,
    PAGES,
    SAMPLE_CAPITAL,
    SAMPLE_PROJECTS,
    TIMEZONE,
)
from yubei_lib.config import VERSION as __version__
from yubei_lib.errors import YubeiError
from yubei_lib.figures.keys import figure_columns
from yubei_lib.figures.machine import district_figures, figures_dict
from yubei_lib.figures.schemes import DEFAULT_SCHEME, Scheme, get_scheme
from yubei_lib.ledger.load import Ledger, load_ledger, sha256
from yubei_lib.ledger.periods import parse_as_of, quarter_end
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.published import read_rankings
from yubei_lib.ledger.raw import max_rows as row_limit
from yubei_lib.ledger.reference import districts, load_targets
from yubei_lib.ledger.revision_file import read_revision
from yubei_lib.pages.parameters import check_options, check_parameters
from yubei_lib.runner.declared import resolve
from yubei_lib.runner.kernels import transport
from yubei_lib.runner.manifest import read_manifest
from yubei_lib.runner.render import template_digest
from yubei_lib.runner.revisions import REVISIONS, revision
from yubei_lib.runner.stamp import check_zone

OPTIONAL_FILES = ("rankings", "revisions", "investment", "activities", "scheme")
"""Parameters a run gives the pages that declare them, each from an option of its own."""

CHECKED = ("rankings", "investment", "activities", "scheme")
"""Of those, the ones checked by value before any kernel starts (with the common parameters)."""


class ReportError(YubeiError):
    """Input the run refuses before any kernel starts (exit code 2)."""


@dataclass
class Job:
    """One page of one report set.

    ``siblings`` are the set's pages (this run's and those an earlier run made), for the
    page's navigation; ``langs`` the languages the set has (this run's and earlier ones);
    ``revision`` what changed in the set's figures since it was last published
    (:func:`yubei_lib.runner.revisions.revision`), None when nothing did.
    """

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
    siblings: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    revision: dict | None = None

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
    rankings: Path | list[Path] | None = None  # the city's table(s): one file, or several (a file a quarter)
    investment: Path | None = None  # completed investment by project and month (完成投资)
    activities: Path | None = None  # the office's outreach log (招商活动台账), of the one district
    scheme: str | None = None  # a ranking scheme of ranking_schemes.csv; None: the three rates
    unit: str | None = None
    sheet: str | None = None  # the ledger's sheet in a workbook (default: found by its header)
    lang: str = "en"  # "en", "zh", or both: "en,zh"
    out: Path = Path("reports")
    jobs: int = os.cpu_count() or 1
    force: bool = False
    lenient: bool = False
    extra: dict = field(default_factory=dict)
    timeout: int = 600
    notebooks: Path | None = None  # a folder of one's own pages, beside the kit's and ./notebooks
    kernel_transport: str = "auto"
    kernel_pages: int = KERNEL_PAGES  # pages one kernel runs (each in a fresh session) before it is replaced
    pdf: bool = False  # also print each page and each set's brief to PDF (yubei_lib.runner.pdf)
    browser: Path | None = None  # the Chromium, Chrome or Edge to print with (default: found)
    max_rows: int | None = None  # the most rows a file may hold (default: YUBEI_MAX_ROWS, else 2,500,000)
    font: Path | None = None  # a font file --pdf prints Chinese with (default: the system's; yubei_lib.runner.fonts)
    docx: bool = False  # also write each set's Word brief, brief.docx / brief.zh.docx (yubei_lib.runner.docx)
    timezone: str = TIMEZONE  # the zone of the time a page says it was made in (the manifest records UTC)


def parse_langs(lang: str) -> tuple[str, ...]:
    """Return the languages of ``--lang``: ``en``, ``zh``, or both (``en,zh``).

    Examples
    --------
    >>> parse_langs("zh"), parse_langs("en,zh"), parse_langs("zh, en")
    (('zh',), ('en', 'zh'), ('en', 'zh'))
    """
    given = [part.strip() for part in str(lang).split(",") if part.strip()]
    unknown = [g for g in given if g not in LANGS]
    if unknown or not given:
        raise ReportError(f"unknown language {lang!r}: use en, zh, or both as en,zh")
    return tuple(lang for lang in LANGS if lang in given)


def available_order(pages: list[str]) -> list[str]:
    """Return page names without repeats, the kit's pages first in their order, then the others by name.

    Examples
    --------
    >>> available_order(["data_quality", "my_page", "summary", "summary"])
    ['summary', 'data_quality', 'my_page']
    """
    found = set(pages)
    return [p for p in PAGES if p in found] + sorted(found - set(PAGES))


def is_page(notebook: Path) -> bool:
    """Tell whether a notebook is a page: it has a cell tagged ``parameters``."""
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells)


def page_notebooks(folder: Path | None = None) -> dict[str, Path]:
    """Return every page a run can make, by name: the kit's, then ``./notebooks``'s, then ``folder``'s.

    A notebook of one's own with a kit page's name takes its place; a notebook without a
    tagged parameters cell is no page.
    """
    found: dict[str, Path] = {}
    for place in (NOTEBOOKS, Path.cwd() / "notebooks", folder):
        if place is not None and Path(place).is_dir():
            found.update({nb.stem: nb for nb in sorted(Path(place).glob("*.ipynb")) if is_page(nb)})
    return found


def available_pages(folder: Path | None = None) -> list[str]:
    """Return the pages a run can make (see :func:`page_notebooks`): the report's six first, in their order."""
    return available_order(list(page_notebooks(folder)))


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


def revision_of(folder: Path, figures: dict, ledger: Ledger, district: str, as_of: pd.Timestamp,
                data: dict[str, str]) -> dict | None:
    """Return what changed in a set's figures since the report it last published from other data.

    A set rebuilt from the data of its last build keeps the revision it has (none, or the one
    that build recorded against the report before it), so its pages stay up to date and its
    notice stays as true as it was; other data are compared with the figures last published.
    """
    builds = read_manifest(folder).get("builds", [])
    if builds and sorted(builds[-1].get("data", {}).values()) == sorted(data.values()):
        return read_revision(folder / REVISIONS)
    return revision(folder, figures, ledger, district, as_of)


def page_key(job: Job, notebook_digest: str, data: dict[str, str], sheet: str | None = None) -> str:
    """Return what makes a page stale when it changes: notebook, parameters, data (and the ledger's sheet), kit and
    template."""
    blob = json.dumps({"notebook": notebook_digest, "parameters": job.parameters, "data": data,
                       "version": __version__, "template": template_digest(), "revision": job.revision,
                       **({"sheet": sheet} if sheet is not None else {})},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Plan:
    """What a run will do: its jobs, its data files' SHA-256s, the ledger, and each set's figures."""

    jobs: list[Job]
    data: dict[str, str]
    ledger: Ledger
    figures: dict[Path, dict] = field(default_factory=dict)


def plan(opts: Options, ledger_cache: Path | None = None) -> Plan:
    """Check everything and list the jobs of a run; raise ReportError before any kernel starts.

    Parameters
    ----------
    opts : Options
    ledger_cache : pathlib.Path, optional
        Where to keep the validated ledger for the pages' kernels.

    Returns
    -------
    Plan
        The jobs; each data file's absolute path -> SHA-256; the validated ledger; each set's
        folder -> the figures it will publish (``figures.json``).
    """
    sources = page_notebooks(opts.notebooks)
    langs = _checked_run(opts, list(sources))
    files = _input_files(opts)
    scheme = _scheme(opts.scheme)
    notebooks = {p: sources[p] for p in opts.pages}
    per_page = _page_values(opts, notebooks, files, langs)
    cohorts = next((v["cohorts"] for v in per_page.values() if "cohorts" in v), ",".join(COHORTS))
    lacking = [n for n in (scheme.names if scheme else []) if n not in figure_columns(cohorts)]
    if scheme and lacking:  # (only a scheme lacks figures)
        raise ReportError(f"--scheme {scheme.name} ranks {', '.join(lacking)}, which are not among the figures of "
                          f"the cohorts {cohorts}: give its cohorts with -p cohorts=...")
    table = _targets_table(files.targets)
    ledger = load_ledger(files.projects, files.capital, investment=files.investment,  # LedgerError: exit 2
                         activities=files.activities, unit=opts.unit, sheet=opts.sheet, strict=not opts.lenient,
                         cache=ledger_cache, max_rows=row_limit(opts.max_rows))  # the pages' own (open_page): the same key
    data = dict(ledger.files)
    for path in (files.targets, *files.rankings):
        if path is not None:
            data[str(path)] = sha256(path)
    published = read_rankings(files.rankings, limit=opts.max_rows) if files.rankings else None  # LedgerError: exit 2
    pages = _Pages(tuple(opts.pages), notebooks, {p: sha256(nb) for p, nb in notebooks.items()}, per_page, langs,
                   opts.sheet)
    ids = districts().set_index("name_en")["district_id"]
    jobs, published_figures = [], {}
    for as_of in opts.periods:
        by_own: dict[str | None, dict] = {}
        for district in opts.districts:
            own = district if ledger.activities is not None else None  # the outreach log is the one district's
            if own not in by_own:
                by_own[own] = figures_dict(district_figures(
                    ledger.projects, ledger.capital, as_of, cohorts, table, published, investment=ledger.investment,
                    activities=ledger.activities, own=own, scheme=scheme), as_of, cohorts)
            folder = opts.out / period_folder(as_of) / ids[district]
            published_figures[folder] = by_own[own]
            change = revision_of(folder, by_own[own], ledger, district, as_of, data)
            jobs += _set_jobs(pages, folder, as_of, (district, ids[district]), change, data)
    return Plan(jobs, data, ledger, published_figures)


def _checked_run(opts: Options, sources: list[str]) -> tuple[str, ...]:
    """Check the run's pages, languages, parallelism, kernels and time zone; return the languages."""
    known = available_order(sources)
    unknown = [p for p in opts.pages if p not in known]
    if unknown or not opts.pages:
        raise ReportError(f"unknown page(s) {', '.join(unknown) or '(none)'}; pages are: {', '.join(known)}")
    langs = parse_langs(opts.lang)
    if opts.jobs < 1:
        raise ReportError("--jobs must be 1 or more")
    if opts.kernel_pages < 1:
        raise ReportError("--kernel-pages must be 1 or more")
    transport(opts.kernel_transport)
    try:
        check_zone(opts.timezone)
    except ValueError as exc:
        raise ReportError(f"--timezone: {exc}") from None
    return langs


@dataclass(frozen=True)
class _Files:
    """The data files of a run, as absolute paths (the sample's ledger when none is given)."""

    projects: Path
    capital: Path | None
    targets: Path | None
    rankings: list[Path]
    investment: Path | None
    activities: Path | None


def _input_files(opts: Options) -> _Files:
    """Return the run's data files; the outreach log goes with one district only."""
    rankings = [Path(p).resolve() for p in ([opts.rankings] if isinstance(opts.rankings, (str, os.PathLike))
                                            else opts.rankings or [])]
    files = _Files(projects=Path(opts.projects or SAMPLE_PROJECTS).resolve(),
                   capital=Path(opts.capital).resolve() if opts.capital else (None if opts.projects else SAMPLE_CAPITAL),
                   targets=Path(opts.targets).resolve() if opts.targets else None, rankings=rankings,
                   investment=Path(opts.investment).resolve() if opts.investment else None,
                   activities=Path(opts.activities).resolve() if opts.activities else None)
    if files.activities is not None and len(opts.districts) != 1:
        raise ReportError("--activities is one office's outreach log: give it with one --district, its own")
    return files


def _scheme(name: str | None) -> Scheme | None:
    """Return the ranking scheme ``--scheme`` names (None: none given)."""
    if not name:
        return None
    try:
        return get_scheme(name)
    except (ValueError, LedgerError) as exc:
        raise ReportError(f"--scheme: {exc}") from None


def _page_values(opts: Options, notebooks: dict[str, Path], files: _Files, langs: tuple[str, ...]) -> dict[str, dict]:
    """Return, per page, the parameters it declares with the run's values, checked as the pages would check them."""
    for name in (*COMMON[:-1], *OPTIONAL_FILES):
        if name in opts.extra:
            raise ReportError(f"parameter {name} has an option of its own; use it instead of -p {name}=...")
    common = {"projects": str(files.projects), "capital": str(files.capital or ""), "targets": str(files.targets or ""),
              "unit": opts.unit or "", "lang": langs[0], "strict": not opts.lenient}
    try:
        per_page = resolve(notebooks, {**common, "as_of": "", "district": "", **opts.extra},
                           optional={"rankings": os.pathsep.join(map(str, files.rankings)), "revisions": "",
                                     "investment": str(files.investment or ""),
                                     "activities": str(files.activities or ""),
                                     "scheme": opts.scheme or DEFAULT_SCHEME})
        for values in per_page.values():  # the values, as the pages themselves would check them
            check_options(**{k: v for k, v in values.items() if k in OPTIONS})
            check_parameters(opts.periods[0].strftime("%Y-%m-%d"), opts.districts[0],
                             **{k: v for k, v in values.items() if k in (*COMMON[2:], *CHECKED)})
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    return per_page


def _targets_table(targets: Path | None) -> pd.DataFrame | None:
    """Return the targets file's table (None: no file given)."""
    if targets is None:
        return None
    try:
        return load_targets(targets)
    except (ValueError, OSError) as exc:
        raise ReportError(f"targets: {exc}") from None


@dataclass(frozen=True)
class _Pages:
    """What every set's jobs share: the pages in order, their notebooks, digests and values, the languages."""

    pages: tuple[str, ...]
    notebooks: dict[str, Path]
    digests: dict[str, str]
    values: dict[str, dict]
    langs: tuple[str, ...]
    sheet: str | None


def _set_jobs(pages: _Pages, folder: Path, as_of: pd.Timestamp, district: tuple[str, str], change: dict | None,
              data: dict[str, str]) -> list[Job]:
    """Return one set's jobs, each page in each language; ``district`` is its English name and its id."""
    name, district_id = district
    earlier = read_manifest(folder).get("pages", {}).values()
    siblings = tuple(available_order(list(pages.pages) + [e.get("page", "") for e in earlier if e.get("page")]))
    have = tuple(lang for lang in LANGS if lang in pages.langs or any(e.get("lang") == lang for e in earlier))
    jobs = []
    for p in pages.pages:
        for lang in pages.langs:
            values = dict(pages.values[p])
            values.update({k: v for k, v in (("as_of", as_of.strftime("%Y-%m-%d")), ("district", name),
                                             ("lang", lang), ("revisions", str(folder / REVISIONS)))
                           if k in values})
            job = Job(folder, period_folder(as_of), as_of, name, district_id, p, pages.notebooks[p],
                      values, lang, siblings=siblings, langs=have, revision=change)
            job.key = page_key(job, pages.digests[p], data, pages.sheet)
            jobs.append(job)
    return jobs
