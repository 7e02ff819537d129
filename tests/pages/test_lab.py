"""The page notebooks in a real JupyterLab: run all cells in headless Chromium, offline, and look.

One JupyterLab server (loopback, random port and token, its own config, data, settings and
workspace folders) serves a temporary copy of the notebooks. Each notebook gets a fresh browser
context in which every request to anything but the server, ``file:`` or ``data:`` is aborted and
counted. The test opens the notebook, runs Run > Run All Cells, waits until every code cell has
its number and the kernel is idle, then checks that no cell wrote to stderr or failed, that every
chart output was drawn (an svg or canvas with a size), and that the tiles carry the kit's style
(the ``<style class="yubei-style">`` the title cell emits). A screenshot of each notebook, run,
goes to test-artifacts/lab/<name>.png.

Playwright's own timeouts are kept by the page's renderer: a renderer caught in a loop never
times out and the test would wait until it runs out of memory (minutes). So every call to the page
runs under a watchdog that, when the call has not come back in time, ends the renderer processes
that the page started (by their ids); the call then fails at once and the test says the tab froze.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from paths import ARTIFACTS, NOTEBOOKS

from yubei_lib.config import PAGES, VEGALITE_MIME

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# the notebooks there are, in the report's order (a page being added is tested once its notebook is there)
NAMES = sorted((p.stem for p in NOTEBOOKS.glob("*.ipynb")),
               key=lambda n: (PAGES.index(n) if n in PAGES else len(PAGES), n))
SHOTS = ARTIFACTS / "lab"
STYLED = {"summary", "contract_value"}  # the pages whose tiles are checked for the kit's style
NO_CHART = {"data_quality"}  # the page that may show no chart
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STDERR_MIME = "application/vnd.jupyter.stderr"

SERVER_START = 90  # seconds for the server to answer on /api
OPEN = 90  # seconds for the notebook to load and its kernel to be idle (the first kernel is slow here)
RUN = 120  # seconds for all the cells of one notebook
DRAW = 30  # seconds for the charts to be drawn once the cells are done
ANSWER = 20  # seconds a tab has to answer a question before it counts as frozen
GRACE = 15  # seconds the watchdog gives on top of a Playwright timeout

# -- what is asked of the page; each returns something truthy, which wait_for_function hands back --

KERNEL_IDLE = r"""() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
  .some(e => /\|\s*Idle$/.test(e.textContent.trim()))"""

STATE = r"""() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim());
  const kernel = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .map(e => e.textContent.trim()).find(t => t.includes(' | ')) || '';
  const dialog = document.querySelector('.jp-Dialog');
  return JSON.stringify({prompts, kernel, dialog: dialog ? dialog.textContent.trim().slice(0, 200) : null});
}"""

CHANGED = f"before => ({STATE})() !== before"

DRAWN = """o => [...o.querySelectorAll('svg.marks, canvas.marks')]
  .some(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; })"""

# JupyterLab's Vega renderer is the output node itself (it sets no data-mime-type, unlike the HTML one)
VEGA = ".jp-OutputArea-output.jp-RenderedVegaCommon5"

CHARTS_DRAWN = f"""() => [...document.querySelectorAll('{VEGA}')].every({DRAWN})"""

REPORT = f"""stderr => {{
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const vega = [...document.querySelectorAll('{VEGA}')];
  const sizes = vega.map(o => [...o.querySelectorAll('svg.marks, canvas.marks')].map(m => {{
    const r = m.getBoundingClientRect(); return `${{m.tagName.toLowerCase()}} ${{r.width | 0}}x${{r.height | 0}}`; }}));
  const errors = outputs.filter(o => o.dataset.mimeType === stderr || o.classList.contains('jp-OutputArea-error'))
    .map(o => o.textContent.trim().slice(0, 500));
  const tiles = [...document.querySelectorAll('.jp-OutputArea-output .yubei-tiles .tile')].map(t => {{
    const s = getComputedStyle(t);
    return {{cls: t.className, width: s.borderTopWidth, style: s.borderTopStyle, colour: s.borderTopColor,
             text: s.color, background: s.backgroundColor}};
  }});
  return JSON.stringify({{
    outputs: outputs.length, vega: vega.length, drawn: vega.filter({DRAWN}).length, sizes, errors, tiles,
    undrawn: outputs.filter(o => o.dataset.mimeType === 'text/plain' && o.textContent.trim() === '<chart>').length,
    styles: document.querySelectorAll('.jp-OutputArea-output style.yubei-style').length,
  }});
}}"""

TO_TOP = """() => {
  const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  if (!outer) return JSON.stringify([0, 0]);
  outer.scrollTop = 0;
  return JSON.stringify([outer.scrollHeight, outer.clientHeight]);
}"""


# -- the server -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop_with_us() -> None:
    """In the server's process, before it starts: get SIGTERM when pytest dies, however it dies (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc; none elsewhere): the server's kernels."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


