"""The revision a run recorded for a report set (``revisions.json``), read for its pages and its next run.

What a revision holds, and how it is found, is :mod:`yubei_lib.figures.revisions` (figure 19),
which reads no file; ``yubei report`` writes the file (:mod:`yubei_lib.runner.revisions`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def read_revision(path: object) -> dict | None:
    """Return the revision a run recorded for a report set (``revisions.json``), or None (no path, no file, nothing changed).

    Examples
    --------
    >>> read_revision(""), read_revision(None), read_revision("no/such/revisions.json")
    (None, None, None)
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip() or not Path(path).is_file():
        return None
    return json.loads(Path(path).read_text(encoding="utf-8"))
