"""The Word brief of each set: ``brief.docx`` / ``brief.zh.docx``, with ``yubei report --docx``.

The brief is written from the same figures as the pages: the set's :class:`~yubei_lib.pages.page.Page`
is opened in this process with the set's parameters (as a notebook opens it), and the page
modules' own functions give the key messages, the summary's figures, the warnings by
responsible unit, the cohorts, the ranks (or why there is none) and the outreach. The
content is :mod:`yubei_lib.runner.docx_content`, the layout (公文 for Chinese, a plain business
layout for English; styles, fonts, tables, pictures) :mod:`yubei_lib.present.docx`; the charts are drawn offline by vl-convert, as
PNG pictures sized for A4 with text of at least 7 pt, each with its alt text.

A brief is written through a temporary file, so a failed one keeps the earlier brief; it is
listed in the set's manifest (``"docx"``) and in the index, and skipped when its inputs
(the set's parameters, the data files' SHA-256s, the kit, the fonts) are what made the
brief already there.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from yubei_lib.config import LEDGER_CACHE_ENV, OPTIONS
from yubei_lib.config import VERSION as __version__
from yubei_lib.ledger.raw import MAX_ROWS_ENV
from yubei_lib.present import labels
from yubei_lib.present.docx_styles import FONTS, Fonts
from yubei_lib.runner.brief import page_order
from yubei_lib.runner.manifest import read_manifest, record_set_files
from yubei_lib.runner.plan import Job

DOCX_FORMAT = 1
"""Part of each Word brief's key: changing what the brief holds or how makes earlier briefs stale."""


def docx_name(lang: str) -> str:
    """Return the file name of a set's Word brief in a language.

    Examples
    --------
    >>> docx_name("en"), docx_name("zh")
    ('brief.docx', 'brief.zh.docx')
    """
    return "brief.docx" if labels.check_lang(lang) == "en" else f"brief.{lang}.docx"


def open_parameters() -> set[str]:
    """Return the parameters :func:`~yubei_lib.pages.page.open_page` takes (its own and the page options)."""
    from yubei_lib.pages.page import open_page

    return {*inspect.signature(open_page).parameters, *OPTIONS} - {"options"}


def set_parameters(jobs: Sequence[Job]) -> dict:
    """Return the parameters a set's brief opens its Page with: those of the set's pages, the summary's first.

    Examples
    --------
    >>> from yubei_lib.runner.plan import Job
    >>> a = Job(Path("r"), "2020-Q4", pd.Timestamp("2020-12-31"), "Yubei", "yubei", "summary", Path("s.ipynb"),
    ...         {"as_of": "2020-12-31", "warn_months": 3, "mine": 1}, "zh")
    >>> b = Job(Path("r"), "2020-Q4", pd.Timestamp("2020-12-31"), "Yubei", "yubei", "cohort_operation",
    ...         Path("c.ipynb"), {"warn_months": 6, "months_to_operate": 30}, "zh")
    >>> set_parameters([b, a])
    {'as_of': '2020-12-31', 'warn_months': 3, 'months_to_operate': 30}
    """
    wanted = open_parameters()
    out: dict = {}
    for job in sorted(jobs, key=lambda j: page_order(j.page)):
        for name, value in job.parameters.items():
            if name in wanted and name not in out:
                out[name] = value
    return out


def docx_key(parameters: dict, data: dict[str, str], lang: str, fonts: Fonts) -> str:
    """Return what makes a Word brief stale when it changes: its parameters, data, language, fonts and the kit."""
    blob = json.dumps([DOCX_FORMAT, __version__, lang, asdict(fonts), parameters, sorted(data.values())],
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@contextlib.contextmanager
def ledger_from(cache: Path | None, row_limit: int | None = None) -> Iterator[None]:
    """Let pages opened in this process read the ledger the run validated, under its row limit (as its kernels do)."""
    settings = {LEDGER_CACHE_ENV: None if cache is None else str(cache),
                MAX_ROWS_ENV: None if row_limit is None else str(row_limit)}
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update({name: value for name, value in settings.items() if value is not None})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def brief_bytes(parameters: dict, fonts: Fonts | None = None, generated: str = "") -> bytes:
    """Open the set's Page with its parameters and return its Word brief as the bytes of a ``.docx`` file."""
    from yubei_lib.pages.page import open_page
    from yubei_lib.runner.docx_content import compose

    page = open_page(**parameters)
    document = compose(page, fonts, generated)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(folder: Path, lang: str, parameters: dict, data: dict[str, str], entry: dict,
               fonts: Fonts | None = None, force: bool = False) -> dict:
    """Write a set's Word brief unless the one there was made from the same inputs; return its manifest entry.

    Returns
    -------
    dict
        ``file``, ``key``, ``error`` (empty when written or kept), ``seconds`` and ``status``:
        ``made``, ``kept`` or ``failed`` (the earlier file stays; ``file`` is then listed only
        when there is one).
    """
    from yubei_lib.present.export import write_bytes_atomic

    fonts = fonts or FONTS[lang]
    name = docx_name(lang)
    key = docx_key(parameters, data, lang, fonts)
    if not force and entry.get("key") == key and not entry.get("error") and (folder / name).is_file():
        return {"file": name, "key": key, "error": "", "seconds": entry.get("seconds", 0), "status": "kept"}
    started = time.perf_counter()
    try:
        generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d")
        write_bytes_atomic(folder / name, brief_bytes(parameters, fonts, generated))
    except Exception as exc:  # a figure that cannot be drawn, a full disk: the earlier brief stays
        error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
        return {"file": name if (folder / name).is_file() else "", "key": "", "error": error, "seconds": 0,
                "status": "failed"}
    return {"file": name, "key": key, "error": "", "seconds": round(time.perf_counter() - started, 2),
            "status": "made"}


def make_docx(jobs: Sequence[Job], data: dict[str, str], cache: Path | None = None, force: bool = False,
              echo: Callable[[str], object] = print, row_limit: int | None = None) -> list[str]:
    """Write the Word brief of each set and language of a run, record it in the manifest; return what failed.

    Parameters
    ----------
    jobs : sequence of Job
        The run's pages; each (set, language) among them gets its brief.
    data : dict
        The data files' SHA-256s (part of each brief's key).
    cache : pathlib.Path, optional
        The folder of the ledger the run validated.
    force : bool
        Write every brief again (``--force``).
    echo : callable
        Where the run's lines go.
    row_limit : int, optional
        The run's ``--max-rows`` (the pages' kernels get it too).
    """
    by_set: dict[tuple[Path, str], list[Job]] = {}
    for job in jobs:
        by_set.setdefault((job.folder, job.lang), []).append(job)
    failed, made, kept = [], 0, 0
    with ledger_from(cache, row_limit):
        for (folder, lang), items in by_set.items():
            entry = read_manifest(folder).get("docx", {}).get(lang, {})
            new = write_docx(folder, lang, set_parameters(items), data, entry, force=force)
            status = new.pop("status")
            record_set_files(folder, lang, docx=new)
            where = f"{folder.parent.name}/{folder.name}/{docx_name(lang)}"
            if status == "failed":
                failed.append(f"{where}: {new['error']}")
            made += status == "made"
            kept += status == "kept"
    for line in failed:
        echo(f"FAILED {line}")
    echo(f"{made} Word brief(s) written, {kept} kept, {len(failed)} failed")
    return failed