class Lab:
    """A running JupyterLab server and how to reach it."""

    def __init__(self, proc: subprocess.Popen, base: str, token: str, log: Path):
        self.proc, self.base, self.token, self.log = proc, base, token, log

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def log_tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]

    def kernel_of(self, name: str) -> str:
        try:
            sessions = [s for s in self.api("/api/sessions") if s.get("path") == f"{name}.ipynb"]
        except (OSError, urllib.error.URLError) as e:
            return f"unknown ({e})"
        return sessions[0]["kernel"]["execution_state"] if sessions else "not running"

    def stop_kernel_of(self, name: str) -> None:
        """Shut down the session (and kernel) of one notebook, so that the next notebook has the CPU."""
        try:
            for s in self.api("/api/sessions"):
                if s.get("path") == f"{name}.ipynb":
                    self.api(f"/api/sessions/{s['id']}", method="DELETE")
        except (OSError, urllib.error.URLError):
            pass

    def shutdown(self) -> None:
        """Ask the server to stop (it shuts its kernels down), then end its process group and kernels."""
        kernels = _children(self.proc.pid)
        try:
            self.api("/api/shutdown", method="POST")
            self.proc.wait(timeout=30)
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        for pid in kernels:  # each kernel leads a session of its own; it also ends when the server is gone
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of the notebooks, with none of the user's configuration."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        if os.environ.get("YUBEI_REQUIRE_BROWSER") == "1":
            pytest.fail("YUBEI_REQUIRE_BROWSER=1 but jupyterlab is not installed (pip install -e '.[test]')")
        pytest.skip("this test needs jupyterlab: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    for name in NAMES:
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", root)
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        (tmp / var.lower()).mkdir()
        env[var] = str(tmp / var.lower())
    # No news, no update check, and no toast asking about them (it would sit on the screenshots).
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = _free_port(), secrets.token_hex(24)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.open_browser=False",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True",
           "--ServerApp.terminals_enabled=False", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_stop_with_us)
    server = Lab(proc, f"http://127.0.0.1:{port}", token, log)
    try:
        deadline = time.monotonic() + SERVER_START
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                server.api("/api")
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer on /api within {SERVER_START} s:\n{server.log_tail()}")
            try:  # a short pause, cut short if the server dies
                proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                pass
        yield server
    finally:
        server.shutdown()


# -- the browser tab --------------------------------------------------------------------------------


class Frozen(AssertionError):
    """The JupyterLab tab stopped answering."""


