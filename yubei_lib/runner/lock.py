"""One run at a time writes into a reports folder: a cross-platform lock (filelock).

The lock file lives in the machine's temporary folder, named after the reports folder,
so the published folder never holds one; a second run on the same folder is refused at
once with the first run's process id.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from yubei_lib.errors import YubeiError


class LockedError(YubeiError):
    """Another run is writing into the same reports folder."""


def lock_path(out: Path) -> Path:
    """Return the lock file of a reports folder (in the temporary folder, never in ``out``)."""
    digest = hashlib.sha256(str(Path(out).resolve()).encode("utf-8")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"yubei-report-{digest}.lock"


class RunLock:
    """Hold the lock of a reports folder for the length of a ``with`` block."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = lock_path(self.out)
        self._lock = FileLock(str(self.path), timeout=0)
        self._owner = self.path.with_suffix(".owner")

    def __enter__(self) -> RunLock:
        try:
            self._lock.acquire()
        except Timeout:
            try:
                holder = self._owner.read_text(encoding="utf-8").strip()
            except OSError:
                holder = ""
            raise LockedError(f"another yubei report run ({holder or 'unknown process'}) is writing into "
                              f"{self.out}; wait for it to finish or use another --out") from None
        self._owner.write_text(f"pid {os.getpid()}", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        self._owner.unlink(missing_ok=True)
        self._lock.release()
