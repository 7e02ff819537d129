"""``yubei diff OLD NEW``: the figures that changed between two report sets, figures files or ledgers.

Each side is a report-set folder (its ``figures.json`` and ledger snapshot), a
``figures.json`` (or any ``yubei metrics --format json`` output) or a ledger (its figures
computed as of ``--as-of``, or as of the other side's date). The changed figures of every
district are listed; where both sides hold ledger rows of a district (two ledgers, or a
ledger and a set's snapshot) the project rows behind the changes are listed too
(:mod:`yubei_lib.figures.revisions`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.errors import YubeiError
from yubei_lib.figures.frames import own_rows
from yubei_lib.figures.machine import district_figures, figures_dict
from yubei_lib.figures.revisions import changed_figures, explained, project_changes, project_records
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.ledger.reference import load_targets
from yubei_lib.present import wording
from yubei_lib.present.labels import t
from yubei_lib.runner.manifest import read_manifest
from yubei_lib.runner.revisions import FIGURES, read_figures, read_snapshot


class DiffError(YubeiError, ValueError):
    """A side that cannot be read, or two sides of different dates."""


@dataclass
class Side:
    """One side of a diff: its figures and, when at hand, its ledger rows.

    ``district`` is the one district a set's snapshot holds (None: a whole ledger).
    """

    path: Path
    figures: dict
    projects: pd.DataFrame | None = None
    capital: pd.DataFrame | None = None
    district: str | None = None

    def covers(self, district: str) -> bool:
        """Tell whether this side holds the ledger rows of a district."""
        return self.projects is not None and self.district in (None, district)


def _set_district(folder: Path) -> str | None:
    pages = read_manifest(folder).get("pages", {}).values()
    return next((p.get("parameters", {}).get("district") for p in pages if p.get("parameters", {}).get("district")),
                None)


def _figures_side(path: Path) -> Side:
    folder = path if path.is_dir() else path.parent
    figures = read_figures(folder) if path.is_dir() else None
    if not path.is_dir():
        try:
            figures = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DiffError(f"{path}: not a figures file ({exc})") from exc
    if not isinstance(figures, dict) or "districts" not in figures or "as_of" not in figures:
        raise DiffError(f"{path}: no figures of a report set ({FIGURES}); a set keeps them from its first build on"
                        if path.is_dir() else f"{path}: not a figures object (as_of, districts)")
    side = Side(path, figures)
    snapshot = read_snapshot(folder)
    district = _set_district(folder)
    if snapshot is not None and district is not None:
        side.projects, side.capital, side.district = snapshot[0], snapshot[1], district
    return side


def _ledger_side(path: Path, capital: Path | None, as_of: str | None, options: dict) -> Side:
    if as_of is None:
        raise DiffError(f"{path}: a ledger needs --as-of (or a report set or figures file on the other side)")
    sheet = options.get("sheet")
    limit = options.get("max_rows")
    ledger = load_ledger(path, capital, unit=options.get("unit"), sheet=sheet if isinstance(sheet, str) else None,
                         strict=not options.get("lenient", False), max_rows=limit if isinstance(limit, int) else None)
    cohorts = options.get("cohorts") or ",".join(COHORTS)
    targets = options.get("targets")
    table = load_targets(targets) if isinstance(targets, (str, os.PathLike)) else targets
    frame = district_figures(ledger.projects, ledger.capital, as_of, cohorts=cohorts,
                             targets=table, published=options.get("published"))
    return Side(path, figures_dict(frame, as_of, cohorts), ledger.projects, ledger.capital)


def is_figures(path: Path) -> bool:
    """Tell whether a path is a report set or a figures file rather than a ledger."""
    return path.is_dir() or path.suffix.lower() == ".json"


def read_sides(old: Path, new: Path, as_of: str | None = None, old_capital: Path | None = None,
               new_capital: Path | None = None, **options: object) -> tuple[Side, Side]:
    """Read both sides of a diff; a ledger side is computed as of ``as_of`` or the other side's date.

    Raises
    ------
    DiffError
        A side that is no set, figures file or ledger, no date for two ledgers, or two dates.
    yubei_lib.ledger.problems.LedgerError
        A ledger that does not validate.
    """
    old, new = Path(old), Path(new)
    for path in (old, new):
        if not path.exists():
            raise DiffError(f"{path}: no such file or folder")
    known = {p: _figures_side(p) for p in (old, new) if is_figures(p)}
    date = parse_as_of(as_of).strftime("%Y-%m-%d") if as_of else next((s.figures["as_of"] for s in known.values()), None)
    sides = [known.get(p) or _ledger_side(p, c, date, options) for p, c in ((old, old_capital), (new, new_capital))]
    if sides[0].figures["as_of"] != sides[1].figures["as_of"]:
        raise DiffError(f"{old} is as of {sides[0].figures['as_of']} and {new} as of {sides[1].figures['as_of']}: "
                        "compare the figures of one date")
    return sides[0], sides[1]


def diff(old: Side, new: Side) -> dict:
    """Return the changed figures of every district between two sides, and the projects behind them.

    Returns
    -------
    dict
        ``as_of``, ``old``, ``new`` (the paths) and ``districts``: one entry per district
        with a changed figure (``district``, ``figures``: ``figure``, ``old``, ``new``;
        ``projects``: the rows behind them, or None when a side holds no ledger rows of it).
    """
    as_of = new.figures["as_of"]
    names = [r.get("district") for r in new.figures["districts"]]
    names += [r.get("district") for r in old.figures["districts"] if r.get("district") not in names]
    out = []
    for district in names:
        revised = changed_figures(old.figures, new.figures, district)
        if not revised:
            continue
        projects = None
        if old.covers(district) and new.covers(district):
            before, after = own_rows(old.projects, district), own_rows(new.projects, district)
            assert old.capital is not None and new.capital is not None  # a side's ledger rows come with its capital
            ids = lambda rows: rows["project_id"]  # noqa: E731
            changes = project_changes(before, after, old.capital.loc[old.capital["project_id"].isin(ids(before))],
                                      new.capital.loc[new.capital["project_id"].isin(ids(after))])
            projects = project_records(explained(changes, revised, as_of, before))
        out.append({"district": district, "figures": revised, "projects": projects})
    return {"as_of": as_of, "old": str(old.path), "new": str(new.path), "districts": out}


def as_text(result: dict, lang: str = "en") -> str:
    """Word a diff for a reader: per district, each figure old -> new, then the projects behind them."""
    lines = [t("diff_head", lang, old=result["old"], new=result["new"], date=result["as_of"])]
    if not result["districts"]:
        lines.append(t("diff_none", lang))
    for entry in result["districts"]:
        lines += ["", f"{entry['district']}:"]
        lines += [f"  {line}" for line in wording.revision_lines(entry["figures"], lang)]
        for p in entry["projects"] or []:
            what = t(f"change_{p['change']}", lang) + (f" ({p['fields']})" if p["fields"] else "")
            lines.append(f"    {p['project_id']} {p['project_name'] or ''}: {what}; "
                         f"{t('explains', lang)}: {', '.join(wording.key_name(k.strip(), lang) for k in p['figures'].split(','))}")
    return "\n".join(lines)


def as_csv(result: dict) -> str:
    """Write a diff as CSV: one row per changed figure, with the projects behind it (space-separated ids)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["as_of", "district", "figure", "old", "new", "projects"])
    for entry in result["districts"]:
        for f in entry["figures"]:
            behind = [p["project_id"] for p in entry["projects"] or []
                      if f["figure"] in [k.strip() for k in p["figures"].split(",")]]
            writer.writerow([result["as_of"], entry["district"], f["figure"], "" if f["old"] is None else f["old"],
                             "" if f["new"] is None else f["new"], " ".join(behind)])
    return buffer.getvalue().rstrip("\n")
