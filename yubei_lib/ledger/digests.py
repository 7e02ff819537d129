"""The SHA-256 of each file a ledger was loaded from, taken when first asked for.

Loading a ledger reads and checks its files; their SHA-256s are for the record (a report's
manifest and footer, the data-quality page), and are taken only when one is read: hashing
adds about a sixth to the load of a big CSV ledger (``benchmarks/load.py``). A file must then be as it was when
it was loaded (the same size and modification time), else :class:`~yubei_lib.ledger.problems.LedgerError`:
a digest never names bytes other than those read. ``yubei report`` hashes the files before
it loads them (its cache is keyed by their digests), so a report's digests are known at once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from yubei_lib.ledger.problems import LedgerError, Problem


def sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _state(path: str) -> tuple[int, int] | None:
    """Return a file's size and modification time (ns), or None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class FileDigests(Mapping):
    """Each loaded file's path mapped to its SHA-256 (hex), in the order the files were read.

    A digest is taken when first read and kept. Files are noted (:meth:`note`) before they
    are read; :meth:`keep` adds one once it has been read.

    Examples
    --------
    >>> digests = FileDigests({"a.csv": "0" * 64})
    >>> digests.note("a.csv"); digests.keep("a.csv")
    >>> dict(digests) == {"a.csv": "0" * 64}
    True
    """

    def __init__(self, known: Mapping[str, str] | None = None):
        self._known = dict(known or {})
        self._noted: dict[str, tuple[int, int] | None] = {}
        self._kept: list[str] = []

    def note(self, path: str | Path) -> None:
        """Note a file as it is before it is read (its size and modification time)."""
        self._noted.setdefault(str(path), _state(str(path)))

    def keep(self, path: str | Path) -> None:
        """Add a file that was read (noted before)."""
        if str(path) not in self._kept:
            self._kept.append(str(path))

    def __getitem__(self, path: str) -> str:
        if path not in self._kept:
            raise KeyError(path)
        if path not in self._known:
            before = self._noted.get(path)
            try:
                digest = sha256(path) if before is not None and _state(path) == before else None
            except OSError:
                digest = None
            if digest is None or _state(path) != before:  # changed, or gone, before or while it was hashed
                raise LedgerError([Problem(path, None, None, None,
                                           "the file changed after the ledger was loaded from it: load it again")])
            self._known[path] = digest
        return self._known[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def __repr__(self) -> str:
        return f"FileDigests({list(self._kept)!r})"
