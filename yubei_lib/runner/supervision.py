"""Each responsible unit's supervision list (督办清单) to forward as it is.

For every set of a run that makes the page showing the list (:data:`LIST_PAGE`), in each
of its languages, a folder ``督办/`` on Chinese sets and ``supervision/`` on English ones, holding for
each responsible unit of the set's district with a stage to act on its own workbook,
``<unit>.xlsx``, and with ``--pdf`` its own printable ``<unit>.pdf``: a title with
district, period and unit, the unit's counts, what red and yellow mean, and its rows
only. The projects without a unit are listed under "未明确单位" / "No unit". File and
sheet names are safe on Windows and in Excel (:func:`~yubei_lib.present.workbook.safe_name`).

The folder is made whole in a temporary folder and put in place of the earlier one, so a
failure keeps the earlier files; a PDF that cannot be printed keeps the unit's earlier
PDF. Nothing is written when the lists are what the set already has. PDFs are printed by
the same browser path as the pages' (:func:`yubei_lib.runner.pdf.print_html`).
"""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yubei_lib.config import DEFAULTS, TEMPLATES
from yubei_lib.figures.frames import is_undefined
from yubei_lib.figures.supervision import Supervision, district_supervision
from yubei_lib.ledger.load import Ledger
from yubei_lib.present import labels
from yubei_lib.present import supervision as words
from yubei_lib.present.export import write_bytes_atomic
from yubei_lib.present.labels import t
from yubei_lib.present.workbook import Sheet, safe_name, write_workbook
from yubei_lib.runner import brief, tables
from yubei_lib.runner.declared import Declared, declared
from yubei_lib.runner.fonts import PrintFont
from yubei_lib.runner.manifest import read_manifest, record_set_files
from yubei_lib.runner.plan import Job

DOCUMENT_CSS = """
body.yubei-document { max-width: none; margin: 0; padding: 0; font-size: 10pt; line-height: 1.45; }
.yubei-document h1 { font-size: 15pt; margin: 0 0 4px; }
.yubei-document .counts { margin: 4px 0; }
.yubei-document .synthetic { display: inline-block; background: #fff4d6; border: 1px solid #e8c66a; padding: 1px 6px;
  font-size: 9pt; margin: 2px 0; }
.yubei-document .yubei-legend { font-size: 9pt; }
.yubei-document .yubei-table { font-size: 8.5pt; table-layout: auto; }
.yubei-document .yubei-table th, .yubei-document .yubei-table td { padding: 3px 4px; white-space: normal;
  overflow-wrap: break-word; }
.yubei-document .yubei-table td.date, .yubei-document .yubei-table td.code, .yubei-document .yubei-badge {
  white-space: nowrap; }
.yubei-document thead { display: table-header-group; }
.yubei-document tr { break-inside: avoid; page-break-inside: avoid; }
"""
"""The printed unit list's own style, after the pages' (components, fonts, print rules: :data:`STYLES`)."""

STYLES = ("components.css", "page.css")
"""The pages' style sheets (the template's), which the printed unit list takes too."""


@dataclass
class SetFiles:
    """The files of one set in one language: its workbook and its units' lists."""

    folder: Path
    lang: str
    supervision: Supervision
    district: str  # the district's name in the language
    period: str  # the set's period in the language
    synthetic: bool = False
    units: list[tuple[object, str]] = field(default_factory=list)  # (unit or NA, safe file name)
    failed: list[str] = field(default_factory=list)

    @property
    def directory(self) -> str:
        """Return the name of the folder of the units' lists: ``督办`` or ``supervision``."""
        return t("supervision_folder", self.lang)

    @property
    def heading(self) -> str:
        """Return the set's district and period: ``渝北区 · 2020年第四季度``."""
        return f"{self.district} · {self.period}"

    @property
    def running(self) -> str:
        """Return the printed sheets' running header: district, period and, for the sample, its mark."""
        return self.heading + (f" · {t('synthetic', self.lang)}" if self.synthetic else "")

    @property
    def where(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}/{self.directory}"


def unit_names(s: Supervision, lang: str) -> list[tuple[object, str]]:
    """Return each unit with a stage to act on and the safe name of its files, in the list's order.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "project_name": ["a", "b", "c"], "district": "Yubei",
    ...     "signed_on": pd.to_datetime(["2019-01-10"] * 3), "responsible_unit": ["局:一", "局/一", None]})
    >>> unit_names(district_supervision(p, "Yubei", "2020Q2"), "zh")
    [('局/一', '局_一'), ('局:一', '局_一~2'), (<NA>, '未明确单位')]
    """
    taken: set[str] = set()
    return [(unit, safe_name(words.unit_text(unit, lang), taken, fallback=t("responsible_unit", lang)))
            for unit, _, _ in words.groups(s, lang)]


def unit_title(files: SetFiles, unit: object) -> str:
    """Return a unit's list's title: district, period and unit."""
    return t("supervision_title", files.lang, district=files.district, period=files.period,
             unit=words.unit_text(unit, files.lang))