class Tab:
    """A JupyterLab tab whose every call is watched: one that does not come back in time ends its renderer."""

    def __init__(self, browser, context):
        self.cdp = browser.new_browser_cdp_session()
        self.before = self._renderers()
        self.page = context.new_page()
        self.pids: set[int] = set()
        self.froze: str | None = None

    def _renderers(self) -> set[int]:
        info = self.cdp.send("SystemInfo.getProcessInfo")["processInfo"]
        return {p["id"] for p in info if p["type"] == "renderer"}

    def adopt_renderers(self) -> None:
        """Once the lab is loaded: the renderer processes that appeared are this tab's."""
        self.pids = self._renderers() - self.before

    def end_renderers(self, what: str, seconds: float) -> None:
        self.froze = f"the JupyterLab tab did not answer within {seconds:.0f} s ({what}): its renderer froze"
        for pid in self.pids:  # the renderer processes this tab started, by id
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    @contextmanager
    def watch(self, what: str, seconds: float):
        from playwright.sync_api import Error as PlaywrightError

        if self.froze:
            raise Frozen(self.froze)
        done = threading.Event()

        def bite():
            if not done.wait(seconds):
                self.end_renderers(what, seconds)

        dog = threading.Thread(target=bite, daemon=True)
        dog.start()
        try:
            yield
        except PlaywrightError as e:
            if self.froze:
                raise Frozen(self.froze) from e
            raise
        finally:
            done.set()
            dog.join()

    def wait(self, js: str, what: str, seconds: float, arg=None) -> None:
        """wait_for_function with Playwright's timeout, and the watchdog's a little later."""
        with self.watch(what, seconds + GRACE):
            self.page.wait_for_function(js, arg=arg, timeout=seconds * 1000, polling=250)

    def ask(self, js: str, what: str, arg=None, parse: bool = True):
        """The JSON string ``js`` returns (parsed unless ``parse`` is false); no answer in time is Frozen."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            with self.watch(what, ANSWER + GRACE):
                raw = self.page.wait_for_function(js, arg=arg, timeout=ANSWER * 1000, polling=250).json_value()
        except PlaywrightTimeout as e:  # alive enough to time out, too busy to answer: the same to a person
            self.end_renderers(what, ANSWER)
            raise Frozen(self.froze) from e
        return json.loads(raw) if parse else raw

    def do(self, what: str, action, seconds: float = ANSWER):
        with self.watch(what, seconds + GRACE):
            return action()

    def close(self) -> None:
        self.cdp.detach()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data") or (parts.scheme in ("http", "ws") and parts.hostname in LOCAL_HOSTS)


def _run_all(tab: Tab, name: str, code_cells: int) -> dict:
    """Run > Run All Cells, then wait until every code cell has its number and the kernel is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = tab.page
    tab.do("open the Run menu", lambda: page.get_by_role("menuitem", name="Run", exact=True).click(
        timeout=ANSWER * 1000))
    tab.do("click Run All Cells", lambda: page.get_by_role("menuitem", name="Run All Cells", exact=True).click(
        timeout=ANSWER * 1000))
    done = re.compile(r"^\[\d+\]:$")
    deadline = time.monotonic() + RUN
    while True:
        raw = tab.ask(STATE, "the state of the cells", parse=False)
        state = json.loads(raw)
        if state["dialog"]:  # JupyterLab may ask for a kernel though one is running: take the one it offers
            assert "Select Kernel" in state["dialog"], f"{name}: JupyterLab showed a dialog: {state['dialog']!r}"
            tab.do("accept the kernel", lambda: page.locator(".jp-Dialog .jp-mod-accept").click(timeout=ANSWER * 1000))
            continue
        if (len(state["prompts"]) == code_cells and all(done.match(p) for p in state["prompts"])
                and state["kernel"].endswith("| Idle")):
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: the cells did not finish within {RUN} s: prompts {state['prompts']}, "
                        f"status bar {state['kernel']!r}")
        try:  # wait (at most 5 s) for the prompts or the status bar to change, then look again
            tab.wait(CHANGED, "a change in the cells", 5, arg=raw)
        except PlaywrightTimeout:
            pass


def _screenshot(tab: Tab, path: Path) -> None:
    """The whole notebook: the viewport grows to the notebook's height (at most 8000 px)."""
    if tab.froze:
        return
    try:
        full, visible = tab.ask(TO_TOP, "the notebook's height")
        size = tab.page.viewport_size
        height = min(8000, size["height"] + max(0, full - visible))
        tab.do("resize the viewport", lambda: tab.page.set_viewport_size({"width": size["width"], "height": height}))
        tab.ask(TO_TOP, "scroll to the top")
        tab.do("take a screenshot", lambda: tab.page.screenshot(path=str(path), timeout=30_000), 30)
    except Exception as e:  # a screenshot is a by-product; the test's own failure says what went wrong
        print(f"no screenshot of {path.name}: {e}")


