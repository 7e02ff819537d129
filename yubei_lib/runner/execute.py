"""Execute one page with papermill and write it, with its executed notebook, atomically.

A page that fails keeps its earlier good version; its executed notebook up to the error
is kept beside it as ``<page>.failed.ipynb``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from yubei_lib.config import TIMEZONE
from yubei_lib.config import VERSION as __version__
from yubei_lib.ledger.periods import quarter_end
from yubei_lib.present import labels
from yubei_lib.present.export import write_text_atomic
from yubei_lib.present.glossary import definitions
from yubei_lib.present.workbook import tables_name
from yubei_lib.runner.kernels import Watchdog
from yubei_lib.runner.plan import Job, Outcome
from yubei_lib.runner.pool import WarmKernel
from yubei_lib.runner.render import render
from yubei_lib.runner.stamp import local_time, now, record


def page_heading(job: Job) -> tuple[str, str, str]:
    """Return the page's title (district and page), the line below it (period, as-of date) and the line above it."""
    lang = job.lang
    district = labels.name("district", job.district, lang)
    title = f"{district} · {labels.page_title(job.page, lang)}"
    subtitle = f"{period_name(job)} · {labels.t('as_of', lang)} {labels.date(job.as_of, lang)}"
    return title, subtitle, labels.t("report_title", lang)


def period_name(job: Job) -> str:
    """Return the set's period in the page's language: its quarter, or its date."""
    if job.as_of == quarter_end(job.as_of):
        return labels.quarter(job.as_of, job.lang)
    return labels.date(job.as_of, job.lang)


def stem(page: str, lang: str) -> str:
    """Return a page's file name in a language, without extension: ``summary`` or ``summary.zh``."""
    return page if lang == "en" else f"{page}.{lang}"


def surroundings(job: Job) -> dict:
    """Return the page's links (its set's pages, the other language, the index, the set's workbook), terms and header."""
    lang = job.lang
    nav = [(f"{stem(p, lang)}.html", labels.page_title(p, lang), p == job.page) for p in job.siblings or (job.page,)]
    other = next((x for x in job.langs if x != lang), None)
    return {"nav": nav, "other_language": f"{stem(job.page, other)}.html" if other else "",
            "index": "../../index.html" if lang == "en" else "../../index.zh.html",
            "definitions": definitions(job.page, lang),
            "workbook": tables_name(lang) if (job.folder / tables_name(lang)).is_file() else "",
            "running": f"{labels.name('district', job.district, lang)} · {period_name(job)}"}


def execute(job: Job, data: dict[str, str], timeout: int, synthetic: bool, kernel: WarmKernel,
            zone: str = TIMEZONE) -> Outcome:
    """Execute one page and write its HTML and executed notebook atomically.

    Parameters
    ----------
    job : Job
    data : dict
        Data file path -> SHA-256, for the page's footer.
    timeout : int
        Seconds the page may run; its kernel is stopped then.
    synthetic : bool
        The ledger is the kit's synthetic sample (the page says so).
    kernel : WarmKernel
        The worker's kernel: the page gets it with a fresh session; after a failure it is replaced.
    zone : str
        The time zone of the time of generation the page shows (the manifest records it in UTC).

    Returns
    -------
    Outcome
    """
    start = time.perf_counter()
    try:
        job.folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{job.stem}.", dir=job.folder))
    except OSError as exc:
        return Outcome(job, "failed", 0.0, f"{job.page}: cannot write into {job.folder}: {exc.strerror or exc}")
    executed = work / f"{job.stem}.ipynb"
    try:
        import papermill

        from yubei_lib.runner.engine import ENGINE

        watchdog = Watchdog(timeout)
        ok = False
        try:
            with watchdog:  # papermill runs the page on the worker's kernel (km=), which outlives it
                manager = kernel.for_page(str(work), watchdog)
                papermill.execute_notebook(str(job.notebook), str(executed), parameters=job.parameters,
                                           kernel_name="python3", progress_bar=False, km=manager,
                                           execution_timeout=timeout, engine_name=ENGINE)
            ok = True
        except papermill.PapermillExecutionError as exc:
            if executed.exists():
                os.replace(executed, job.folder / f"{job.stem}.failed.ipynb")
            line = exc.evalue.strip().splitlines()[0] if exc.evalue.strip() else ""
            return Outcome(job, "failed", time.perf_counter() - start,
                           f"{job.page}: cell {exc.exec_count} raised {exc.ename}: {line}")
        except Exception as exc:  # kernel died, timed out, could not start
            if executed.exists():
                os.replace(executed, job.folder / f"{job.stem}.failed.ipynb")
            if watchdog.fired:
                return Outcome(job, "failed", time.perf_counter() - start,
                               f"{job.page}: timed out after {timeout} s (--timeout); the kernel was stopped")
            return Outcome(job, "failed", time.perf_counter() - start,
                           f"{job.page}: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
        finally:
            kernel.after_page(failed=not ok)
        moment = now()
        generated = record(moment)
        nb = nbformat.read(executed, as_version=4)
        if "papermill" in nb.metadata:  # where it is kept, not the temporary folder it was run in
            nb.metadata.papermill["output_path"] = str(job.folder / f"{job.stem}.ipynb")
            nbformat.write(nb, executed)
        title, subtitle, kicker = page_heading(job)
        html = render(nb, title=title, subtitle=subtitle, kicker=kicker, lang=job.lang, files=data,
                      version=__version__, generated=local_time(moment, zone, job.lang), synthetic=synthetic,
                      **surroundings(job))
        try:
            write_text_atomic(job.folder / f"{job.stem}.html", html)
            os.replace(executed, job.folder / f"{job.stem}.ipynb")
            (job.folder / f"{job.stem}.failed.ipynb").unlink(missing_ok=True)
        except OSError as exc:  # full disk, read-only folder: the earlier page stays
            return Outcome(job, "failed", time.perf_counter() - start,
                           f"{job.page}: cannot write the page: {exc.strerror or exc}")
        return Outcome(job, "made", time.perf_counter() - start, generated=generated)
    finally:
        shutil.rmtree(work, ignore_errors=True)
