"""A report page as a notebook sees it: open it from the parameters, then show its figures.

A notebook's first code cell after its parameters is::

    page = yb.open_page(as_of=as_of, district=district, projects=projects, ...)

which checks every parameter (:mod:`yubei_lib.pages.parameters`), loads the ledger once
and returns a :class:`Page`. Every later cell is one call ``yb.pages.<view>(page)`` of
the page's own module (``yubei_lib/pages/<notebook>.py``) that returns one thing to show:
an Altair chart built from an aggregated frame, or escaped HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yubei_lib import config
from yubei_lib.figures.frames import is_undefined, own_rows
from yubei_lib.figures.supervision import Supervision, district_supervision
from yubei_lib.ledger.load import Ledger, load_ledger
from yubei_lib.ledger.periods import parse_as_of, quarter_end
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.published import PublishedRankings, read_rankings
from yubei_lib.ledger.raw import max_rows
from yubei_lib.ledger.reference import load_targets
from yubei_lib.ledger.revision_file import read_revision
from yubei_lib.pages.parameters import ParameterProblem, check_options, check_parameters, refuse
from yubei_lib.present import display, labels
from yubei_lib.present.labels import t

__all__ = ["Page", "open_page", "title", "period_text", "note"]

TABLE_ROWS = 300
"""Most rows a list shows on a page (the rest are counted below it; `yubei validate` lists all)."""


@dataclass
class Page:
    """What every view of a report page needs: the ledger and the page's parameters.

    Attributes
    ----------
    ledger : Ledger
    as_of : pandas.Timestamp
    district : str
        The page's own district (English name of ``districts.csv``).
    lang : {"en", "zh"}
    cohorts : list of str
        Signing-year cohorts, e.g. ``["2015-2017", "2018-2020"]``.
    targets : pandas.DataFrame
        The targets table (:func:`yubei_lib.ledger.reference.load_targets`).
    strict : bool
    sample : bool
        True when the ledger is the kit's synthetic sample.
    published : PublishedRankings or None
        The city's published ranking table, when given.
    revision : dict or None
        What changed since the report was last published (``revisions.json``), when anything did.
    scheme : str
        The ranking scheme of ``ranking_schemes.csv`` (figure 18); ``three_rates`` is figure 8's ranks.
    months_to_commence, months_to_operate, warn_months, top_n, rank_quarters, years : int
        Page-specific parameters (lagging thresholds, the warning period of figure 21,
        largest projects shown, quarters of rank movement, trailing years of the chain
        analysis).
    """

    ledger: Ledger
    as_of: pd.Timestamp
    district: str
    lang: str
    cohorts: list[str]
    targets: pd.DataFrame
    strict: bool = True
    sample: bool = False
    published: PublishedRankings | None = None
    revision: dict | None = None
    scheme: str = config.DEFAULTS["scheme"]
    months_to_commence: int = config.DEFAULTS["months_to_commence"]
    months_to_operate: int = config.DEFAULTS["months_to_operate"]
    warn_months: int = config.DEFAULTS["warn_months"]
    top_n: int = config.DEFAULTS["top_n"]
    rank_quarters: int = config.DEFAULTS["rank_quarters"]
    years: int = config.DEFAULTS["years"]
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def projects(self) -> pd.DataFrame:
        """Return the ledger's projects (all districts)."""
        return self.ledger.projects

    @property
    def capital(self) -> pd.DataFrame:
        """Return the ledger's capital inflows."""
        return self.ledger.capital

    @property
    def investment(self) -> pd.DataFrame | None:
        """Return the completed-investment table (完成投资), None when it was not given."""
        return self.ledger.investment

    @property
    def activities(self) -> pd.DataFrame | None:
        """Return the office's outreach log (招商活动台账), None when it was not given."""
        return self.ledger.activities

    @property
    def year(self) -> int:
        """Return the year of ``as_of``, the year of the targets."""
        return int(self.as_of.year)

    def own(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the rows of a frame (with a ``district`` column) of the page's district."""
        return own_rows(frame, self.district)

D = config.DEFAULTS


def open_page(as_of: object = D["as_of"], district: object = D["district"], projects: object = D["projects"],
              capital: object = D["capital"], targets: object = D["targets"], unit: object = D["unit"],
              lang: object = D["lang"], strict: object = D["strict"], cohorts: object = D["cohorts"],
              rankings: object = D["rankings"], revisions: object = D["revisions"],
              investment: object = D["investment"], activities: object = D["activities"],
              scheme: object = D["scheme"], **options: object) -> Page:
    """Check a page's parameters, load the ledger and get the notebook ready to show figures.

    Parameters
    ----------
    as_of : str
        Quarter label (``2020Q4``) or date (``2020-12-31``).
    district : str
        The page's district, by any accepted name.
    projects, capital : str
        Ledger files; an empty ``projects`` means the kit's synthetic sample (both files).
        A relative path is looked up from the working folder, then from the kit's folder.
    targets : str
        Targets CSV; empty means the kit's ``data/reference/targets.csv``.
    unit : str
        Money unit of amount columns whose header declares none; empty for none.
    lang : {"en", "zh"}
    strict : bool
        Refuse a ledger with errors (True) or leave out its bad rows (False).
    cohorts : str
        Signing-year cohorts, e.g. ``"2015-2017,2018-2020"``.
    rankings : str
        The city's published ranking table; empty for none (then no rank among the 22 is
        given unless the ledger holds all 22 districts); several files (a file a quarter)
        joined by ``os.pathsep`` (``:``, or ``;`` on Windows).
    revisions : str
        The set's ``revisions.json`` (``yubei report`` gives it): what changed since the report
        was last published. Empty, or a file that is not there: no revision.
    investment : str
        Completed investment by project and month (完成投资); empty for none (then the figure of
        completed investment is undefined and the page says the data was not given), or the
        sample's own when ``projects`` is empty.
    activities : str
        The office's outreach log (招商活动台账) of ``district``; empty for none, or the sample's
        own (Yubei's) when ``projects`` is empty and the district is Yubei.
    scheme : str
        A ranking scheme of ``data/reference/ranking_schemes.csv``; ``three_rates`` (the
        default) gives the ranks of the three rates.
    **options : int
        Page-specific parameters (:data:`yubei_lib.config.OPTIONS`): ``months_to_commence``,
        ``months_to_operate``, ``warn_months``, ``top_n``, ``rank_quarters``, ``years``.

    Returns
    -------
    Page

    Raises
    ------
    ValueError
        For a parameter that is not accepted.
    yubei_lib.LedgerError
        For a ledger that cannot be used (in strict mode: any error).

    Notes
    -----
    Run by ``yubei report``, the kernel's environment names the folder where the run
    keeps the ledger it already validated (:func:`yubei_lib.config.ledger_cache`), so the
    page reuses it instead of reading the files again.
    """
    try:
        p = check_parameters(as_of, district, projects, capital, targets, unit, lang, strict, cohorts, rankings,
                             investment, activities, scheme)
        extra = check_options(**options)
        try:
            table = load_targets(p["targets"])
        except ValueError as exc:
            raise refuse("targets", targets, "targets", error=str(exc)) from None
    except ParameterProblem as problem:
        problem.lang = lang if lang in config.LANGS else "en"
        raise
    default = p["projects"] is None
    sample = default or Path(p["projects"]).resolve() == config.SAMPLE_PROJECTS.resolve()
    # the sample's own tables when the ledger is the default sample (its outreach log is Yubei's)
    investment = config.SAMPLE_INVESTMENT if default and p["investment"] is None else p["investment"]
    activities = (config.SAMPLE_ACTIVITIES if default and p["activities"] is None and p["district"] == "Yubei"
                  else p["activities"])
    try:
        ledger = load_ledger(config.SAMPLE_PROJECTS if default else p["projects"],
                             config.SAMPLE_CAPITAL if default else p["capital"], investment=investment,
                             activities=activities, unit=p["unit"], strict=p["strict"], cache=config.ledger_cache(),
                             max_rows=max_rows())  # the run's (its kernels' environment), as the run loaded it
        published = read_rankings(p["rankings"]) if p["rankings"] else None
    except LedgerError as error:
        error.lang = p["lang"]
        raise
    display.enable()
    return Page(ledger=ledger, as_of=p["as_of"], district=p["district"], lang=p["lang"],
                cohorts=p["cohorts"], targets=table, strict=p["strict"], sample=sample, published=published,
                revision=read_revision(revisions), scheme=p["scheme"],
                **extra)  # type: ignore[arg-type]  # only the int options of OPTIONS (check_options), never cache


def period_text(as_of: object, lang: str) -> str:
    """Return the period of a page: its quarter when ``as_of`` ends one, else the date.

    Examples
    --------
    >>> period_text("2020-12-31", "zh"), period_text("2020-05-15", "en")
    ('2020年第四季度', 'as of 2020-05-15')
    """
    when = parse_as_of(as_of)
    if when == quarter_end(when):
        return labels.quarter(when, lang)
    return t("as_of_date", lang, date=labels.date(when, lang))


def title(page: Page, which: str) -> display.Html:
    """Return the page's title (district, period, page) and a line saying what it is as of.

    Parameters
    ----------
    page : Page
    which : str
        The page's name, that of its notebook, e.g. ``summary``.
    """
    lang = page.lang
    head = " · ".join([labels.name("district", page.district, lang), period_text(page.as_of, lang),
                       labels.page_title(which, lang)])
    line = [f"{t('as_of', lang)} {labels.date(page.as_of, lang)}"]
    if page.sample:
        line.append(t("synthetic", lang))
    if not page.strict:
        line.append(t("lenient_note", lang))
    return display.Html(f'{display.style()}<div class="yubei-title"><h1>{display.esc(head)}</h1>'
                        f'<p class="subtitle">{display.esc(" · ".join(line))}</p></div>')


def note(text: str) -> display.Html:
    """Return a short note (escaped), shown where a figure has nothing to show."""
    return display.note(text)


def worded(frame: pd.DataFrame, lang: str, **kinds: str) -> pd.DataFrame:
    """Return a copy with the given columns as text: names of a kind, or "(not given)" for blanks.

    ``kinds`` maps a column to ``"district"``, ``"cluster"``, ``"chain_segment"``,
    ``"investor_type"``, ``"park"`` (names from the reference data) or ``"text"``.
    """
    out = frame.copy()
    for column, kind in kinds.items():
        out[column] = [t("not_given", lang) if is_undefined(v) or not str(v).strip()
                       else (str(v) if kind == "text" else labels.name(kind, v, lang)) for v in out[column]]
    return out


def memo(page: Page, key: object, make):
    """Return what ``make()`` gives, computed once per page (several views share a figure)."""
    if key not in page.cache:
        page.cache[key] = make()
    return page.cache[key]


def supervision(page: Page) -> Supervision:
    """Return the page's district's warnings (figure 21) with the page's thresholds, computed once per page."""
    return memo(page, "supervision", lambda: district_supervision(
        page.projects, page.district, page.as_of, page.months_to_commence, page.months_to_operate, page.warn_months))


def in_page_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a copy whose ``project_name`` is the English name on English pages, where the ledger gives one.

    A Chinese ledger names its projects in Chinese; its optional ``project_name_en`` column
    gives the English name, used row by row where present.
    """
    out = frame.copy()
    if lang == "en" and "project_name_en" in out.columns:
        english = out["project_name_en"].astype("string").str.strip()
        out["project_name"] = english.mask(english.isna() | english.eq(""), out["project_name"].astype("string"))
    return out


def short_path(path: object) -> str:
    """Return a data file's name as a page shows it: its name, not the machine's path to it."""
    return Path(str(path)).name
