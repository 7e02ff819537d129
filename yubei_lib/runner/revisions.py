"""What a report set published, and what changed since: ``figures.json``, a ledger snapshot, ``revisions.json``.

Every set keeps the figures it published (``figures.json``: the figures object of ``yubei
metrics`` for the set's date, all 22 districts) and a compact snapshot of its district's
ledger rows (``snapshot.parquet``, ``snapshot_capital.parquet``). When a rebuild gives other
figures for the set's district, :func:`revision` says which (old -> new) and which projects
explain them, and the run writes it to ``revisions.json`` for the summary and data-quality
pages (their ``revisions`` parameter); an unchanged rebuild leaves no notice.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from yubei_lib.figures.frames import own_rows
from yubei_lib.figures.revisions import changed_figures, explained, project_changes, project_records
from yubei_lib.ledger.load import Ledger
from yubei_lib.present.export import write_bytes_atomic, write_text_atomic

FIGURES = "figures.json"
SNAPSHOT = "snapshot.parquet"
SNAPSHOT_CAPITAL = "snapshot_capital.parquet"
REVISIONS = "revisions.json"


def read_figures(folder: Path) -> dict | None:
    """Return the figures a set published last, or None when it has none yet."""
    try:
        return json.loads((Path(folder) / FIGURES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def snapshot_rows(ledger: Ledger, district: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the district's projects and their capital inflows, as a snapshot keeps them."""
    projects = own_rows(ledger.projects, district)
    capital = ledger.capital.loc[ledger.capital["project_id"].isin(projects["project_id"])]
    return projects.reset_index(drop=True), capital.reset_index(drop=True)


def read_snapshot(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Return the projects and capital rows a set published last, or None when it kept none."""
    try:
        return pd.read_parquet(folder / SNAPSHOT), pd.read_parquet(folder / SNAPSHOT_CAPITAL)
    except (OSError, ValueError, ImportError):
        return None


def revision(folder: Path, figures: dict, ledger: Ledger, district: str, as_of: object) -> dict | None:
    """Compare a set's figures about to be published with those it published last.

    Returns
    -------
    dict or None
        None when nothing changed (or nothing was published yet); else ``since`` (when the
        last report was built), ``figures`` (``figure``, ``old``, ``new``), ``projects`` (the
        rows behind them: ``project_id``, ``change``, ``fields``, ``figures``, and the row's
        name, signing date and contract value).
    """
    folder = Path(folder)
    previous = read_figures(folder)
    if previous is None:
        return None
    revised = changed_figures(previous, figures, district)
    if not revised:
        return None
    rows = []
    old = read_snapshot(folder)
    if old is not None:
        projects, capital = snapshot_rows(ledger, district)
        changes = project_changes(old[0], projects, old[1], capital)
        rows = project_records(explained(changes, revised, as_of, old[0]))
    return {"since": previous.get("built", ""), "figures": revised, "projects": rows}


def write_revision(folder: Path, record: dict | None) -> Path | None:
    """Write (or, with no revision, remove) the set's ``revisions.json``; return its path when written."""
    path = Path(folder) / REVISIONS
    if record is None:
        path.unlink(missing_ok=True)
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True))
    return path


def publish(folder: Path, figures: dict, ledger: Ledger, district: str, built: str) -> None:
    """Keep what a set published: its figures (with the time it was built) and its district's ledger rows."""
    folder = Path(folder)
    write_text_atomic(folder / FIGURES, json.dumps({**figures, "built": built}, ensure_ascii=False, indent=1,
                                                    allow_nan=False))
    projects, capital = snapshot_rows(ledger, district)
    for frame, name in ((projects, SNAPSHOT), (capital, SNAPSHOT_CAPITAL)):
        buffer = io.BytesIO()
        frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(buffer, index=False)
        write_bytes_atomic(folder / name, buffer.getvalue())
