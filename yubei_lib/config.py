"""One home for what the whole kit shares: where its files are, its pages, its defaults.

Nothing here imports another part of the kit, so every stage may read it. The kit's
notebooks and data live at the top of the repository (``notebooks/``, ``data/``) and are
carried into the installed package; the page template is package data. Both are found
with :mod:`importlib.resources`, so an installed kit works from any folder.
Every figure is defined in ``docs/definitions.md``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TypedDict

VERSION = "0.2.0"
"""The kit's version (pyproject.toml reads it from here)."""

PACKAGE = Path(str(resources.files("yubei_lib")))
"""The installed package's folder (a real folder: the kit is never run from a zip)."""


def kit_folder(name: str) -> Path:
    """Return the folder ``name`` of the kit: the package's copy, else the checkout's top-level one.

    An installed wheel carries the repository's top-level ``notebooks/`` and ``data/``
    inside the package (pyproject.toml's force-include); a checkout, and an editable
    install of it, keep the one copy at the top of the repository, beside the package.

    Examples
    --------
    >>> kit_folder("notebooks").name, (kit_folder("data") / "reference").is_dir()
    ('notebooks', True)
    """
    inside = PACKAGE / name
    if inside.is_dir():
        return inside
    beside = PACKAGE.parent / name
    if beside.is_dir() and (PACKAGE.parent / "pyproject.toml").is_file():
        return beside
    return inside


NOTEBOOKS = kit_folder("notebooks")
"""The report notebooks, one per page (the top-level ``notebooks/`` of a checkout)."""

DATA = kit_folder("data")
"""The kit's data: ``reference/`` and the synthetic ``sample/`` (the top-level ``data/`` of a checkout)."""

REFERENCE = DATA / "reference"
"""Districts, chains, investor types, parks and targets: data a user may correct."""

SAMPLE = DATA / "sample"
"""The synthetic multi-district ledger (``projects.csv``, ``capital.csv``, ``projects.xlsx``)."""

TEMPLATES = PACKAGE / "templates"
"""The nbconvert template of the report pages."""

SAMPLE_PROJECTS = SAMPLE / "projects.csv"
SAMPLE_CAPITAL = SAMPLE / "capital.csv"
SAMPLE_INVESTMENT = SAMPLE / "investment.xlsx"
SAMPLE_ACTIVITIES = SAMPLE / "activities.xlsx"

PAGES = ("summary", "contract_value", "district_rankings", "cohort_operation", "outreach",
         "industry_chains", "data_quality")
"""The pages of the quarterly report, in their order; each is the notebook of the same name."""

LANGS = ("en", "zh")
"""The languages of the reports."""

COHORTS = ("2015-2017", "2018-2020")
"""The article's signing-year cohorts: the default of the operation rates and the three rates."""

TIMEZONE = "Asia/Shanghai"
"""The zone of the local time a page says it was made in (``yubei report --timezone``): the zone database's name."""

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The MIME type of charts: JupyterLab's built-in Vega extension draws it, offline."""

class Defaults(TypedDict):
    """The pages' parameters (:data:`DEFAULTS`), each of the type its notebooks declare."""

    as_of: str
    district: str
    projects: str
    capital: str
    targets: str
    unit: str
    lang: str
    strict: bool
    cohorts: str
    rankings: str
    revisions: str
    investment: str
    activities: str
    scheme: str
    months_to_commence: int
    months_to_operate: int
    warn_months: int
    top_n: int
    rank_quarters: int
    years: int


DEFAULTS: Defaults = {
    "as_of": "2020Q4",
    "district": "Yubei",
    "projects": "",
    "capital": "",
    "targets": "",
    "unit": "",
    "lang": "en",
    "strict": True,
    "cohorts": ",".join(COHORTS),
    "rankings": "",
    "revisions": "",
    "investment": "",
    "activities": "",
    "scheme": "three_rates",
    "months_to_commence": 12,
    "months_to_operate": 36,
    "warn_months": 3,
    "top_n": 10,
    "rank_quarters": 8,
    "years": 3,
}
"""The pages' parameters and their defaults: what a notebook's parameters cell declares
(a test holds the notebooks to this table) and what :func:`yubei_lib.open_page` assumes."""

OPTIONS = {"months_to_commence": 0, "months_to_operate": 0, "warn_months": 0, "top_n": 1, "rank_quarters": 1,
           "years": 1}
"""The page-specific whole-number parameters and the least value each accepts."""

COMMON = ("as_of", "district", "projects", "capital", "targets", "unit", "lang", "strict", "cohorts")
"""The parameters every page declares."""

KERNEL_PAGES = 25
"""Pages one kernel of ``yubei report`` runs, each in a fresh session, before it is replaced
(``--kernel-pages``; see :mod:`yubei_lib.runner.pool`)."""

LEDGER_CACHE_ENV = "YUBEI_LEDGER_CACHE"
"""Set by ``yubei report`` in its kernels' environment only: the private folder holding
the ledger it validated, so each page reuses it (read by :func:`yubei_lib.open_page`)."""


def ledger_cache() -> Path | None:
    """Return the folder of the ledger ``yubei report`` validated for its kernels, if any."""
    folder = os.environ.get(LEDGER_CACHE_ENV, "").strip()
    return Path(folder) if folder else None
