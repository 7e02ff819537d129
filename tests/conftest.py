"""Shared fixtures: a quarterly pack made once per test session, and the browser."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest
import zmq

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

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def quarterly_pack(tmp_path_factory):
    """Make the quarterly pack (all pages, Yubei, 2020Q4, the sample and its optional tables, English and Chinese, with the Word briefs) once."""
    out = tmp_path_factory.mktemp("pack")
    code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                     lang="en,zh", jobs=2, investment=SAMPLE / "investment.xlsx",
                                     activities=SAMPLE / "activities.xlsx", docx=True), echo=lambda _: None)
    assert code == 0
    return out


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