def unit_sheet(files: SetFiles, unit: object, name: str) -> Sheet:
    """Return a unit's workbook sheet: the title, the unit's counts and the legend, then its rows."""
    s, lang = files.supervision, files.lang
    frame = words.list_frame(s, lang)
    key = frame["unit_key"].map(lambda u: "" if is_undefined(u) else u)
    rows = frame.loc[key == ("" if is_undefined(unit) else unit)]
    columns = {c: k for c, k in words.LIST.items() if c != "unit"}
    lines = [unit_title(files, unit), words.counts_line(s, lang, unit), words.legend(s, lang)]
    if files.synthetic:
        lines.insert(1, t("synthetic", lang))
    return Sheet(name, words.headed(rows, lang, columns), lines=lines, dates=[t("due_date", lang)],
                 status=list(rows["status"]), status_column=t("warning", lang))


def unit_html(files: SetFiles, unit: object) -> str:
    """Return a unit's list as the document its PDF is printed from (A4, running header, page numbers)."""
    style = "\n".join([*((TEMPLATES / "yubei" / name).read_text(encoding="utf-8") for name in STYLES), DOCUMENT_CSS,
                       brief.page_rules(f"{files.running} · {words.unit_text(unit, files.lang)}", files.lang)])
    return words.unit_document(files.supervision, files.lang, unit, unit_title(files, unit), style, files.synthetic)


LIST_PAGE = "cohort_operation"
"""The page that shows the supervision list: a run making it writes the set's workbook and units' lists."""

RULES = ("months_to_commence", "months_to_operate", "warn_months")
"""The parameters of the warnings: figure 10's thresholds and the warning period."""


def page_rules(job: Job, cache: dict[Path, dict[str, Declared]] | None = None) -> dict[str, int] | None:
    """Return the warnings' parameters of a job's page (given, else the notebook's defaults), None when it has none.

    A page shows the warnings when its notebook declares ``warn_months``.
    """
    cache = {} if cache is None else cache
    if job.notebook not in cache:
        cache[job.notebook] = declared(job.notebook)
    found = cache[job.notebook]
    if "warn_months" not in found:
        return None
    defaults: dict[str, object] = dict(DEFAULTS)
    out = {}
    for name in RULES:
        value = job.parameters.get(name, ast.literal_eval(found[name].default) if name in found else defaults[name])
        out[name] = int(str(value))  # whole numbers, checked by the plan
    return out


def plan_set_files(jobs: Sequence[Job], ledger: Ledger, synthetic: bool) -> list[SetFiles]:
    """Return the sets (and languages) of a run that makes :data:`LIST_PAGE`, with their lists computed.

    The thresholds and warning period are that page's (given, else its notebook's defaults).
    """
    chosen: dict[tuple[Path, str], tuple[Job, dict[str, int]]] = {}
    cache: dict[Path, dict[str, Declared]] = {}
    for job in jobs:
        rules = page_rules(job, cache) if job.page == LIST_PAGE else None
        if rules is not None:
            chosen[(job.folder, job.lang)] = (job, rules)
    out = []
    for (folder, lang), (job, rules) in chosen.items():
        s = district_supervision(ledger.projects, job.district, job.as_of, *(rules[name] for name in RULES))
        files = SetFiles(folder, lang, s, labels.name("district", job.district, lang),
                         brief.period_label(f"{job.as_of:%Y-%m-%d}", lang), synthetic)
        files.units = unit_names(s, lang)
        out.append(files)
    return out


def write_set_files(jobs: Sequence[Job], ledger: Ledger, synthetic: bool, browser: Path | None = None,
                    timeout: int = 600, echo: Callable[[str], object] = print,
                    font: PrintFont | None = None) -> list[str]:
    """Write each set's units' lists (with ``browser``, their PDFs too); return what failed.

    (The set's workbook, with the whole list, is made after the pages: :mod:`yubei_lib.runner.tables`.)

    ``font`` is the font file the pages' PDFs are printed with (``--font``); None: the system's.
    """
    sets = plan_set_files(jobs, ledger, synthetic)
    pending: list[tuple[SetFiles, dict, Path]] = []
    for files in sets:
        try:
            files.folder.mkdir(parents=True, exist_ok=True)
            manifest = read_manifest(files.folder)
            listed = _write_units(files, manifest.get("supervision", {}).get(files.lang, {}), browser is not None)
            record_set_files(files.folder, files.lang, supervision=listed[0])
        except OSError as exc:  # a folder that cannot be written: the set's earlier files stay, the others go on
            files.failed.append(f"cannot write into {files.folder}: {exc.strerror or exc}")
            continue
        if listed[1] is not None:
            pending.append((files, listed[0], listed[1]))
    if browser is not None and pending:
        _print_pending(pending, browser, timeout, font)
    failed = []
    for files in sets:
        failed += [f"{files.where}: {problem}" for problem in files.failed]
    for line in failed:
        echo(f"FAILED {line}")
    return failed


