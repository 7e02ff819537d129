"""Print report pages, and one brief of each set, to PDF: ``yubei report --pdf``.

The system's Chromium, Google Chrome or Microsoft Edge prints, driven by Playwright (imported
only here, only when ``--pdf`` is given): each page made in a run (or skipped as unchanged
but without its PDF) becomes ``<page>.pdf`` beside it, and each set of the run gets
``brief.pdf`` / ``brief.zh.pdf`` (:mod:`~yubei_lib.runner.brief`). Sheets are A4 portrait
with backgrounds, a running header (district, period) and page numbers; every chart is
drawn before printing, and text stays text. Nothing is fetched from the network. A PDF is
written through a temporary file, so a failed print never replaces a good earlier one.
Chinese text as Chromium writes it is corrected by :mod:`~yubei_lib.runner.pdftext`.

A PDF counts as printed only when every Chinese character the page shows is drawn by a font
that has it (the PDF's fonts are read back): where no font has them, Chromium draws empty
boxes and says nothing, and such a PDF fails instead. Printing with a font file of one's
own (``--font``) and the check before any page runs are in :mod:`~yubei_lib.runner.fonts`.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from yubei_lib.config import TIMEZONE
from yubei_lib.present.export import write_bytes_atomic
from yubei_lib.runner import brief
from yubei_lib.runner.fonts import PACKAGES, PRINT_FAMILY, PrintFont, chinese
from yubei_lib.runner.manifest import read_manifest, record_pdfs
from yubei_lib.runner.pdftext import drawn_text, fix_cjk_text, ideograph
from yubei_lib.runner.plan import Outcome, ReportError
from yubei_lib.runner.stamp import local_time, now

ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge",
           "microsoft-edge-stable")
"""Names of the browsers looked for on PATH, in this order."""

BROWSER_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--disable-extensions"]

INSTALL_HINT = ("--pdf prints through Chromium, Google Chrome or Microsoft Edge. On Debian or Ubuntu: "
                "sudo apt-get install chromium. On Windows or macOS, Microsoft Edge or Google Chrome installed "
                "in the usual place is used. Or name the browser with --browser PATH.")

CHARTS_SETTLED = """() => [...document.querySelectorAll('.vega-chart')]
    .every(c => c.querySelector('svg') || c.textContent.trim() !== '')"""
CHARTS_FAILED = """() => [...document.querySelectorAll('.vega-chart')]
    .filter(c => !c.querySelector('svg')).map(c => c.textContent.trim().slice(0, 200))"""
SHOWN_TEXT = """() => {
    const text = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, template, noscript, title, desc')) continue;
        if (parent.checkVisibility && !parent.checkVisibility({visibilityProperty: true})) continue;
        text.push(node.data);
    }
    const styles = [...document.querySelectorAll('style')].map(s => s.textContent);
    return {text: text.join(' '), styles: styles.join('\\n'), lang: document.documentElement.lang || ''};
}"""
"""The text a printed page shows (print media: what print CSS hides is left out), its styles and language."""
FONT_LOADED = """async (family) => {
    const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === family);
    await Promise.all(faces.map(f => f.load().catch(() => null)));
    return faces.length > 0 && faces.every(f => f.status === 'loaded');
}"""
REDRAW = """() => typeof window.yubeiDrawCharts === 'function' && window.yubeiDrawCharts().then(() => true)"""
"""Draw the charts again (the template's ``yubeiDrawCharts``), where the page has the function."""
MARGIN_CONTENT = re.compile(r"@(?:top|bottom|left|right)-[a-z-]+\s*\{[^}]*?content:\s*([^;}]*)")
"""The ``content`` of an ``@page`` margin box (the running header, the page number)."""


def usual_places() -> list[Path]:
    """Return where Chrome and Edge are usually installed on Windows and macOS."""
    places = []
    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        root = os.environ.get(var)
        if root:
            places += [Path(root) / "Google" / "Chrome" / "Application" / "chrome.exe",
                       Path(root) / "Microsoft" / "Edge" / "Application" / "msedge.exe"]
    if sys.platform == "win32" and not places:
        places += [Path(r"C:\Program Files\Google\Chrome\Application\chrome.exe"),
                   Path(r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe"),
                   Path(r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"),
                   Path(r"C:\Program Files\Microsoft\Edge\Application\msedge.exe")]
    for apps in (Path("/Applications"), Path.home() / "Applications"):
        places += [apps / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome",
                   apps / "Microsoft Edge.app" / "Contents" / "MacOS" / "Microsoft Edge",
                   apps / "Chromium.app" / "Contents" / "MacOS" / "Chromium"]
    return places


def find_browser(given: Path | str | None = None) -> Path | None:
    """Return the browser to print with: ``given`` (``--browser``), else one on PATH, else one in the usual places.

    A browser given that does not exist is not replaced by another: None is returned.
    """
    if given:
        path = Path(given).expanduser()
        return path.resolve() if path.is_file() else None
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in usual_places() if p.is_file()), None)


def require_browser(given: Path | str | None = None) -> Path:
    """Return the browser for ``--pdf``, or raise ReportError saying how to get one (before any kernel starts)."""
    try:
        import playwright  # noqa: F401  (only whether it is there)
    except ImportError:
        raise ReportError("--pdf needs the playwright package: pip install -e . (it is a dependency of the kit)") from None
    found = find_browser(given)
    if found is None:
        where = f"--browser {given}: no such file. " if given else "no Chromium, Chrome or Edge was found. "
        raise ReportError(where + INSTALL_HINT)
    return found


def pdf_name(stem: str) -> str:
    """Return the PDF's file name of a page's stem: ``summary.pdf``, ``summary.zh.pdf``."""
    return f"{stem}.pdf"


@dataclass
class Task:
    """One PDF to print: a page's (``stem`` set) or a set's brief (``stem`` empty)."""

    folder: Path
    lang: str
    name: str
    stem: str = ""
    key: str = ""
    error: str = ""
    done: bool = False
    zone: str = TIMEZONE  # the zone of the time on a brief's cover

    @property
    def where(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}/{self.name}"


def plan_pdfs(outcomes: list[Outcome]) -> tuple[list[Task], int]:
    """Return the PDFs a run prints, and how many it keeps as they are.

    A page made now is printed; one skipped as unchanged keeps a PDF printed from it (else it
    is printed); a failed page is not printed. Each (set, language) of the run gets its brief
    unless the brief already holds exactly the set's present pages.
    """
    tasks, kept = [], 0
    by_set: dict[tuple[Path, str], list[Outcome]] = {}
    for o in outcomes:
        by_set.setdefault((o.job.folder, o.job.lang), []).append(o)
    for (folder, lang), items in by_set.items():
        manifest = read_manifest(folder)
        entries = manifest.get("pages", {})
        for o in sorted(items, key=lambda o: brief.page_order(o.job.page)):
            stem, entry = o.job.stem, entries.get(o.job.stem, {})
            name = pdf_name(stem)
            if o.status == "failed" or not (folder / f"{stem}.html").is_file():
                continue
            if (o.status == "skipped" and entry.get("pdf") == name and not entry.get("pdf_error")
                    and (folder / name).is_file()):
                kept += 1
                continue
            tasks.append(Task(folder, lang, name, stem=stem))
        pages = brief.set_pages(folder, manifest, lang)
        if not pages:
            continue
        key = brief.brief_key(pages, lang)
        name = brief.brief_name(lang)
        if (manifest.get("briefs", {}).get(lang) == name and manifest.get("brief_keys", {}).get(lang) == key
                and not manifest.get("brief_errors", {}).get(lang) and (folder / name).is_file()):
            kept += 1
            continue
        tasks.append(Task(folder, lang, name, key=key))
    return tasks, kept


def make_pdfs(outcomes: list[Outcome], browser: Path, timeout: int, echo=print,
              font: PrintFont | None = None, zone: str = TIMEZONE) -> list[Task]:
    """Print the run's PDFs (:func:`plan_pdfs`), record them in the manifests, and return the failed ones.

    ``font`` (``--font``) is the font file Chinese, and all text of Chinese pages, is printed with;
    ``zone`` the time zone of the time on each brief's cover.
    """
    tasks, kept = plan_pdfs(outcomes)
    for task in tasks:
        task.zone = zone
    print_tasks(tasks, browser, timeout, font)
    by_folder: dict[Path, list[Task]] = {}
    for task in tasks:
        if not task.done and not task.error:
            task.error = "not printed (the printing thread stopped)"
        by_folder.setdefault(task.folder, []).append(task)
    for folder, items in by_folder.items():
        record_pdfs(folder,
                    pages={t.stem: (t.name, t.error) for t in items if t.stem},
                    briefs={t.lang: (t.name, t.key, t.error) for t in items if not t.stem})
    failed = [t for t in tasks if t.error]
    for t in failed:
        echo(f"FAILED {t.where}: {t.error}")
    echo(f"{len(tasks) - len(failed)} PDF(s) printed, {kept} kept, {len(failed)} failed")
    return failed


def print_tasks(tasks: list[Task], browser: Path, timeout: int, font: PrintFont | None = None) -> None:
    """Print the tasks with one browser, each task's ``done`` or ``error`` set; write each PDF atomically.

    Printing runs in a thread of its own: Playwright's sync API refuses to run where an
    event loop is already running (a notebook, or another Playwright user in the caller).
    ``font`` (``--font``) is given to every page (:meth:`~yubei_lib.runner.fonts.PrintFont.rules`).
    """
    if tasks:
        worker = threading.Thread(target=_print_all, args=(tasks, browser, timeout, font), name="yubei-pdf",
                                  daemon=True)
        worker.start()
        worker.join()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".strip()


def _print_all(tasks: list[Task], browser: Path, timeout: int, font: PrintFont | None) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        for t in tasks:
            t.error = f"cannot print: {_first_line(exc)}"
        return
    try:
        with sync_playwright() as p:
            try:
                chromium = p.chromium.launch(executable_path=str(browser), args=BROWSER_ARGS, timeout=60_000)
            except Exception as exc:  # not a browser, or it does not start
                for t in tasks:
                    t.error = f"the browser {browser} did not start: {_first_line(exc)}"
                return
            try:
                context = chromium.new_context(offline=True)
                for task in tasks:
                    try:
                        _print_task(context, task, timeout, font)
                        task.done = True
                    except Exception as exc:  # one PDF failed: the others go on
                        task.error = _first_line(exc)
            finally:
                chromium.close()
    except Exception as exc:  # Playwright itself failed to start or stop
        for t in tasks:
            if not t.done and not t.error:
                t.error = f"cannot print: {_first_line(exc)}"


def _print_task(context, task: Task, timeout: int, font: PrintFont | None) -> None:
    folder = task.folder
    work = Path(tempfile.mkdtemp(prefix=f".{task.name}.", dir=folder))
    try:
        manifest = read_manifest(folder)
        css = None
        if task.stem:
            source = folder / f"{task.stem}.html"
            text = source.read_text(encoding="utf-8")
            try:
                synthetic = brief.page_parts(text).synthetic
            except ValueError:  # a page of an older template: printed as it is
                synthetic = '<p class="synthetic">' in text
            css = brief.page_rules(brief.running_header(manifest, task.lang, synthetic), task.lang)
        else:
            pages = brief.set_pages(folder, manifest, task.lang)
            generated = local_time(now(), task.zone, task.lang)
            source = work / "brief.html"
            source.write_text(brief.compose(manifest, task.lang, pages, generated), encoding="utf-8")
        data = print_html(context, source, timeout, css=css, font=font)
        write_bytes_atomic(folder / task.name, fix_cjk_text(data))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_html(context, path: Path, timeout: int, css: str | None = None, font: PrintFont | None = None) -> bytes:
    """Open a local HTML file (nothing but file: and data: loads), draw its charts, and print it to PDF bytes.

    Parameters
    ----------
    context : playwright.sync_api.BrowserContext
    path : pathlib.Path
        The page.
    timeout : int
        Seconds to load the page and to draw its charts.
    css : str, optional
        Rules added to the page (its ``@page`` rules: running header, page numbers).
    font : PrintFont, optional
        A font file to print with (``--font``), subset to the page's characters.

    Raises
    ------
    RuntimeError
        When a chart is not drawn, the font file cannot be used, a Chinese character the page
        shows is not drawn by any font in the PDF (empty boxes), or the result is not a PDF.
    """
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
        if css:
            page.add_style_tag(content=css)
        page.wait_for_function(CHARTS_SETTLED, timeout=timeout * 1000)
        failed = page.evaluate(CHARTS_FAILED)
        if failed:
            raise RuntimeError(f"{len(failed)} chart(s) not drawn: {failed[0]}")
        page.emulate_media(media="print")
        shown = page.evaluate(SHOWN_TEXT)
        if font is not None:
            margins = " ".join(MARGIN_CONTENT.findall(shown["styles"]))  # (css among them)
            page.add_style_tag(content=font.rules(set(shown["text"] + margins + "…"), shown["lang"]))
            if not page.evaluate(FONT_LOADED, PRINT_FAMILY):
                raise RuntimeError(f"the browser could not use the font of --font {font.path}")
            if page.evaluate(REDRAW):  # the charts' labels laid out again in the font
                page.wait_for_function(CHARTS_SETTLED, timeout=timeout * 1000)
            shown = page.evaluate(SHOWN_TEXT)
        wanted = chinese(shown["text"]) | chinese(" ".join(MARGIN_CONTENT.findall(shown["styles"])))
        page.evaluate("() => document.fonts.ready.then(() => true)")
        data = page.pdf(format="A4", landscape=False, print_background=True)
    finally:
        page.close()
    if not data.startswith(b"%PDF-"):
        raise RuntimeError("the browser did not return a PDF")
    missing = sorted({ideograph(c) for c in wanted} - drawn_text(data))
    if missing:
        raise RuntimeError(f"{len(missing)} Chinese character(s) printed as empty boxes, no font has them "
                           f"({''.join(missing[:12])}{'…' if len(missing) > 12 else ''}): install a Chinese font "
                           f"({PACKAGES.split(' (')[0]}) or name one with --font FILE")
    return data