def _watched_tab(browser, seen: dict) -> tuple:
    """Open a browser context that lets no request leave the machine and records what the page does in ``seen``.

    Returns the context and its tab.
    """
    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    context.route("**/*", route)
    context.on("request", lambda r: seen["requests"].append(r.url))
    tab = Tab(browser, context)
    tab.page.on("websocket", lambda ws: seen["websockets"].append(ws.url))
    tab.page.on("pageerror", lambda e: seen["page_errors"].append(str(e)))
    return context, tab


def _open_and_run(tab: Tab, lab, name: str, started: float) -> dict:
    """Open a notebook in the lab, run all its cells, wait for its charts and return what its outputs show."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    code_cells = sum(c.cell_type == "code" for c in nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells)
    # ?reset: an empty workspace, not the tabs the previous notebook left open
    url = f"{lab.base}/lab/tree/{name}.ipynb?reset&token={lab.token}"
    tab.do("load the lab", lambda: tab.page.goto(url, timeout=OPEN * 1000), OPEN)
    tab.adopt_renderers()
    tab.wait(KERNEL_IDLE, "the kernel to be idle", OPEN)
    _run_all(tab, name, code_cells)
    ran = time.monotonic() - started
    try:
        tab.wait(CHARTS_DRAWN, "the charts to be drawn", DRAW)
    except PlaywrightTimeout:
        pass  # the report says which were not drawn
    report = tab.ask(REPORT, "what the outputs show", arg=STDERR_MIME)
    print(f"{name}: ran in {ran:.1f} s; {report['vega']} charts, {report['drawn']} drawn {report['sizes']}")
    return report


def _assert_styled(name: str, report: dict) -> None:
    """A styled page's outputs carry the kit's style and its tiles (a coloured left rule on white)."""
    assert report["styles"] >= 1, f'{name}: no <style class="yubei-style"> among the outputs'
    assert report["tiles"], f"{name} shows no tiles"
    for tile in report["tiles"]:
        assert tile["width"] == "4px" and tile["style"] == "solid", (name, tile)
        assert tile["colour"] not in ("rgb(0, 0, 0)", tile["text"]), (name, tile)
        assert tile["background"] == "rgb(255, 255, 255)", (name, tile)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_jupyterlab(browser, lab, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    seen: dict = {"requests": [], "blocked": [], "websockets": [], "page_errors": []}
    context, tab = _watched_tab(browser, seen)
    started = time.monotonic()
    report: dict = {}
    try:
        report = _open_and_run(tab, lab, name, started)
    except Frozen as e:
        pytest.fail(f"{name}: {e}, {time.monotonic() - started:.0f} s after opening; its kernel is "
                    f"{lab.kernel_of(name)}; requests blocked: {seen['blocked']}")
    finally:
        _screenshot(tab, shot)
        tab.close()
        context.close()
        lab.stop_kernel_of(name)

    assert seen["blocked"] == [], f"{name}: requests left the machine: {seen['blocked']}"
    assert [u for u in seen["requests"] + seen["websockets"] if not _is_local(u)] == []
    assert seen["requests"], "no request reached the server"
    assert report["errors"] == [], f"{name}: cells wrote errors or warnings: {report['errors']}"
    assert report["undrawn"] == 0, f"{name}: {report['undrawn']} charts shown as text: no renderer for {VEGALITE_MIME}"
    assert report["drawn"] == report["vega"], (
        f"{name}: {report['vega']} chart outputs but {report['drawn']} drawn (marks and their sizes: {report['sizes']})")
    if name not in NO_CHART:
        assert report["vega"] >= 1, f"{name} shows no chart in JupyterLab"
    if name in STYLED:
        _assert_styled(name, report)
    assert seen["page_errors"] == [], f"{name}: uncaught errors in the page: {seen['page_errors']}"
