"""yubei_lib: load the investment-promotion ledger, compute its figures and make its report pages.

The package is laid out along the data path, one folder a stage:
``ledger`` (read, validate, load) < ``figures`` (pure functions) < ``present`` (words,
theme, charts, display) < ``pages`` (one module per notebook) < ``runner`` (``yubei
report``) < ``cli``. Every figure is defined in ``docs/definitions.md``.
"""

from yubei_lib.config import VERSION as __version__
from yubei_lib.ledger.load import Ledger, load_ledger
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.reference import districts, load_targets, resolve_district

__all__ = ["Ledger", "LedgerError", "Problem", "districts", "load_ledger", "load_targets",
           "resolve_district", "__version__", "Page", "open_page", "pages", "explore"]

_LAZY = {"Page": "yubei_lib.pages", "open_page": "yubei_lib.pages", "pages": "yubei_lib.pages",
         "explore": "yubei_lib.pages.explore"}


def __getattr__(name: str) -> object:
    """Import the report pages (``yb.open_page``, ``yb.pages``, ``yb.explore``) on first use: they load Altair."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        return module if name == "pages" else getattr(module, name)
    raise AttributeError(f"module 'yubei_lib' has no attribute {name!r}")
