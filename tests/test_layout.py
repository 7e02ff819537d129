"""The package's layout: one way through the stages, no cycles, no upward imports, each function small."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from paths import ROOT

PACKAGE = ROOT / "yubei_lib"
STAGES = {"config": 0, "errors": 0, "ledger": 1, "figures": 2, "sample": 3, "present": 3, "pages": 4, "runner": 5, "cli": 6,
          "__init__": 7, "__main__": 7}
"""The rank of each stage: a module imports only stages of a lower rank, or its own stage."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def stage(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports(path: Path) -> set[str]:
    """Return the yubei_lib modules a file imports, at any depth (function-level imports too).

    Imports under ``if TYPE_CHECKING:`` are for type checkers only and never run: left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
                   for n in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("yubei_lib"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("yubei_lib")}
    return found


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
GRAPH = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_stage():
    assert {stage(m) for m in MODULES} <= set(STAGES)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_a_higher_stage(module):
    upward = [t for t in GRAPH[module] if stage(t) != stage(module) and STAGES[stage(t)] >= STAGES[stage(module)]]
    assert not upward, f"{module} imports {upward}: a lower stage may not import a higher (or sibling) one"


def test_no_import_cycle():
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH.get(node, ())):
            if nxt == node or nxt not in GRAPH or nxt.startswith(node + "."):
                continue  # a package importing its own submodules is not a cycle
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])


def test_the_graph_sees_an_upward_import():
    """The check itself can fail: a ledger module importing the pages is caught."""
    fake = {"yubei_lib.ledger.load": {"yubei_lib.pages.page"}}
    module, targets = next(iter(fake.items()))
    assert [t for t in targets if STAGES[stage(t)] >= STAGES[stage(module)]] == ["yubei_lib.pages.page"]


FILE_MODULES = {"os", "io", "csv", "json", "pathlib", "shutil", "glob", "tempfile", "pickle", "sqlite3"}
"""Modules for files and folders: the figures import none of them."""

READS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "exists", "is_file", "is_dir", "iterdir",
         "glob", "rglob", "stat", "read_csv", "read_excel", "read_parquet", "read_json", "read_feather", "read_pickle",
         "to_csv", "to_excel", "to_parquet", "to_json", "to_pickle", "load_ledger", "load_targets", "read_rankings",
         "read_table", "read_sheets", "read_scheme_rows", "read_revision"}
"""Calls that read or write a file (pandas', pathlib's and the ledger stage's readers of the user's files)."""


def file_access(path: Path) -> list[str]:
    """Return what in a module's source reads or writes files: file modules imported, reading calls made."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in FILE_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in FILE_MODULES:
                found.append(f"from {node.module} import ...")
            found += [f"import {a.name}" for a in node.names if a.name in READS]
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in READS:
                found.append(f"line {node.lineno}: {name}()")
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "figures").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_figures_read_no_file(path):
    """Files are read in the ledger stage and handed in: a figure is a function of the frames it is given."""
    assert file_access(path) == []


def test_the_file_check_sees_a_read(tmp_path):
    """The check itself can fail: a figure reading a CSV or a file's text is caught."""
    module = tmp_path / "reader.py"
    module.write_text("import json\nfrom pathlib import Path\nimport pandas as pd\n"
                      "from yubei_lib.ledger.reference import load_targets\n\n"
                      "def f(p):\n    return pd.read_csv(p), Path(p).read_text(), open(p)\n", encoding="utf-8")
    assert file_access(module) == ["import json", "from pathlib import ...", "import load_targets",
                                   "line 7: read_csv()", "line 7: read_text()", "line 7: open()"]


SIZE_RULES = ("C901", "PLR0912", "PLR0915")
"""ruff's function-size rules: complexity, branches and statements (their limits are in pyproject.toml)."""
LINTED = ("yubei_lib", "tests", "benchmarks")


def test_the_size_rules_are_selected_and_lifted_nowhere():
    """Every function is held to the limits: no file is exempt, no line lifts them (a bare noqa would too)."""
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert set(SIZE_RULES) <= set(lint["select"])
    assert (lint["mccabe"]["max-complexity"], lint["pylint"]["max-branches"], lint["pylint"]["max-statements"]) \
        == (12, 12, 50)
    assert not set(SIZE_RULES) & {code for codes in lint.get("per-file-ignores", {}).values() for code in codes}
    assert not set(SIZE_RULES) & set(lint.get("ignore", []))
    lifted = re.compile(r"#\s*noqa(?!:)|#\s*noqa:[^#]*\b(" + "|".join(SIZE_RULES) + r")\b", re.IGNORECASE)
    lines = [f"{path.relative_to(ROOT)}:{i}" for folder in LINTED for path in sorted((ROOT / folder).rglob("*.py"))
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if lifted.search(line)]
    assert lines == []


def test_every_function_keeps_within_the_size_limits():
    pytest.importorskip("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--select", ",".join(SIZE_RULES),
                             *LINTED], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_runner_loads_no_chart_library():
    import subprocess
    import sys

    code = "import sys, yubei_lib.runner, yubei_lib.cli; print('altair' in sys.modules, 'vl_convert' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
