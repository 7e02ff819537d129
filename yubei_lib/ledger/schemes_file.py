"""The ranking schemes' file (``data/reference/ranking_schemes.csv``, figure 18), read into its rows.

Reading is all this module does: the file's text, its header and its rows, each with its
line number. What a row must hold (a known indicator, a weight above 0, a direction) is
checked where the schemes are made of the rows, :func:`yubei_lib.figures.schemes.parse_schemes`,
which reads no file.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.reference import reference_dir

SCHEMES_FILE = "ranking_schemes.csv"
"""The schemes' file in the reference folder."""

COLUMNS = ("scheme", "indicator", "weight", "direction", "label_en", "label_zh")
"""The file's columns; the first four are required."""


@dataclass(frozen=True)
class SchemeRows:
    """The rows of a schemes file as read: the file's name and each non-empty row with its line number.

    Attributes
    ----------
    file : str
        The file, as problems name it.
    rows : tuple of (int, dict)
        ``(line, {column: stripped cell})`` for every row with a cell, in the file's order; a
        cell the row lacks is ``""``.
    """

    file: str
    rows: tuple[tuple[int, dict[str, str]], ...]


def schemes_path() -> Path:
    """Return the reference file of the ranking schemes."""
    return reference_dir() / SCHEMES_FILE


def read_scheme_rows(path: str | os.PathLike | None = None) -> SchemeRows:
    """Read a ranking-schemes file into its rows.

    Parameters
    ----------
    path : path-like, optional
        Default ``data/reference/ranking_schemes.csv``.

    Returns
    -------
    SchemeRows

    Raises
    ------
    LedgerError
        When the file cannot be read, or its header lacks one of ``scheme, indicator,
        weight, direction``.

    Examples
    --------
    >>> read = read_scheme_rows()
    >>> read.rows[0][0], read.rows[0][1]["scheme"], read.rows[0][1]["indicator"]
    (2, 'three_rates', 'conversion_rate_ytd')
    """
    path = Path(schemes_path() if path is None else path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerError([Problem(file, None, None, None, f"cannot read the ranking schemes: {exc}")]) from None
    reader = csv.reader(text.splitlines())
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        raise LedgerError([Problem(file, 1, None, None, f"missing column(s) {', '.join(missing)}: the header must "
                                   f"be {','.join(COLUMNS)}")])
    rows = []
    for cells in reader:
        row = {h: (cells[j].strip() if j < len(cells) else "") for j, h in enumerate(header)}
        if any(row.values()):
            rows.append((reader.line_num, row))
    return SchemeRows(file, tuple(rows))


def reference_scheme_rows() -> SchemeRows:
    """Return the rows of the kit's own schemes file (``data/reference/ranking_schemes.csv``), read now.

    The file is read at each call, so that a scheme added to it counts at the next page or run.
    """
    return read_scheme_rows(schemes_path())
