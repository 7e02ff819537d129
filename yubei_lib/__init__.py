"""yubei_lib: load the investment-promotion ledger and compute the figures of its reports."""

from yubei_lib.load import Ledger, load_ledger
from yubei_lib.problems import LedgerError, Problem
from yubei_lib.reference import districts, load_targets, resolve_district

__version__ = "0.1.0"

__all__ = ["Ledger", "LedgerError", "Problem", "districts", "load_ledger", "load_targets",
           "resolve_district", "__version__"]