def _write_units(files: SetFiles, entry: dict, pdf: bool) -> tuple[dict, Path | None]:
    """Write the units' workbooks into a new folder put in place of the earlier one, unless they are unchanged.

    Returns the folder's manifest entry and, when PDFs are to be printed, the folder to print them into.
    """
    sheets = [(unit, name, unit_sheet(files, unit, name)) for unit, name in files.units]
    key = tables.content_key([sheet for _, _, sheet in sheets], files.lang, files.directory, "units")
    target = files.folder / files.directory
    listed = [{"unit": words.unit_text(unit, files.lang), "xlsx": f"{files.directory}/{name}.xlsx",
               "pdf": f"{files.directory}/{name}.pdf"} for unit, name in files.units]
    new = {"folder": files.directory, "key": key, "units": listed, "error": "", "pdf_key": "", "pdf_errors": {}}
    same = entry.get("key") == key and not entry.get("error") and all(
        (files.folder / u["xlsx"]).is_file() for u in listed)
    if same:
        printed = entry.get("pdf_key") == key and all((files.folder / u["pdf"]).is_file() for u in listed)
        new.update(pdf_key=entry.get("pdf_key", ""), pdf_errors=entry.get("pdf_errors", {}))
        return new, (target if pdf and (not printed or entry.get("pdf_errors")) else None)
    work = Path(tempfile.mkdtemp(prefix=f".{files.directory}.", dir=files.folder))
    try:
        for unit, name, sheet in sheets:
            write_workbook(work / f"{name}.xlsx", [sheet], unit_title(files, unit))
        if pdf and target.is_dir():  # an earlier PDF stays until its unit's new one is printed
            for u in listed:
                earlier = files.folder / u["pdf"]
                if earlier.is_file():
                    shutil.copy2(earlier, work / Path(u["pdf"]).name)
        _swap(work, target)
    except Exception as exc:  # the earlier folder stays as it was
        shutil.rmtree(work, ignore_errors=True)
        files.failed.append(f"{type(exc).__name__}: {exc}")
        kept = dict(entry)
        kept["error"] = f"{type(exc).__name__}: {exc}"
        return kept, None
    return new, (target if pdf else None)


def _swap(work: Path, target: Path) -> None:
    """Put a finished folder in place of the earlier one (each step a rename; the earlier is restored on failure)."""
    os.chmod(work, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / target.name)
    try:
        os.replace(work, target)
    except BaseException:
        if old is not None:
            os.replace(old / target.name, target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _print_pending(pending: list[tuple[SetFiles, dict, Path]], browser: Path, timeout: int,
                   font: PrintFont | None) -> None:
    """Print every pending unit's PDF with one browser; record each set's PDFs (a failure keeps the earlier PDF)."""
    jobs = []
    for files, entry, target in pending:
        for unit, name in files.units:
            jobs.append((files, entry, unit, target / f"{name}.pdf"))
    errors = print_documents([(unit_html(files, unit), path) for files, _, unit, path in jobs], browser, timeout, font)
    for files, entry, target in pending:
        problems = {Path(path).name: error for (f, _, _, path), error in zip(jobs, errors) if f is files and error}
        entry["pdf_errors"] = problems
        entry["pdf_key"] = entry["key"]
        files.failed += [f"{name}: {error}" for name, error in problems.items()]
        record_set_files(files.folder, files.lang, supervision=entry)


def print_documents(documents: Sequence[tuple[str, Path]], browser: Path, timeout: int,
                    font: PrintFont | None = None) -> list[str]:
    """Print HTML documents to PDF files with one browser, each written atomically; return each one's error or "".

    The browser is driven as for the pages' PDFs, in a thread of its own (see :func:`print_with`).
    """
    errors = ["not printed (the printing thread stopped)"] * len(documents)

    def run() -> None:
        try:
            from playwright.sync_api import sync_playwright

            from yubei_lib.runner.pdf import BROWSER_ARGS

            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=str(browser), args=BROWSER_ARGS, timeout=60_000)
                try:
                    errors[:] = print_with(chromium.new_context(offline=True), documents, timeout, font)
                finally:
                    chromium.close()
        except Exception as exc:  # no Playwright, or the browser does not start
            errors[:] = [f"cannot print: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"] * len(documents)

    worker = threading.Thread(target=run, name="yubei-supervision-pdf", daemon=True)
    worker.start()
    worker.join()
    return errors


def print_with(context: object, documents: Sequence[tuple[str, Path]], timeout: int,
               font: PrintFont | None = None) -> list[str]:
    """Print HTML documents to PDF files in a browser context; return each one's error or "" (others go on).

    Each is printed by :func:`~yubei_lib.runner.pdf.print_html`, as the pages are (with ``font``
    when one is given), its Chinese text corrected as theirs, and written atomically.
    """
    from yubei_lib.runner.pdf import print_html
    from yubei_lib.runner.pdftext import fix_cjk_text

    errors = []
    for text, path in documents:
        work = Path(tempfile.mkdtemp(prefix=f".{path.stem}.", dir=path.parent))
        try:
            source = work / "list.html"
            source.write_text(text, encoding="utf-8")
            write_bytes_atomic(path, fix_cjk_text(print_html(context, source, timeout, font=font)))
            errors.append("")
        except Exception as exc:  # one PDF failed: its earlier file stays, the others go on
            errors.append(f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return errors
