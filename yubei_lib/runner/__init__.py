"""The report runner: ``yubei report`` runs the page notebooks into dated, offline HTML pages.

Importing it loads neither the chart libraries nor a kernel: it plans, executes (papermill),
renders (nbconvert), records (manifest, index) and locks.
"""

from yubei_lib.runner.lock import LockedError
from yubei_lib.runner.plan import Job, Options, Outcome, ReportError, parse_periods, period_folder
from yubei_lib.runner.run import run

__all__ = ["Job", "LockedError", "Options", "Outcome", "ReportError", "parse_periods", "period_folder", "run"]
