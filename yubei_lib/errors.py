"""The one base of every error the kit reports to its user.

An error of the kit says what is wrong with the input or the run in plain words; the ``yubei``
command prints it (a ledger's problems one a line, anything else as ``error: ...``) and exits
with status 2 (:mod:`yubei_lib.cli`), and a notebook shows it as a short message. Each error
keeps the built-in base callers already catch (``ValueError`` for bad input), beside this one:

- :class:`yubei_lib.ledger.problems.LedgerError`: input files that cannot be used;
- :class:`yubei_lib.pages.parameters.ParameterProblem`: a page parameter that is not accepted;
- :class:`yubei_lib.runner.plan.ReportError`: a run refused before any kernel starts;
- :class:`yubei_lib.runner.lock.LockedError`: a report folder another run is writing;
- :class:`yubei_lib.runner.declared.ParameterError`: a ``-p NAME=VALUE`` no page can take;
- :class:`yubei_lib.runner.diff.DiffError`: a side of ``yubei diff`` that cannot be read;
- :class:`yubei_lib.runner.pool.KernelError`: a kernel that could not be started for a page.
"""

from __future__ import annotations


class YubeiError(Exception):
    """An error the kit reports to its user: input or a run it refuses, said in plain words.

    Examples
    --------
    >>> from yubei_lib.ledger.problems import LedgerError, Problem
    >>> error = LedgerError([Problem("p.csv", 3, "signed_on", "2020-13-01", "not a date")])
    >>> isinstance(error, YubeiError), isinstance(error, ValueError)
    (True, True)
    """
