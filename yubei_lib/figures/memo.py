"""Reuse what was read from a ledger's columns for as long as the frames still hold those very columns.

Ranking one quarter at a time (a loop over 24 quarters in a notebook) would otherwise match
every inflow to its project again at each call. Pandas copies a column before writing into
it while another object holds it (copy on write, always on since pandas 3), so keeping the
columns read is enough to know, at the next call, whether a frame still holds them: the same
buffers, the same lengths. A frame changed in any way (a cell set, a column replaced, rows
dropped or sorted) holds other buffers and is read again. Only the last ledger is kept for
each kind of thing read from it, and it is let go when its first frame is.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TypeVar, cast

import pandas as pd

T = TypeVar("T")

_lock = threading.Lock()
_kept: dict[str, tuple[tuple, object, tuple]] = {}  # kind: (key, value, the columns held), the last ledger's


def _buffers(column: pd.Series) -> tuple:
    """Return what identifies a column's data: its buffers' addresses (or its array's identity) and length."""
    array = column.array
    arrow = getattr(array, "__arrow_array__", None)
    if arrow is not None:  # Arrow text: immutable buffers, replaced (not written) by any change
        chunks = arrow()
        chunks = getattr(chunks, "chunks", [chunks])
        return ("arrow", len(column), tuple((c.offset, len(c), tuple(b.address if b is not None else 0
                                                                     for b in c.buffers())) for c in chunks))
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype):  # the block's own array object
        return ("array", len(column), id(array))
    values = column.to_numpy()  # a view of the block
    face = values.__array_interface__
    return ("numpy", len(column), face["data"], face["shape"], face["strides"], face["typestr"])


def _held(frames: tuple[tuple[pd.DataFrame, tuple[str, ...]], ...]) -> tuple:
    return tuple(frame[c] if c in frame.columns else None for frame, columns in frames for c in columns)


def reuse(kind: str, frames: tuple[tuple[pd.DataFrame, tuple[str, ...]], ...], build: Callable[[], T]) -> T:
    """Return ``build()``, or what it returned last time for these very columns of these frames.

    Parameters
    ----------
    kind : str
        What is kept (one of each kind: the last ledger's).
    frames : tuple of (pandas.DataFrame, tuple of str)
        Each frame with the columns ``build`` reads from it (an absent column counts as absent).
    build : callable
        Reads the columns; called again when any of them is not the one read last time.

    Examples
    --------
    >>> p = pd.DataFrame({"x": [1.0, 2.0]})
    >>> calls = []
    >>> def total():
    ...     calls.append(1)
    ...     return p["x"].sum()
    >>> reuse("total", ((p, ("x",)),), total), reuse("total", ((p, ("x",)),), total), len(calls)
    (np.float64(3.0), np.float64(3.0), 1)
    >>> p.loc[0, "x"] = 5.0
    >>> reuse("total", ((p, ("x",)),), total), len(calls)
    (np.float64(7.0), 2)
    """
    held = _held(frames)
    if not all(c is None or isinstance(c, pd.Series) for c in held):  # a name on two columns: not one column to hold
        return build()
    key = tuple(None if c is None else _buffers(c) for c in held)
    with _lock:
        if kind in _kept and _kept[kind][0] == key:
            return cast(T, _kept[kind][1])  # what build() returned for this kind: the same T
    value = build()
    with _lock:
        _kept[kind] = (key, value, held)
    if frames:
        weakref.finalize(frames[0][0], _forget, kind, key)
    return value


def _forget(kind: str, key: tuple) -> None:
    """Let a ledger's columns go with its frame."""
    with _lock:
        if kind in _kept and _kept[kind][0] == key:
            del _kept[kind]


def clear() -> None:
    """Forget every ledger kept."""
    with _lock:
        _kept.clear()
