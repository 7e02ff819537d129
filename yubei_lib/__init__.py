"""yubei_lib: load the investment-promotion ledger and compute the figures of its reports."""

from yubei_lib.load import Ledger, load_ledger
from yubei_lib.problems import LedgerError, Problem
from yubei_lib.reference import districts, load_targets, resolve_district

__version__ = "0.1.0"

__all__ = ["Ledger", "LedgerError", "Problem", "districts", "load_ledger", "load_targets",
           "resolve_district", "__version__", "Page", "open_page", "pages"]

_PAGES = ("Page", "open_page", "pages")


def __getattr__(name: str) -> object:
    """Import the report pages (``yb.open_page``, ``yb.pages``) on first use: they load Altair."""
    if name in _PAGES:
        import importlib

        module = importlib.import_module("yubei_lib.pages")
        return module if name == "pages" else getattr(module, name)
    raise AttributeError(f"module 'yubei_lib' has no attribute {name!r}")
