"""The seven report notebooks' structure: words for the analyst, typed parameters, one call a cell (runs: test_notebook_runs.py)."""

import ast
import re

import nbformat
import papermill
import pytest
from paths import NOTEBOOKS

from yubei_lib.config import COMMON, DEFAULTS

PAGES = ["summary", "contract_value", "district_rankings", "cohort_operation", "outreach", "industry_chains",
         "data_quality"]
OWN = {"summary": {"months_to_commence", "months_to_operate", "warn_months", "rankings", "revisions", "investment",
                   "activities", "scheme"},
       "contract_value": {"top_n"}, "district_rankings": {"rank_quarters", "rankings", "scheme"},
       "cohort_operation": {"months_to_commence", "months_to_operate", "warn_months"}, "outreach": {"activities"},
       "industry_chains": {"years"}, "data_quality": {"rankings", "revisions", "investment", "activities"}}
CJK = re.compile(r"[\u4e00-\u9fff]")


def read(name):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


# -- structure ------------------------------------------------------------------------------


def test_the_seven_pages_are_there():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_words_for_the_analyst_then_parameters_then_open_page(name):
    nb = read(name)
    nbformat.validate(nb)
    intro = nb.cells[0]  # what the page answers, for whom, what to change; not on the page itself
    assert intro.cell_type == "markdown" and intro.metadata.get("tags") == ["notebook-only"]
    assert intro.source.startswith("# ") and "<!-- zh -->" in intro.source and "`projects`" in intro.source
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert tagged == [1]
    opener = ast.parse(nb.cells[2].source).body
    assert ast.unparse(opener[0]) == "import yubei_lib as yb" and len(opener) == 2
    assert isinstance(opener[1], ast.Assign)
    call = opener[1].value
    assert ast.unparse(call.func) == "yb.open_page" and opener[1].targets[0].id == "page"
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {k.arg: ast.unparse(k.value) for k in call.keywords} == {n: n for n in declared}  # every parameter


@pytest.mark.parametrize("name", PAGES)
def test_every_parameter_is_typed_commented_and_shared(name):
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert set(declared) == set(COMMON) | OWN[name]
    for param, info in declared.items():  # the defaults are those of the one shared table, config.DEFAULTS
        assert info["help"].strip(), f"{name}: {param} has no help comment"
        assert info["inferred_type_name"] == type(DEFAULTS[param]).__name__, (name, param)
        assert ast.literal_eval(info["default"]) == DEFAULTS[param], (name, param)
    source = read(name).cells[1].source
    assert all(line.count("=") == 1 for line in source.splitlines() if line.strip())  # papermill parses it


@pytest.mark.parametrize("name", PAGES)
def test_cells_hold_narrative_and_one_call_each(name):
    nb = read(name)
    banned = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While,
              ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.Import, ast.ImportFrom)
    for i, cell in enumerate(nb.cells):
        assert not cell.get("outputs") and cell.get("execution_count") is None, f"{name} cell {i} has outputs"
        if cell.cell_type != "code":
            assert cell.cell_type == "markdown"
            continue
        tree = ast.parse(cell.source)
        assert "print(" not in cell.source and "def " not in cell.source and "class " not in cell.source
        body = tree.body[1:] if i == 2 else tree.body  # the opener imports the kit, then opens the page
        assert not [n for b in body for n in ast.walk(b) if isinstance(n, banned)], f"{name} cell {i}"
        if i >= 3:  # one call to the library, shown
            assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr), f"{name} cell {i}"
            call = tree.body[0].value
            assert isinstance(call, ast.Call) and ast.unparse(call.func).startswith("yb.pages."), cell.source
            assert ast.unparse(call.args[0]) == "page"
    assert nb.metadata.kernelspec.name == "python3"
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    # every section in both languages: English, then the line <!-- zh -->, then the Chinese
    assert headings and all("<!-- zh -->\n## " in h and CJK.search(h.split("<!-- zh -->")[1]) for h in headings)
    assert not any(CJK.search(h.split("<!-- zh -->")[0]) for h in headings)
