"""Pages of one's own: `yubei new-page` makes a starter that `yubei report` runs like the kit's pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import pytest

from yubei_lib import config
from yubei_lib.runner.plan import available_pages, page_notebooks
from yubei_lib.runner.starter import new_page


def yubei(*args, cwd):
    return subprocess.run([sys.executable, "-m", "yubei_lib", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_names_are_checked_and_nothing_is_overwritten(tmp_path):
    for bad in ("Park", "1st", "park-page", "summary"):
        with pytest.raises(ValueError):
            new_page(bad, tmp_path)
    made = new_page("park_page", tmp_path)
    with pytest.raises(ValueError, match="exists"):
        new_page("park_page", tmp_path)
    assert new_page("park_page", tmp_path, force=True) == made


def test_a_page_of_ones_own_never_replaces_the_kits_nor_goes_into_the_package(monkeypatch):
    with pytest.raises(ValueError, match="kit's own 'summary' page"):
        new_page("summary", config.NOTEBOOKS, force=True)
    with pytest.raises(ValueError, match="inside the installed kit"):
        new_page("mine", config.PACKAGE / "notebooks")
    assert not (config.PACKAGE / "notebooks" / "mine.ipynb").exists()


def test_in_a_checkout_the_top_level_notebooks_are_the_kits_pages_once(monkeypatch):
    monkeypatch.chdir(config.NOTEBOOKS.parent)
    found = page_notebooks(config.NOTEBOOKS)
    assert {p.resolve() for p in found.values()} == {p.resolve() for p in config.NOTEBOOKS.glob("*.ipynb")}
    assert available_pages(config.NOTEBOOKS) == list(config.PAGES)


def test_a_notebook_without_parameters_is_no_page(tmp_path):
    new_page("mine", tmp_path)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, tmp_path / "scratch.ipynb")
    assert "mine" in page_notebooks(tmp_path) and "scratch" not in page_notebooks(tmp_path)
    assert available_pages(tmp_path)[:7] == ["summary", "contract_value", "district_rankings", "cohort_operation",
                                             "outreach", "industry_chains", "data_quality"]


@pytest.mark.slow
def test_a_starter_page_edited_then_run_through_yubei_report(tmp_path):
    made = yubei("new-page", "park_quarterly", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "notebooks" / "park_quarterly.ipynb"
    nb = nbformat.read(path, as_version=4)
    # the analyst's edit: a parameter of their own, and a section of their own
    nb.cells[1].source = nb.cells[1].source.replace('by: str = "park"', 'by: str = "investor_type"')
    nb.cells.append(nbformat.v4.new_markdown_cell("## Largest projects\n<!-- zh -->\n## 重大项目"))
    nb.cells.append(nbformat.v4.new_code_cell("yb.pages.largest_projects(page)"))
    nbformat.write(nb, path)
    run = yubei("report", "--quarter", "2020Q4", "--pages", "summary,park_quarterly", "--lang", "en,zh",
                "--out", "reports", "-p", "by=cluster", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "reports" / "2020-Q4" / "yubei"
    html = (folder / "park_quarterly.html").read_text(encoding="utf-8")
    assert "Yubei · park_quarterly" in html and "Largest projects" in html and "重大项目" not in html
    assert "Five steps" not in html  # the analyst's notes stay in the notebook
    executed = nbformat.read(folder / "park_quarterly.ipynb", as_version=4)
    assert any("by = \"cluster\"" in c.source for c in executed.cells)  # -p reached the page's own parameter
    assert 'href="park_quarterly.html"' in (folder / "summary.html").read_text(encoding="utf-8")
    assert "park_quarterly" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"]["park_quarterly.zh"]["status"] == "ok"
    bad = yubei("report", "--quarter", "2020Q4", "--pages", "park_quarterly", "-p", "by=7", "-p", "top=1",
                "--out", "reports", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown parameter 'top'" in bad.stderr
