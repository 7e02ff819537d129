"""Shared fixtures: a quarterly pack made once per test session, and the browser."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from yubei_lib import runner as report
from yubei_lib.config import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def quarterly_pack(tmp_path_factory):
    """Make the quarterly pack (all pages, Yubei, 2020Q4, the sample and its optional tables, English and Chinese) once."""
    out = tmp_path_factory.mktemp("pack")
    code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                     lang="en,zh", jobs=2, investment=SAMPLE / "investment.xlsx",
                                     activities=SAMPLE / "activities.xlsx"), echo=lambda _: None)
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
