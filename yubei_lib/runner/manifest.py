"""The manifest of a report set: parameters, data SHA-256s, versions, each page's status and duration."""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from yubei_lib.config import VERSION as __version__
from yubei_lib.present.export import write_text_atomic

if TYPE_CHECKING:  # a type only: plan reads manifests, so no import at run time
    from yubei_lib.runner.plan import Outcome


def manifest_path(folder: Path) -> Path:
    """Return the manifest file of a report set's folder."""
    return folder / "manifest.json"


def read_manifest(folder: Path) -> dict:
    """Return a report folder's manifest, or an empty one."""
    try:
        return json.loads(manifest_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def versions() -> dict[str, str]:
    """Return the versions of the kit, Python and the libraries that made the pages."""
    out = {"yubei_lib": __version__, "python": platform.python_version()}
    for name in ("pandas", "altair", "papermill", "nbconvert", "vl-convert-python"):
        try:
            out[name] = version(name)
        except Exception:  # a package not installed is simply not listed
            pass
    return out


def update_manifest(folder: Path, outcomes: list[Outcome], data: dict[str, str]) -> None:
    """Record in a set's manifest what became of each of its pages in this run."""
    manifest = read_manifest(folder)
    first = outcomes[0].job
    manifest.update({"period": first.period, "as_of": first.as_of.strftime("%Y-%m-%d"),
                     "district": first.district, "district_id": first.district_id,
                     "data": data, "versions": versions()})
    pages = manifest.setdefault("pages", {})
    for o in outcomes:
        entry = pages.get(o.job.stem, {})
        if o.status == "made":
            entry = {"page": o.job.page, "lang": o.job.lang, "status": "ok", "key": o.job.key,
                     "parameters": o.job.parameters, "duration_s": round(o.seconds, 2),
                     "generated": o.generated, "html": f"{o.job.stem}.html", "notebook": f"{o.job.stem}.ipynb"}
            for kind in ("briefs", "brief_keys"):  # the brief no longer shows this page as it is
                manifest.get(kind, {}).pop(o.job.lang, None)
        elif o.status == "failed":
            entry.update({"page": o.job.page, "lang": o.job.lang, "last_run": "failed", "error": o.error,
                          "failed_notebook": f"{o.job.stem}.failed.ipynb", "duration_s": round(o.seconds, 2)})
            entry.setdefault("status", "failed")
        pages[o.job.stem] = entry
    write_text_atomic(manifest_path(folder), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def record_build(folder: Path, built: str, data: dict[str, str]) -> None:
    """Add a build to the set's history: when it was published, from which data, by which kit."""
    manifest = read_manifest(folder)
    manifest.setdefault("builds", []).append({"time": built, "data": data, "version": __version__})
    write_text_atomic(manifest_path(folder), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def record_pdfs(folder: Path, pages: dict[str, tuple[str, str]], briefs: dict[str, tuple[str, str, str]]) -> None:
    """Record a set's PDFs printed in this run: a page's ``"pdf"``, the set's ``"briefs"`` by language.

    Parameters
    ----------
    folder : pathlib.Path
        The set's folder.
    pages : dict
        Page stem -> (PDF file name, error or "").
    briefs : dict
        Language -> (PDF file name, the brief's key, error or "").

    A PDF that failed keeps an earlier file of that name, listed with its error
    (``"pdf_error"``, ``"brief_errors"``), as a failed page keeps its earlier page.
    """
    manifest = read_manifest(folder)
    entries = manifest.setdefault("pages", {})
    for stem, (name, error) in pages.items():
        entry = entries.setdefault(stem, {})
        entry.pop("pdf_error", None)
        if error:
            entry["pdf_error"] = error
        if not error or (folder / name).is_file():
            entry["pdf"] = name
        else:
            entry.pop("pdf", None)
    for lang, (name, key, error) in briefs.items():
        listed, keys, errors = (manifest.setdefault(k, {}) for k in ("briefs", "brief_keys", "brief_errors"))
        errors.pop(lang, None)
        keys.pop(lang, None)
        if error:
            errors[lang] = error
        else:
            keys[lang] = key
        if not error or (folder / name).is_file():
            listed[lang] = name
        else:
            listed.pop(lang, None)
    for kind in ("briefs", "brief_keys", "brief_errors"):
        if not manifest.get(kind):
            manifest.pop(kind, None)
    write_text_atomic(manifest_path(folder), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def record_set_files(folder: Path, lang: str, tables: dict | None = None, supervision: dict | None = None,
                     docx: dict | None = None) -> None:
    """Record a set's own files in a language: its workbook (``"tables"``), its units' lists (``"supervision"``)
    and its Word brief (``"docx"``).

    Parameters
    ----------
    folder : pathlib.Path
        The set's folder.
    lang : {"en", "zh"}
    tables : dict, optional
        ``file`` (``tables.xlsx``, or "" when there is none), ``key``, ``error``.
    supervision : dict, optional
        ``folder`` (``督办`` or ``supervision``), ``key``, ``units`` (each ``unit``, ``xlsx``, ``pdf``:
        paths from the set's folder), ``error``, ``pdf_key`` and ``pdf_errors`` (file name -> error).
    docx : dict, optional
        ``file`` (``brief.docx``, or "" when there is none), ``key``, ``error``, ``seconds``.

    A failed write keeps the earlier files, listed with the error, as a failed page keeps its earlier page.
    """
    manifest = read_manifest(folder)
    if tables is not None:
        manifest.setdefault("tables", {})[lang] = tables
    if supervision is not None:
        manifest.setdefault("supervision", {})[lang] = supervision
    if docx is not None:
        manifest.setdefault("docx", {})[lang] = docx
    write_text_atomic(manifest_path(folder), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
