"""Run the report notebooks into dated, offline HTML pages: ``yubei report``.

Plan (:mod:`~yubei_lib.runner.plan`), then each page executed by papermill
(:mod:`~yubei_lib.runner.execute`) on a few warm kernels in parallel
(:mod:`~yubei_lib.runner.pool`), exported through the kit's template
(:mod:`~yubei_lib.runner.render`), beside each set its units' supervision lists
(:mod:`~yubei_lib.runner.supervision`) and, from its pages, its workbook of tables
(:mod:`~yubei_lib.runner.tables`), every page's links made to the set as it is now
(:mod:`~yubei_lib.runner.links`), recorded in its set's manifest
(:mod:`~yubei_lib.runner.manifest`), with ``--pdf`` printed (:mod:`~yubei_lib.runner.pdf`),
with ``--docx`` each set's Word brief written (:mod:`~yubei_lib.runner.docx`), and the index
rebuilt (:mod:`~yubei_lib.runner.index`); one run at a time per reports folder
(:mod:`~yubei_lib.runner.lock`). A page whose notebook, parameters and data are unchanged
is skipped; a failed page (or PDF) keeps the earlier good one.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from yubei_lib.config import SAMPLE_PROJECTS
from yubei_lib.present import labels
from yubei_lib.present.workbook import tables_name
from yubei_lib.runner.brief import period_label
from yubei_lib.runner.execute import execute
from yubei_lib.runner.fonts import PrintFont, ledger_chinese, require_chinese_font
from yubei_lib.runner.index import write_index
from yubei_lib.runner.links import refresh_links
from yubei_lib.runner.lock import RunLock
from yubei_lib.runner.manifest import read_manifest, record_build, update_manifest
from yubei_lib.runner.plan import Job, Options, Outcome, Plan, ReportError, parse_langs, plan
from yubei_lib.runner.pool import WarmKernel, run_pages
from yubei_lib.runner.revisions import publish, write_revision
from yubei_lib.runner.supervision import write_set_files
from yubei_lib.runner.tables import write_set_tables


def run(opts: Options, echo=print) -> int:
    """Run a report and return the exit code: 0 all made or skipped, 1 a page or PDF failed, 2 refused.

    Raises
    ------
    ReportError, yubei_lib.runner.lock.LockedError, yubei_lib.ledger.problems.LedgerError
        For anything refused before any kernel starts.
    """
    started = time.perf_counter()
    opts.out = Path(opts.out).resolve()
    cache = Path(tempfile.mkdtemp(prefix="yubei-ledger-"))  # the ledger validated once, for every kernel
    try:
        return _run(opts, started, echo, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _run(opts: Options, started: float, echo, cache: Path) -> int:
    browser, font = _printer(opts)
    planned = plan(opts, cache)
    _require_fonts(opts, planned, font)
    jobs, data = planned.jobs, planned.data
    synthetic = Path(opts.projects or SAMPLE_PROJECTS).resolve() == SAMPLE_PROJECTS.resolve()
    with RunLock(opts.out):
        for job in {job.folder: job for job in jobs}.values():  # what changed since a set was published
            write_revision(job.folder, job.revision)
        # each set's workbook and units' lists, before its pages (which link to them), PDFs too with --pdf
        set_failed = write_set_files(jobs, planned.ledger, synthetic, browser, opts.timeout, echo=echo, font=font)
        todo, outcomes = _unchanged(jobs, opts.force)
        if outcomes:
            echo(f"skipped {len(outcomes)} unchanged page(s) (--force runs them again)")
        outcomes += _execute_pages(opts, todo, data, synthetic, cache)
        set_failed += _finish_sets(outcomes, planned, echo)
        pdf_failed = []
        if opts.pdf and browser is not None:  # (with --pdf, require_browser found one or raised)
            from yubei_lib.runner.pdf import make_pdfs

            pdf_failed = make_pdfs(outcomes, browser, opts.timeout, echo=echo, font=font, zone=opts.timezone)
        docx_failed = []
        if opts.docx:
            from yubei_lib.runner.docx import make_docx

            docx_failed = make_docx(jobs, data, cache, opts.force, echo=echo, row_limit=opts.max_rows)
        index = write_index(opts.out)
    made = sum(o.status == "made" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    echo(f"{made} page(s) made, {skipped} skipped, {failed} failed in {time.perf_counter() - started:.1f} s; "
         f"index: {index}")
    return 1 if failed or pdf_failed or set_failed or docx_failed else 0


def _printer(opts: Options) -> tuple[Path | None, PrintFont | None]:
    """Return the browser ``--pdf`` prints with and the font file it was given (None: the system's).

    No browser to print with, or a font file that will not do: refused before anything runs.
    """
    if opts.pdf:
        from yubei_lib.runner.pdf import require_browser

        return require_browser(opts.browser), PrintFont.load(opts.font) if opts.font else None
    if opts.font:
        raise ReportError("--font names the font that --pdf prints Chinese with: give it with --pdf")
    return None, None


def _require_fonts(opts: Options, planned: Plan, font: PrintFont | None) -> None:
    """Refuse, before any page runs, Chinese to print or to draw in a brief's charts with no font that has it."""
    if opts.pdf and font is None:  # Chinese to print and no font that has it
        why = "the pages are in Chinese (--lang zh)" if "zh" in parse_langs(opts.lang) else ""
        name = "" if why else ledger_chinese([planned.ledger.projects, planned.ledger.activities])
        require_chinese_font(why or (f"the English pages show the ledger's Chinese names ({name})" if name else ""))
    if opts.docx and "zh" in parse_langs(opts.lang):  # the Chinese brief's charts are drawn with the system's fonts
        require_chinese_font("the Chinese Word brief's charts are drawn in Chinese (--docx --lang zh)", "--docx",
                             "its charts would show every Chinese character as an empty box")


def _unchanged(jobs: list[Job], force: bool) -> tuple[list[Job], list[Outcome]]:
    """Split the jobs into those to run and the pages skipped: made well before, and unchanged since."""
    todo, skipped = [], []
    for job in jobs:
        entry = read_manifest(job.folder).get("pages", {}).get(job.stem, {})
        if (not force and entry.get("status") == "ok" and entry.get("key") == job.key
                and (job.folder / f"{job.stem}.html").exists() and entry.get("last_run") != "failed"):
            skipped.append(Outcome(job, "skipped"))
        else:
            todo.append(job)
    return todo, skipped


def _execute_pages(opts: Options, todo: list[Job], data: dict[str, str], synthetic: bool,
                   cache: Path) -> list[Outcome]:
    """Run the pages on warm kernels in parallel, saying each one made or failed; return their outcomes."""
    bar = _progress(len(todo))

    def kernel() -> WarmKernel:
        return WarmKernel(opts.kernel_transport, str(cache), opts.kernel_pages, row_limit=opts.max_rows)

    def page(job, warm: WarmKernel) -> Outcome:
        return execute(job, data, opts.timeout, synthetic, warm, opts.timezone)

    outcomes = []
    for outcome in run_pages(todo, opts.jobs, kernel, page):
        outcomes.append(outcome)
        bar.update(1)
        where = f"{outcome.job.period}/{outcome.job.district_id}/{outcome.job.stem}.html"
        if outcome.status == "failed":
            bar.write(f"FAILED {where}: {outcome.error}")
        elif not bar.is_tty:
            bar.write(f"made {where} in {outcome.seconds:.1f} s")
    bar.close()
    return outcomes


def _finish_sets(outcomes: list[Outcome], planned: Plan, echo) -> list[str]:
    """Record each set's pages in its manifest, publish its figures, write its workbook and refresh its links.

    A set is published when none of its pages failed and one was made. Returns what failed.
    """
    failed = []
    by_folder: dict[Path, list[Outcome]] = {}
    for o in outcomes:
        by_folder.setdefault(o.job.folder, []).append(o)
    for folder, items in by_folder.items():
        update_manifest(folder, items, planned.data)
        if all(o.status != "failed" for o in items) and any(o.status == "made" for o in items):
            built = next(o.generated for o in items if o.status == "made")
            publish(folder, planned.figures[folder], planned.ledger, items[0].job.district, built)
            record_build(folder, built, planned.data)
        for problem in _set_tables(folder, items):  # the earlier workbook stays
            echo(f"FAILED {problem}")
            failed.append(problem)
        refresh_links(folder)  # every page of the set, whichever run made it, links to the set as it is now
    return failed

def _set_tables(folder: Path, items: list[Outcome]) -> list[str]:
    """Write (or keep) the set's workbook in each language of the run, from its pages; return what failed."""
    failed = []
    for lang in dict.fromkeys(o.job.lang for o in items):
        job = items[0].job
        heading = f"{labels.name('district', job.district, lang)} · {period_label(f'{job.as_of:%Y-%m-%d}', lang)}"
        entry = write_set_tables(folder, lang, heading)
        if entry.get("status") == "failed":
            failed.append(f"{folder.parent.name}/{folder.name}/{tables_name(lang)}: {entry.get('error', '')}")
    return failed


class _Plain:
    """Plain progress lines when stderr is not a terminal."""

    is_tty = False

    def update(self, n):
        pass

    def write(self, text):
        print(text, file=sys.stderr, flush=True)

    def close(self):
        pass


def _progress(total: int):
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="page", file=sys.stderr)
        bar.is_tty = True  # type: ignore[attr-defined]  # the kit's own mark on the bar (see _Plain.is_tty)
        return bar
    return _Plain()
