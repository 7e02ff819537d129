"""The report pages: one module per notebook, named as the notebook, and the Page they share.

Notebooks call ``yb.open_page(...)`` and then ``yb.pages.<view>(page)``; a view is looked
up in the page modules on first use, so importing this package (as the runner does to
check parameters) loads no chart library.
"""

from __future__ import annotations

import importlib

MODULES = ("page", "summary", "contract_value", "district_rankings", "cohort_operation",
           "outreach", "industry_chains", "data_quality")
"""The modules whose public functions are the views ``yb.pages.<view>``."""


def __getattr__(name: str) -> object:
    """Return the view (or :class:`Page`, :func:`open_page`, :func:`title`) of that name."""
    if not name.startswith("_"):
        for module in MODULES:
            found = importlib.import_module(f"{__name__}.{module}")
            if name in getattr(found, "__all__", ()):
                return getattr(found, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    views = [n for m in MODULES for n in getattr(importlib.import_module(f"{__name__}.{m}"), "__all__", ())]
    return sorted(set(views) | set(globals()))
