"""Tests of yubei_lib.errors: every error the kit reports derives from YubeiError, beside the base callers catch."""

import ast

import pytest
from paths import ROOT

from yubei_lib.errors import YubeiError
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.pages.parameters import ParameterProblem
from yubei_lib.runner.declared import ParameterError
from yubei_lib.runner.diff import DiffError
from yubei_lib.runner.lock import LockedError
from yubei_lib.runner.plan import ReportError
from yubei_lib.runner.pool import KernelError

BASES = {LedgerError: ValueError, ParameterProblem: ValueError, ParameterError: ValueError, DiffError: ValueError,
         KernelError: RuntimeError, ReportError: Exception, LockedError: Exception}


@pytest.mark.parametrize("error", BASES, ids=lambda e: e.__name__)
def test_each_error_derives_from_yubei_error_and_keeps_its_base(error):
    assert issubclass(error, YubeiError) and issubclass(error, BASES[error])


def test_a_ledger_error_is_caught_as_either():
    error = LedgerError([Problem("p.csv", 2, "district", "Mars", "unknown district")])
    for base in (YubeiError, ValueError):
        with pytest.raises(base, match="p.csv, line 2"):
            raise error


def test_every_error_class_of_the_kit_is_one_of_them():
    """A new error class of the package derives from YubeiError too (this list names every one)."""
    found = set()
    for path in (ROOT / "yubei_lib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "").endswith(("Error", "Exception"))
                                                      for b in node.bases):
                found.add(node.name)
    assert found == {"YubeiError", *(e.__name__ for e in BASES)}
