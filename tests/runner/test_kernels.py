"""Kernels on every platform: Unix sockets or TCP on loopback, and a runner that needs no fcntl."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from paths import DATA

from yubei_lib.runner.kernels import PageKernelManager, Watchdog, manager_class, transport

ARGS = ["report", "--quarter", "2020Q4", "--pages", "projects_page", "--notebooks", str(DATA / "notebooks"),
        "--projects", str(DATA / "office" / "ledger_bom.csv"), "--capital", str(DATA / "office" / "capital_bom.csv")]

NO_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as on Windows: `import fcntl` raises ImportError
import yubei_lib.cli
assert "fcntl" not in [m for m in sys.modules if sys.modules[m] is not None]
yubei_lib.cli.app(sys.argv[1:], prog_name="yubei")
"""


def test_transport_choice():
    assert transport("tcp") == "tcp" and transport("ipc") == "ipc"
    assert transport("auto") == ("tcp" if sys.platform == "win32" else "ipc")
    with pytest.raises(ValueError, match="unknown kernel transport"):
        transport("udp")


def test_each_page_gets_its_own_manager_class_with_its_environment():
    dog = Watchdog(10)
    a = manager_class("tcp", "/tmp/cache-a", dog)
    b = manager_class("ipc")
    assert issubclass(a, PageKernelManager) and a is not b
    assert a.page_transport == "tcp" and a.page_env == {"YUBEI_LEDGER_CACHE": "/tmp/cache-a"} and a.watchdog is dog
    assert b.page_env == {} and b.watchdog is None
    assert manager_class("ipc", row_limit=30).page_env == {"YUBEI_MAX_ROWS": "30"}  # the run's --max-rows, by value
    manager = a()
    assert manager.transport == "tcp" and manager.ip == "127.0.0.1" and dog.manager is manager


def _made(out):
    manifest = json.loads((out / "2020-Q4" / "yubei" / "manifest.json").read_text(encoding="utf-8"))
    return manifest["pages"]["projects_page"]["status"]


@pytest.mark.slow
def test_a_report_over_tcp_kernels_where_fcntl_cannot_be_imported(tmp_path):
    """As on Windows: TCP kernels on loopback, and a runner (its lock too) that never imports fcntl."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", NO_FCNTL, *ARGS, "--out", str(out), "--kernel-transport", "tcp"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _made(out) == "ok" and "CNY" in (out / "2020-Q4" / "yubei" / "projects_page.html").read_text()


@pytest.mark.slow
def test_without_fcntl_a_second_run_is_still_refused(tmp_path):
    code = NO_FCNTL.replace("yubei_lib.cli.app(sys.argv[1:], prog_name=\"yubei\")", """
from yubei_lib.runner.lock import LockedError, RunLock
with RunLock(sys.argv[1]):
    try:
        with RunLock(sys.argv[1]):
            raise SystemExit("locked twice")
    except LockedError as exc:
        print(exc)
""")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "another yubei report run (pid" in done.stdout


def test_no_socket_of_a_page_kernel_waits_for_ever_on_a_killed_kernel():
    """A message left for a killed kernel must not hold the process when the context is cleaned up (at any GC)."""
    import zmq

    from yubei_lib.runner.kernels import LINGER_MS

    manager = manager_class("auto")(kernel_name="python3")
    client = manager.client()
    try:
        assert manager.context.sockopts[zmq.LINGER] == LINGER_MS
        assert client.context.sockopts[zmq.LINGER] == LINGER_MS
        assert manager.context.socket(zmq.DEALER).getsockopt(zmq.LINGER) == LINGER_MS
    finally:
        client.context.destroy(linger=0)
        manager.context.destroy(linger=0)


def test_a_temporary_folder_too_deep_for_a_unix_socket_gives_a_tcp_kernel(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr("tempfile.tempdir", str(deep))
    manager = manager_class("ipc")(kernel_name="python3")
    assert manager.transport == "tcp" and manager.ip == "127.0.0.1" and not list(deep.iterdir())
    monkeypatch.setattr("tempfile.tempdir", None)  # the system's own, short enough here
    short = manager_class("ipc")(kernel_name="python3")
    try:
        assert short.transport == "ipc" and len(os.fsencode(short.ip)) < 100
    finally:
        shutil.rmtree(os.path.dirname(short.ip), ignore_errors=True)
