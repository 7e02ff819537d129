"""Shared fixtures: a quarterly pack made once per test session (for all workers), and the browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import zmq
from filelock import FileLock
from hypothesis import settings

from yubei_lib import runner as report
from yubei_lib.config import SAMPLE


def _leave_to_exit(self) -> None:
    """Let a zmq context that nothing refers to any more wait for the process's exit (see below)."""


# The test process makes and stops hundreds of kernels (the runner's, papermill's, JupyterLab's
# clients). A zmq context that is only reclaimed by the garbage collector terminates itself from
# whatever test happens to be running, and libzmq's termination waits for every socket made on it,
# including ones held by wrappers the collector has not reached yet: the test then waits for ever.
# The kit's own code closes its contexts itself (yubei_lib.runner.pool, jupyter_client's
# shutdown); what is left over is freed when the test process exits.
zmq.Context.__del__ = _leave_to_exit  # type: ignore[method-assign]

# Property tests are judged by what they find, not by how fast an example runs: on a machine busy
# with the other worker's kernels and browsers an example can take longer than hypothesis's 200 ms.
settings.register_profile("yubei", deadline=None)
settings.load_profile("yubei")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


def shared_folder(tmp_path_factory, worker_id: str, name: str, make) -> Path:
    """Make a folder once per test session, whichever of ``make test``'s workers asks first.

    pytest-xdist's workers are separate processes; each would make a session fixture of its
    own. The first to ask makes the folder (under the session's temporary folder, which the
    workers share) while the others wait on a lock, then all read it. ``make(folder)`` must
    leave the folder complete or raise; a failed make is tried again by the next worker.
    """
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # pytest-<n>/popen-gw<i>: the session's folder, shared by its workers
    folder, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with FileLock(root / f"shared-{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def quarterly_pack(tmp_path_factory, worker_id):
    """The quarterly pack (all pages, Yubei, 2020Q4, the sample and its optional tables, English and Chinese, with
    the Word briefs).

    Made once for the whole run (:func:`shared_folder`); tests only read it.
    """
    def make(out: Path) -> None:
        code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                         lang="en,zh", jobs=2, investment=SAMPLE / "investment.xlsx",
                                         activities=SAMPLE / "activities.xlsx", docx=True), echo=lambda _: None)
        assert code == 0

    return shared_folder(tmp_path_factory, worker_id, "quarterly-pack", make)


@pytest.fixture(scope="session")
def bare_pack(tmp_path_factory, worker_id):
    """The summary and outreach pages of Yubei, 2020Q4, en and zh, without the optional tables; made once."""
    def make(out: Path) -> None:
        code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                         pages=["summary", "outreach"], lang="en,zh", jobs=2), echo=lambda _: None)
        assert code == 0

    return shared_folder(tmp_path_factory, worker_id, "bare-pack", make)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skip (or fail in CI) when it is missing."""
    required = os.environ.get("YUBEI_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("YUBEI_REQUIRE_BROWSER=1 but the playwright package is not installed")
        pytest.skip("browser tests need the playwright package (pip install -e '.[test]')")
    if CHROMIUM is None:
        if required:
            pytest.fail("YUBEI_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install -y chromium)")
        pytest.skip("browser tests need Chromium: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


def pytest_collection_modifyitems(config, items):
    """Run the modules that start kernels, make reports or drive the browser first.

    ``make test`` spreads modules over the cores (pytest-xdist, ``--dist loadscope``), in the
    order they are collected: the long modules go first, so the cores end together, on the
    quick ones, rather than one core finishing a long module alone. Within each group the
    order is the collection's.
    """
    slow = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow)
