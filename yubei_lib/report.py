"""Run the report notebooks into dated, offline HTML pages: ``yubei report``.

One way through: parameters checked against the notebooks and the ledger loaded and
validated once, before any kernel starts; then each page executed by papermill (in
parallel, each kernel on its own Unix sockets and in its own working folder), exported
by nbconvert through the kit's template, and written atomically beside its executed
notebook and its folder's ``manifest.json``; then ``index.html`` rebuilt. A page whose
notebook, parameters and data are unchanged is skipped; a failed page keeps the earlier
good one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pandas as pd
from jupyter_client.manager import AsyncKernelManager

from yubei_lib import __version__, labels, page, parameters
from yubei_lib.export import write_text_atomic
from yubei_lib.load import CACHE_ENV, load_ledger, sha256
from yubei_lib.pages import PAGES
from yubei_lib.periods import parse_as_of, quarter_end
from yubei_lib.reference import ROOT, districts

NOTEBOOKS = ROOT / "notebooks"
SAMPLE = ROOT / "data" / "sample"


def page_title(page: str, lang: str) -> str:
    """Return a page's name in the report's language (``labels`` key ``page_<page>``), else the page's own name.

    Examples
    --------
    >>> page_title("summary", "zh"), page_title("projects_page", "en")
    ('季度综述', 'projects_page')
    """
    key = f"page_{page}"
    return labels.t(key, lang) if key in labels.CATALOGUE else page


class ReportError(Exception):
    """Input the run refuses before any kernel starts (exit code 2)."""


class IpcKernelManager(AsyncKernelManager):
    """A kernel on Unix sockets in a folder of its own: parallel kernels never share a port."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = tempfile.mkdtemp(prefix="yubei-k-")
        self.transport = "ipc"
        self.ip = os.path.join(self._socket_dir, "kernel")
        _managers[threading.get_ident()] = self  # the page's watchdog finds its kernel here

    async def start_kernel(self, **kwargs):
        # The kernel's own log lines (start-up notes, shutdown signals) are not the report's output.
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        return await self._async_start_kernel(**kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


_managers: dict[int, "IpcKernelManager"] = {}
"""The kernel manager each worker thread started last (for the page watchdog)."""


class _Watchdog:
    """Kill the kernel of this thread's page when the page runs longer than its time-out."""

    def __init__(self, seconds: float):
        self.fired = False
        self._thread = threading.get_ident()
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True

    def __enter__(self):
        _managers.pop(self._thread, None)
        self._timer.start()
        return self

    def _kill(self) -> None:
        manager = _managers.get(self._thread)
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            self.fired = True
            process.kill()

    def __exit__(self, *exc):
        self._timer.cancel()
        _managers.pop(self._thread, None)


@dataclass
class Job:
    """One page of one report set."""

    folder: Path
    period: str
    as_of: pd.Timestamp
    district: str
    district_id: str
    page: str
    notebook: Path
    parameters: dict
    lang: str
    key: str = ""

    @property
    def stem(self) -> str:
        return self.page if self.lang == "en" else f"{self.page}.{self.lang}"


@dataclass
class Outcome:
    """What became of a job."""

    job: Job
    status: str  # "made", "skipped" or "failed"
    seconds: float = 0.0
    error: str = ""
    generated: str = ""


@dataclass
class Options:
    """The options of one run (see ``yubei report --help``)."""

    periods: list[pd.Timestamp]
    districts: list[str]
    pages: list[str] = field(default_factory=lambda: list(PAGES))
    projects: Path | None = None
    capital: Path | None = None
    targets: Path | None = None
    unit: str | None = None
    lang: str = "en"
    out: Path = Path("reports")
    jobs: int = os.cpu_count() or 1
    force: bool = False
    lenient: bool = False
    extra: dict = field(default_factory=dict)
    timeout: int = 600
    notebooks: Path = NOTEBOOKS


def available_pages(folder: Path) -> list[str]:
    """Return the pages a notebooks folder holds: the report's six first, in their order."""
    found = {p.stem for p in Path(folder).glob("*.ipynb")}
    return [p for p in PAGES if p in found] + sorted(found - set(PAGES))


def period_folder(as_of: pd.Timestamp) -> str:
    """Return the folder name of a report period.

    Examples
    --------
    >>> period_folder(pd.Timestamp("2020-12-31")), period_folder(pd.Timestamp("2020-11-15"))
    ('2020-Q4', '2020-11-15')
    """
    if as_of == quarter_end(as_of):
        return f"{as_of.year}-Q{as_of.quarter}"
    return as_of.strftime("%Y-%m-%d")


def parse_periods(quarter: str | None = None, as_of: str | None = None, quarters: str | None = None) -> list[pd.Timestamp]:
    """Return the as-of dates of ``--quarter``, ``--as-of`` or ``--quarters A..B`` (exactly one).

    Examples
    --------
    >>> [d.strftime("%Y-%m-%d") for d in parse_periods(quarters="2020Q1..2020Q3")]
    ['2020-03-31', '2020-06-30', '2020-09-30']
    """
    given = [x for x in (quarter, as_of, quarters) if x]
    if len(given) != 1:
        raise ReportError("give exactly one of --quarter, --as-of or --quarters")
    try:
        if quarters:
            first, sep, last = quarters.partition("..")
            if not sep:
                raise ValueError(f"--quarters takes FIRST..LAST, e.g. 2020Q1..2020Q4, not {quarters!r}")
            a, b = parse_as_of(first.strip()), parse_as_of(last.strip())
            if a != quarter_end(a) or b != quarter_end(b) or b < a:
                raise ValueError(f"--quarters takes two quarter labels in order, not {quarters!r}")
            return [quarter_end(p.end_time) for p in pd.period_range(a, b, freq="Q")]
        if quarter:
            date = parse_as_of(quarter)
            if date != quarter_end(date):
                raise ValueError(f"--quarter takes a label like 2020Q4, not {quarter!r}")
            return [date]
        return [parse_as_of(as_of)]
    except ValueError as exc:
        raise ReportError(str(exc)) from None


def _key(job: Job, notebook_digest: str, data: dict[str, str]) -> str:
    blob = json.dumps({"notebook": notebook_digest, "parameters": job.parameters, "data": data,
                       "version": __version__, "template": page.template_digest()}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _manifest_path(folder: Path) -> Path:
    return folder / "manifest.json"


def read_manifest(folder: Path) -> dict:
    """Return a report folder's manifest, or an empty one."""
    try:
        return json.loads(_manifest_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def plan(opts: Options) -> tuple[list[Job], dict[str, str], dict]:
    """Check everything and list the jobs of a run; raise ReportError before any kernel starts.

    Returns
    -------
    jobs : list of Job
    data : dict
        Each data file's absolute path -> SHA-256.
    ledger_summary : dict
    """
    known = available_pages(opts.notebooks)
    unknown = [p for p in opts.pages if p not in known]
    if unknown or not opts.pages:
        raise ReportError(f"unknown page(s) {', '.join(unknown) or '(none)'}; pages are: {', '.join(known)}")
    labels.check_lang(opts.lang)
    if opts.jobs < 1:
        raise ReportError("--jobs must be 1 or more")
    projects = Path(opts.projects or SAMPLE / "projects.csv").resolve()
    capital = Path(opts.capital).resolve() if opts.capital else (None if opts.projects else SAMPLE / "capital.csv")
    targets = Path(opts.targets).resolve() if opts.targets else None
    notebooks = {p: Path(opts.notebooks) / f"{p}.ipynb" for p in opts.pages}
    for name in ("as_of", "district", "projects", "capital", "targets", "unit", "lang", "strict"):
        if name in opts.extra:
            raise ReportError(f"parameter {name} has an option of its own; use it instead of -p {name}=...")
    common = {"projects": str(projects), "capital": str(capital or ""), "targets": str(targets or ""),
              "unit": opts.unit or "", "lang": opts.lang, "strict": not opts.lenient}
    try:
        per_page = parameters.resolve(notebooks, {**common, "as_of": "", "district": "", **opts.extra})
        for values in per_page.values():  # the values, as the pages themselves would check them
            parameters.check_options(**{k: v for k, v in values.items() if k in parameters.OPTIONS})
            parameters.check_parameters(opts.periods[0].strftime("%Y-%m-%d"), opts.districts[0], **{
                k: v for k, v in values.items() if k in ("projects", "capital", "targets", "unit", "lang",
                                                         "strict", "cohorts")})
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    if targets is not None:
        from yubei_lib.reference import load_targets
        try:
            load_targets(targets)
        except (ValueError, OSError) as exc:
            raise ReportError(f"targets: {exc}") from None
    ledger = load_ledger(projects, capital, unit=opts.unit, strict=not opts.lenient)  # LedgerError -> exit 2
    data = dict(ledger.files)
    if targets is not None:
        data[str(targets)] = sha256(targets)
    digests = {p: sha256(nb) for p, nb in notebooks.items()}
    ids = districts().set_index("name_en")["district_id"]
    jobs = []
    for as_of in opts.periods:
        for district in opts.districts:
            folder = opts.out / period_folder(as_of) / ids[district]
            for p in opts.pages:
                values = dict(per_page[p])
                values.update({k: v for k, v in (("as_of", as_of.strftime("%Y-%m-%d")), ("district", district))
                               if k in values})
                job = Job(folder, period_folder(as_of), as_of, district, ids[district], p, notebooks[p],
                          values, opts.lang)
                job.key = _key(job, digests[p], data)
                jobs.append(job)
    return jobs, data, ledger.summary()


def _title(job: Job) -> tuple[str, str, str]:
    lang = job.lang
    district = labels.name("district", job.district, lang)
    period = labels.quarter(job.as_of, lang) if job.as_of == quarter_end(job.as_of) else f"{job.as_of:%Y-%m-%d}"
    title = f"{district} · {page_title(job.page, lang)}"
    subtitle = f"{period} · {labels.t('as_of', lang)} {job.as_of:%Y-%m-%d}"
    return title, subtitle, labels.t("report_title", lang)


def execute(job: Job, data: dict[str, str], timeout: int, synthetic: bool) -> Outcome:
    """Execute one page and write its HTML and executed notebook atomically."""
    start = time.perf_counter()
    try:
        job.folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{job.stem}.", dir=job.folder))
    except OSError as exc:
        return Outcome(job, "failed", 0.0, f"{job.page}: cannot write into {job.folder}: {exc.strerror or exc}")
    executed = work / f"{job.stem}.ipynb"
    try:
        import papermill

        watchdog = _Watchdog(timeout)
        try:
            # papermill's cwd= changes the whole process's folder, which threads share: the
            # kernel gets its own folder through nbclient's resources instead.
            with watchdog:
                papermill.execute_notebook(str(job.notebook), str(executed), parameters=job.parameters,
                                           kernel_name="python3", progress_bar=False,
                                           resources={"metadata": {"path": str(work)}},
                                           execution_timeout=timeout, kernel_manager_class=IpcKernelManager)
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
        generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        nb = nbformat.read(executed, as_version=4)
        title, subtitle, kicker = _title(job)
        html = page.render(nb, title=title, subtitle=subtitle, kicker=kicker, lang=job.lang,
                           parameters=job.parameters, files=data, version=__version__, generated=generated,
                           notebook=job.notebook.name, synthetic=synthetic)
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


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"yubei_lib": __version__, "python": platform.python_version()}
    for name in ("pandas", "altair", "papermill", "nbconvert", "vl-convert-python"):
        try:
            out[name] = version(name)
        except Exception:  # a package not installed is simply not listed
            pass
    return out


def _update_manifest(folder: Path, outcomes: list[Outcome], data: dict[str, str]) -> None:
    manifest = read_manifest(folder)
    first = outcomes[0].job
    manifest.update({"period": first.period, "as_of": first.as_of.strftime("%Y-%m-%d"),
                     "district": first.district, "district_id": first.district_id,
                     "data": data, "versions": _versions()})
    pages = manifest.setdefault("pages", {})
    for o in outcomes:
        entry = pages.get(o.job.stem, {})
        if o.status == "made":
            entry = {"page": o.job.page, "lang": o.job.lang, "status": "ok", "key": o.job.key,
                     "parameters": o.job.parameters, "duration_s": round(o.seconds, 2),
                     "generated": o.generated, "html": f"{o.job.stem}.html", "notebook": f"{o.job.stem}.ipynb"}
        elif o.status == "failed":
            entry.update({"page": o.job.page, "lang": o.job.lang, "last_run": "failed", "error": o.error,
                          "failed_notebook": f"{o.job.stem}.failed.ipynb", "duration_s": round(o.seconds, 2)})
            entry.setdefault("status", "failed")
        pages[o.job.stem] = entry
    write_text_atomic(_manifest_path(folder), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def write_index(out: Path) -> Path:
    """Rebuild ``<out>/index.html``: every report set, newest first, with links and status."""
    from yubei_lib.display import esc

    sets = []
    for path in sorted(out.glob("*/*/manifest.json")):
        m = read_manifest(path.parent)
        if m:
            sets.append((m.get("as_of", ""), m.get("district_id", ""), path.parent, m))
    sets.sort(key=lambda s: (s[0], s[1]), reverse=True)
    rows = []
    for as_of, _, folder, m in sets:
        links = []
        for stem, entry in sorted(m.get("pages", {}).items(), key=lambda kv: (PAGES.index(kv[1].get("page", PAGES[0]))
                                                                              if kv[1].get("page") in PAGES else 99, kv[0])):
            rel = f"{folder.parent.name}/{folder.name}/{entry.get('html', stem + '.html')}"
            ok = entry.get("status") == "ok"
            note = "" if entry.get("last_run") != "failed" else f' <span class="failed">(last run failed: {esc(entry.get("error", ""))})</span>'
            name = esc(page_title(entry.get("page", stem), entry.get("lang", "en")))
            links.append(f'<a href="{esc(rel)}">{name}</a>{note}' if ok else f'<span class="failed">{name}: {esc(entry.get("error", "failed"))}</span>')
        rows.append(f"<tr><td>{esc(m.get('period', ''))}</td><td>{esc(as_of)}</td><td>{esc(m.get('district', ''))}</td>"
                    f"<td>{'<br>'.join(links)}</td></tr>")
    html = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<title>Investment promotion reports · 招商引资工作报告</title><style>"
            "body{font-family:'Segoe UI','Helvetica Neue',Arial,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
            "max-width:1080px;margin:auto;padding:24px;color:#2b2f33}table{border-collapse:collapse;width:100%}"
            "th,td{border-bottom:1px solid #d5dbe1;padding:6px 8px;text-align:left;vertical-align:top}"
            ".failed{color:#b03a2e}</style></head><body><h1>Investment promotion reports · 招商引资工作报告</h1>"
            "<table><thead><tr><th>Period</th><th>As of</th><th>District</th><th>Pages</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></body></html>")
    write_text_atomic(out / "index.html", html)
    return out / "index.html"


class _Lock:
    """An exclusive lock on ``<out>/.yubei-report.lock``: one run writes into a folder at a time."""

    def __init__(self, out: Path):
        self.path = out / ".yubei-report.lock"

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a+")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.seek(0)
            holder = self.file.read().strip()
            self.file.close()
            raise ReportError(f"another yubei report run ({holder or 'unknown process'}) is writing into "
                              f"{self.path.parent}; wait for it to finish or use another --out") from None
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"pid {os.getpid()}")
        self.file.flush()
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def run(opts: Options, echo=print) -> int:
    """Run a report and return the exit code: 0 all made or skipped, 1 a page failed, 2 refused.

    Raises
    ------
    ReportError, yubei_lib.problems.LedgerError
        For anything refused before any kernel starts.
    """
    started = time.perf_counter()
    opts.out = Path(opts.out).resolve()
    cache = tempfile.mkdtemp(prefix="yubei-ledger-")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = cache  # the ledger is validated once here; each kernel reuses it
    try:
        return _run(opts, started, echo)
    finally:
        if previous is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = previous
        shutil.rmtree(cache, ignore_errors=True)


def _run(opts: Options, started: float, echo) -> int:
    jobs, data, summary = plan(opts)
    synthetic = Path(opts.projects or SAMPLE / "projects.csv").resolve() == (SAMPLE / "projects.csv").resolve()
    with _Lock(opts.out):
        todo, outcomes = [], []
        for job in jobs:
            entry = read_manifest(job.folder).get("pages", {}).get(job.stem, {})
            if (not opts.force and entry.get("status") == "ok" and entry.get("key") == job.key
                    and (job.folder / f"{job.stem}.html").exists() and entry.get("last_run") != "failed"):
                outcomes.append(Outcome(job, "skipped"))
            else:
                todo.append(job)
        if outcomes:
            echo(f"skipped {len(outcomes)} unchanged page(s) (--force runs them again)")
        bar = _progress(len(todo))
        with ThreadPoolExecutor(max_workers=min(opts.jobs, max(len(todo), 1))) as pool:
            futures = [pool.submit(execute, job, data, opts.timeout, synthetic) for job in todo]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                bar.update(1)
                where = f"{outcome.job.period}/{outcome.job.district_id}/{outcome.job.stem}.html"
                if outcome.status == "failed":
                    bar.write(f"FAILED {where}: {outcome.error}")
                elif not bar.is_tty:
                    bar.write(f"made {where} in {outcome.seconds:.1f} s")
        bar.close()
        by_folder: dict[Path, list[Outcome]] = {}
        for o in outcomes:
            by_folder.setdefault(o.job.folder, []).append(o)
        for folder, items in by_folder.items():
            _update_manifest(folder, items, data)
        index = write_index(opts.out)
    made = sum(o.status == "made" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    echo(f"{made} page(s) made, {skipped} skipped, {failed} failed in {time.perf_counter() - started:.1f} s; "
         f"index: {index}")
    return 1 if failed else 0


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
        bar.is_tty = True
        return bar
    return _Plain()
