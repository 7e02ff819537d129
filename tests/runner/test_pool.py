"""Warm kernels: a page run after another on one kernel is the page run alone; kernels are replaced."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from paths import DATA

from yubei_lib.runner.execute import execute
from yubei_lib.runner.plan import Options, plan
from yubei_lib.runner.pool import KernelError, WarmKernel, run_pages

pytestmark = pytest.mark.slow

POLLUTER = """
import os, random, sys, warnings
import altair as alt
import numpy as np
import pandas as pd
import yubei_lib as yb
leftover = "from the page before"
pd.set_option("display.precision", 1)
pd.set_option("display.max_rows", 3)
alt.theme.enable("dark")
alt.data_transformers.disable_max_rows()
np.random.seed(1)
random.seed(1)
np.set_printoptions(precision=1)
warnings.simplefilter("error")
os.environ["YUBEI_LEFTOVER"] = "1"
sys.path.insert(0, "/nowhere")
get_ipython().display_formatter.formatters["text/plain"].for_type(float, lambda x, p, c: p.text("FLOAT"))
get_ipython().events.register("post_run_cell", lambda result: print("leaked callback"))
os.chdir(os.path.expanduser("~"))
"""

PROBE = """
import os, random, sys, warnings
import altair as alt
import numpy as np
import pandas as pd
print(sorted(k for k in globals() if not k.startswith("_") and k not in ("In", "Out", "exit", "quit", "get_ipython")))
print("leftover" in dir())
print(pd.get_option("display.precision"), pd.get_option("display.max_rows"))
print(alt.theme.active, alt.data_transformers.options)
np.random.seed(2); print(np.random.rand() == np.random.RandomState(2).rand())
print(np.get_printoptions()["precision"])
print(any(f[0] == "error" and f[2] is Warning for f in warnings.filters))
print(os.environ.get("YUBEI_LEFTOVER"), "/nowhere" in sys.path)
print(os.path.basename(os.getcwd()).startswith(".probe."))
print(get_ipython().execution_count)
"""


PARAMETERS = """as_of: str = "2020Q4"
district: str = "Yubei"
projects: str = ""
capital: str = ""
targets: str = ""
unit: str = ""
lang: str = "en"
strict: bool = True"""


def _page(path: Path, code: str) -> None:
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    cells = [params, nbformat.v4.new_code_cell(textwrap.dedent(code)), nbformat.v4.new_code_cell("0.5")]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def _jobs(tmp_path: Path, pages: list[str], notebooks: Path | None = None):
    opts = Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], pages=pages, out=tmp_path / "out",
                   notebooks=notebooks, projects=DATA / "office" / "ledger_bom.csv",
                   capital=DATA / "office" / "capital_bom.csv")
    cache = tmp_path / "cache"
    planned = plan(opts, cache)
    return {job.page: job for job in planned.jobs}, planned.data, str(cache)


def _run(job, data, kernel) -> tuple[str, dict]:
    outcome = execute(job, data, 300, False, kernel)
    assert outcome.status == "made", outcome.error
    html = (job.folder / f"{job.stem}.html").read_text(encoding="utf-8")
    html = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)", "GENERATED", html)  # when it was made
    nb = json.loads((job.folder / f"{job.stem}.ipynb").read_text(encoding="utf-8"))
    return html, _timeless(nb)


def _timeless(nb: dict) -> dict:
    """The executed notebook but for time stamps (and the random id papermill gives its parameters cell)."""
    nb["metadata"].get("papermill", {}).pop("start_time", None)
    for key in ("end_time", "duration"):
        nb["metadata"].get("papermill", {}).pop(key, None)
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell["metadata"].get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell["id"] = "injected"
    return nb


def _after_and_alone(first, second, data, cache):
    """Run ``second`` after ``first`` on one warm kernel, then alone on a kernel of its own; return both results."""
    warm = WarmKernel(ledger_cache=cache, pages=5)
    try:
        _run(first, data, warm)
        after = _run(second, data, warm)
        assert warm.started == 1
    finally:
        warm.stop()
    own = WarmKernel(ledger_cache=cache, pages=1)
    try:
        alone = _run(second, data, own)
    finally:
        own.stop()
    return after, alone


def test_a_kit_page_after_another_on_one_kernel_is_the_page_alone(tmp_path):
    jobs, data, cache = _jobs(tmp_path, ["district_rankings", "summary"])
    after, alone = _after_and_alone(jobs["district_rankings"], jobs["summary"], data, cache)
    assert after[0] == alone[0]  # the page, byte for byte but the time it was made
    assert after[1] == alone[1]  # the executed notebook: outputs, execution counts, metadata
    counts = [c["execution_count"] for c in after[1]["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_nothing_a_page_changes_reaches_the_next_page(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _page(notebooks / "polluter.ipynb", POLLUTER)
    _page(notebooks / "probe.ipynb", PROBE)
    jobs, data, cache = _jobs(tmp_path, ["polluter", "probe"], notebooks)
    after, alone = _after_and_alone(jobs["polluter"], jobs["probe"], data, cache)
    printed = "".join(after[1]["cells"][2]["outputs"][0]["text"])
    assert "leftover" not in printed.split("\n")[0] and "True" not in printed.split("\n")[1]
    assert "None False" in printed and "leaked callback" not in json.dumps(after[1])
    assert "".join(after[1]["cells"][3]["outputs"][0]["data"]["text/plain"]) == "0.5"
    assert after == alone


def test_kernels_are_replaced_after_their_pages_and_after_a_failure(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _page(notebooks / "probe.ipynb", PROBE)
    _page(notebooks / "broken.ipynb", "raise RuntimeError('broken on purpose')")
    jobs, data, cache = _jobs(tmp_path, ["probe", "broken"], notebooks)
    warm = WarmKernel(ledger_cache=cache, pages=2)
    try:
        for _ in range(3):
            _run(jobs["probe"], data, warm)
        assert warm.started == 2  # two pages on the first kernel, the third on a new one
        failed = execute(jobs["broken"], data, 300, False, warm)
        assert failed.status == "failed" and "broken on purpose" in failed.error
        assert warm.manager is None  # stopped: the next page gets a new kernel
        _run(jobs["probe"], data, warm)
        assert warm.started == 3
    finally:
        warm.stop()


def test_a_kernel_that_cannot_be_prepared_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("yubei_lib.runner.pool.PREPARE", "raise ImportError('no kit here')")
    warm = WarmKernel(pages=2, timeout=60)
    from yubei_lib.runner.kernels import Watchdog

    with pytest.raises(KernelError, match="no kit here"):
        warm.for_page(str(tmp_path), Watchdog(60))
    assert warm.manager is None


def test_run_pages_spreads_jobs_over_workers_and_stops_every_kernel():
    made: list[FakeKernel] = []

    def kernel():
        made.append(FakeKernel())
        return made[-1]

    outcomes = list(run_pages(range(10), 3, kernel, lambda job, k: (job, k.ran.append(job))))
    assert sorted(job for job, _ in outcomes) == list(range(10))
    assert len(made) == 3 and all(k.stopped for k in made)
    assert sorted(j for k in made for j in k.ran) == list(range(10))


def test_run_pages_raises_a_fault_of_the_kit_in_the_caller():
    def page(job, kernel):
        raise ValueError(f"fault {job}")

    with pytest.raises(ValueError, match=re.escape("fault 0")):
        list(run_pages([0], 1, FakeKernel, page))


class FakeKernel:
    def __init__(self):
        self.ran, self.stopped = [], False

    def stop(self):
        self.stopped = True


def test_a_kernel_that_dies_while_being_prepared_is_named_not_waited_for(tmp_path, monkeypatch):
    from yubei_lib.runner.kernels import Watchdog

    monkeypatch.setattr("yubei_lib.runner.pool.PREPARE", "import os; os._exit(3)")
    warm = WarmKernel(pages=2, timeout=300)
    with pytest.raises(KernelError, match="the kernel died"):  # not "did not answer within 300 s"
        warm.for_page(str(tmp_path), Watchdog(300))
    assert warm.manager is None


def test_a_stray_module_in_the_temporary_folder_is_never_imported(tmp_path, monkeypatch):
    """The system's temporary folder is anyone's: a kernel works in an empty folder of its own."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    (shared / "attr.py").write_text("raise ImportError('a stray attr.py was imported')\n", encoding="utf-8")
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _page(notebooks / "probe.ipynb", PROBE)
    jobs, data, cache = _jobs(tmp_path, ["probe", "summary"], notebooks)
    warm = WarmKernel(ledger_cache=cache, pages=5)
    try:
        _run(jobs["probe"], data, warm)  # altair imports jsonschema, which imports attr
        home = Path(warm.home)
        assert home.parent == shared and not list(home.iterdir())
        _run(jobs["summary"], data, warm)
    finally:
        warm.stop()
    assert not home.exists()  # removed with its kernel
