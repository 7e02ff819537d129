"""yubei report on a small test notebook (tests/data/notebooks) and an office ledger."""

import json
import re
import threading

import nbformat
import pandas as pd
import pytest
from builders import write_city_table
from paths import DATA

from yubei_lib import __version__
from yubei_lib import runner as report
from yubei_lib.ledger.load import sha256
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.runner.lock import RunLock

NOTEBOOKS = DATA / "notebooks"
LEDGER = DATA / "office" / "ledger_bom.csv"
CAPITAL = DATA / "office" / "capital_bom.csv"


def options(out, **kw):
    base = dict(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], pages=["projects_page"], out=out,
                jobs=2, notebooks=NOTEBOOKS, projects=LEDGER, capital=CAPITAL)
    base.update(kw)
    return report.Options(**base)


def _generated(html: str) -> str:
    """The page but for the time it was made (in its footer, and in the line printed at the foot of each sheet)."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)", "", html)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    lines = []
    code = report.run(options(out, districts=["Yubei", "Dazu"]), echo=lines.append)
    return out, code, lines


@pytest.mark.slow
def test_pages_manifest_and_index_are_written(made):
    out, code, lines = made
    assert code == 0 and "2 page(s) made, 0 skipped, 0 failed" in lines[-1]
    folder = out / "2020-Q4" / "yubei"
    assert (folder / "projects_page.html").exists() and (folder / "projects_page.ipynb").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["pages"]["projects_page"]
    assert entry["status"] == "ok" and entry["parameters"]["district"] == "Yubei"
    assert manifest["data"][str(LEDGER)] == sha256(LEDGER)
    assert manifest["versions"]["yubei_lib"] == __version__
    index = (out / "index.html").read_text()
    assert 'href="2020-Q4/yubei/projects_page.html"' in index and 'href="2020-Q4/dazu/projects_page.html"' in index
    assert not list(out.rglob(".projects_page.*"))  # no work folders left behind


@pytest.mark.slow
def test_page_has_no_code_no_network_one_bundle_and_a_footer(made):
    out, _, _ = made
    html = (out / "2020-Q4" / "yubei" / "projects_page.html").read_text()
    assert "import yubei_lib" not in html and "display.table(" not in html  # no code
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html, re.I)
    assert html.count("window.vegaEmbed=") == 1  # the Vega libraries once per page
    assert html.count('class="vega-spec"') == 1
    assert f"{LEDGER.name} <code>{sha256(LEDGER)[:8]}</code>" in html and "yubei_lib " + __version__ in html
    leaked = sha256(LEDGER)[:9] in html or str(LEDGER.parent) in html
    assert not leaked  # short hashes, no paths
    assert "Yubei · projects_page" in html and "2020-12-31" in html
    assert "@media print" in html


@pytest.mark.slow
def test_second_run_skips_and_force_gives_the_same_page(made):
    out, _, _ = made
    page = out / "2020-Q4" / "yubei" / "projects_page.html"
    before = page.read_text()
    lines = []
    assert report.run(options(out), echo=lines.append) == 0
    assert lines[0].startswith("skipped 1 unchanged page") and page.read_text() == before
    assert report.run(options(out, force=True), echo=lines.append) == 0
    assert "1 page(s) made" in lines[-1]
    assert _generated(page.read_text()) == _generated(before)  # same inputs, same page but the time


@pytest.mark.slow
def test_failed_page_keeps_the_earlier_page_and_names_page_and_cell(made):
    out, _, _ = made
    page = out / "2020-Q4" / "dazu" / "projects_page.html"
    before = page.read_bytes()
    lines = []
    # raise_message makes a cell of the test notebook raise
    code = report.run(options(out, districts=["Dazu"], extra={"raise_message": "made to fail"}), echo=lines.append)
    assert code == 1 and "1 failed" in lines[-1]
    assert page.read_bytes() == before
    manifest = json.loads((page.parent / "manifest.json").read_text())["pages"]["projects_page"]
    assert manifest["status"] == "ok" and manifest["last_run"] == "failed"
    assert re.fullmatch(r"projects_page: cell \d+ raised AssertionError: made to fail", manifest["error"])
    assert (page.parent / "projects_page.failed.ipynb").exists()
    assert "last run failed" in (out / "index.html").read_text()


@pytest.mark.parametrize("extra, message", [
    ({"top_nn": "3"}, "unknown parameter 'top_nn'"),
    ({"top_n": "three"}, "parameter top_n must be a whole number"),
    ({"as_of": "2020-01-01"}, "has an option of its own"),
    ({"top_n": "0"}, "parameter top_n=0 is not accepted"),
])
def test_bad_parameters_are_refused_before_any_kernel(tmp_path, extra, message):
    with pytest.raises(report.ReportError, match=message):
        report.run(options(tmp_path / "out", extra=extra))
    assert not (tmp_path / "out").exists()


def test_bad_ledger_is_refused_before_any_kernel(tmp_path):
    bad = DATA / "bad" / "unknown_district.csv"
    with pytest.raises(LedgerError):
        report.run(options(tmp_path / "out", projects=bad, capital=None))
    assert not (tmp_path / "out").exists()


def test_unknown_page_and_periods(tmp_path):
    with pytest.raises(report.ReportError, match="unknown page"):
        report.run(options(tmp_path, pages=["nope"]))
    with pytest.raises(report.ReportError, match="exactly one"):
        report.parse_periods()
    with pytest.raises(report.ReportError):
        report.parse_periods(quarters="2020Q3..2020Q1")
    assert report.period_folder(pd.Timestamp("2020-06-30")) == "2020-Q2"


@pytest.mark.slow
def test_a_second_run_into_the_same_folder_is_refused_while_one_runs(tmp_path):
    out = tmp_path / "out"
    with RunLock(out):
        with pytest.raises(report.LockedError, match="another yubei report run"):
            report.run(options(out))
    assert not (out / "2020-Q4").exists()


@pytest.mark.slow
def test_parallel_pages_for_many_districts(tmp_path):
    # four kernels at once, two at a time: no port collisions, no shared-folder races
    lines = []
    code = report.run(options(tmp_path, districts=["Yubei", "Dazu", "Jiangbei", "Wansheng"], jobs=4),
                      echo=lines.append)
    assert code == 0, lines
    assert len(list(tmp_path.glob("2020-Q4/*/projects_page.html"))) == 4
    assert threading.active_count() < 10


@pytest.mark.slow
def test_parameter_values_that_look_like_code_are_never_run(tmp_path):
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch() or 'x'\"); import os; (\""
    lines = []
    # the test notebook raises the message it is given: the page shows the text, unrun
    assert report.run(options(tmp_path / "out", extra={"raise_message": code}), echo=lines.append) == 1
    assert not marker.exists()
    manifest = json.loads((tmp_path / "out" / "2020-Q4" / "yubei" / "manifest.json").read_text())
    assert "__import__('pathlib')" in manifest["pages"]["projects_page"]["error"]


@pytest.mark.slow
def test_a_page_that_runs_too_long_is_stopped_and_named(tmp_path):
    lines = []
    code = report.run(options(tmp_path, extra={"sleep_seconds": "600"}, timeout=12), echo=lines.append)
    assert code == 1
    manifest = json.loads((tmp_path / "2020-Q4" / "yubei" / "manifest.json").read_text())
    assert "projects_page: timed out after 12 s" in manifest["pages"]["projects_page"]["error"]
    # what ran before the cell that was stopped is kept beside the page (written when the run stopped)
    kept = nbformat.read(tmp_path / "2020-Q4" / "yubei" / "projects_page.failed.ipynb", as_version=4)
    stopped = next(i for i, c in enumerate(kept.cells) if "sleep(sleep_seconds)" in c.source)
    ran = [c for c in kept.cells[:stopped] if c.cell_type == "code"]
    assert ran and all(c.execution_count for c in ran) and any(c.outputs for c in ran)
    assert kept.cells[stopped].execution_count is not None and not kept.cells[stopped + 1].get("outputs")


def test_a_bad_ranking_table_is_refused_before_any_kernel(tmp_path):
    bad = tmp_path / "city.csv"
    bad.write_text("quarter,district,conversion_rate\n2020Q4,Yubei,abc\n", encoding="utf-8")
    with pytest.raises(LedgerError) as err:
        report.run(options(tmp_path / "out", rankings=bad))
    messages = [str(p) for p in err.value.problems]
    assert any("line 2, column 'conversion_rate', value 'abc': not a rate" in m for m in messages)
    assert any("lacks 21 of the 22 districts" in m for m in messages)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_ranking_table_goes_only_to_the_pages_that_declare_it(tmp_path):
    table = write_city_table(tmp_path / "city.csv", "2020Q4")
    out = tmp_path / "out"
    assert report.run(options(out, rankings=table), echo=lambda _: None) == 0  # projects_page declares no rankings
    manifest = json.loads((out / "2020-Q4" / "yubei" / "manifest.json").read_text())
    assert "rankings" not in manifest["pages"]["projects_page"]["parameters"]
    assert manifest["data"][str(table.resolve())] == sha256(table)  # a changed table makes the pages stale
