"""A bad day: a run killed mid-way, two runs at once, a full disk, a read-only folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from paths import DATA

from yubei_lib import runner as report

pytestmark = pytest.mark.slow

ARGS = ["--quarter", "2020Q4", "--pages", "projects_page", "--notebooks", str(DATA / "notebooks"),
        "--projects", str(DATA / "office" / "ledger_bom.csv"), "--capital", str(DATA / "office" / "capital_bom.csv")]


def yubei(out: Path, *extra: str, wait: bool = True):
    cmd = [sys.executable, "-m", "yubei_lib", "report", *ARGS, "--out", str(out), *extra]
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def _pages(out: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(out.rglob("*.html"))}


def _whole(html: bytes) -> bool:
    return html.rstrip().endswith(b"</html>")


@pytest.fixture(scope="module")
def made_once(tmp_path_factory):
    """A report folder with good pages for two districts, made by an earlier run (once for the module)."""
    out = tmp_path_factory.mktemp("earlier") / "reports"
    options = report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei", "Dazu"],
                             pages=["projects_page"], notebooks=DATA / "notebooks", out=out, jobs=2,
                             projects=DATA / "office" / "ledger_bom.csv", capital=DATA / "office" / "capital_bom.csv")
    assert report.run(options, echo=lambda _: None) == 0
    return out


@pytest.fixture
def earlier(made_once, tmp_path):
    """A copy of the earlier runs' report folder, for a test to break."""
    return Path(shutil.copytree(made_once, tmp_path / "reports"))


def test_a_run_killed_mid_way_loses_nothing(earlier):
    before = _pages(earlier)
    run = yubei(earlier, "--all-districts", "--force", "--jobs", "2", wait=False)
    deadline = time.time() + 120
    while time.time() < deadline and not list(earlier.glob("2020-Q4/*/.projects_page.*")):
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(run.pid, signal.SIGKILL)  # the runner and its kernels, at once
    run.wait()
    after = _pages(earlier)
    for path, html in before.items():
        assert path in after and _whole(after[path]), path
    assert all(_whole(html) for html in after.values())
    index = (earlier / "index.html").read_text()
    assert 'href="2020-Q4/yubei/projects_page.html"' in index and 'href="2020-Q4/dazu/projects_page.html"' in index
    rerun = yubei(earlier, "--district", "Yubei")
    assert rerun.returncode == 0, rerun.stderr


def test_two_runs_at_once_one_refuses_and_the_index_stays_consistent(earlier):
    before = _pages(earlier)
    first = yubei(earlier, "--all-districts", "--force", "--jobs", "1", wait=False)
    deadline = time.time() + 120
    while time.time() < deadline and not list(earlier.glob("2020-Q4/*/.projects_page.*")):
        time.sleep(0.05)  # the first run holds the lock once it executes pages
    second = yubei(earlier, "--district", "Beibei", "--force")
    assert second.returncode == 2
    assert "another yubei report run" in second.stderr and "Traceback" not in second.stderr
    assert not (earlier / "2020-Q4" / "beibei").exists()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    index = (earlier / "index.html").read_text()
    for path in before:
        if path.name != "index.html":
            rel = path.relative_to(earlier).as_posix()
            assert f'href="{rel}"' in index and _whole(path.read_bytes())


def _mount(path: Path, options: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small or read-only file system needs root")
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)


def test_a_full_disk_is_a_clear_error_and_keeps_earlier_pages(tmp_path):
    out = tmp_path / "small"
    _mount(out, "size=400k")
    try:
        done = yubei(out)
        assert done.returncode in (1, 2)
        assert "No space left on device" in done.stderr
        assert not [p for p in out.rglob("*.html") if not _whole(p.read_bytes())]
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_read_only_folder_is_a_clear_error(tmp_path):
    out = tmp_path / "ro"
    _mount(out, "ro,size=1m")
    try:
        done = yubei(out)
        assert done.returncode == 2
        assert "Read-only file system" in done.stderr and "Traceback" not in done.stderr
    finally:
        subprocess.run(["umount", str(out)], check=False)
