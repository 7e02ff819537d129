"""Reuse what was read from a ledger's columns for as long as the frames still hold those very columns.

Ranking one quarter at a time (a loop over 24 quarters in a notebook) would otherwise match
every inflow to its project again at each call. Pandas copies a column before writing into
it while another object holds it (copy on write, always on since pandas 3), so keeping the
columns read is enough to know, at the next call, whether a frame still holds them: the same
buffers, the same lengths. A frame changed in any way (a cell set, a column replaced, rows
dropped or sorted) holds other buffers and is read again.

What is kept belongs to the ledger it was read from: it lives on the first frame read (one
value of each kind), goes with it, and is neither copied nor pickled with it (a copy of the
frame is another ledger). This module keeps nothing of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import pandas as pd

T = TypeVar("T")

KEPT = "_yubei_kept"
"""The attribute of a frame that keeps what was read from it: ``{kind: (key, value, the columns held)}``."""


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


def kept(frame: pd.DataFrame) -> dict[str, tuple[tuple, object, tuple]]:
    """Return what is kept on a frame, by kind (empty for a frame nothing was read from).

    Examples
    --------
    >>> p = pd.DataFrame({"x": [1.0, 2.0]})
    >>> kept(p), reuse("total", ((p, ("x",)),), lambda: 3.0), list(kept(p))
    ({}, 3.0, ['total'])
    >>> kept(p.copy())
    {}
    """
    return vars(frame).get(KEPT, {})


def reuse(kind: str, frames: tuple[tuple[pd.DataFrame, tuple[str, ...]], ...], build: Callable[[], T]) -> T:
    """Return ``build()``, or what it returned last time for these very columns of these frames.

    Parameters
    ----------
    kind : str
        What is kept (one of each kind on the first frame).
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
    if not frames or not all(c is None or isinstance(c, pd.Series) for c in held):  # nothing to keep it on, or a
        return build()                                                                # name on two columns
    key = tuple(None if c is None else _buffers(c) for c in held)
    owner = frames[0][0]
    store = kept(owner)
    if kind in store and store[kind][0] == key:
        return cast(T, store[kind][1])  # what build() returned for this kind: the same T
    value = build()  # which may keep other kinds on the same frame
    if KEPT not in vars(owner):
        object.__setattr__(owner, KEPT, {})  # not a column: past pandas' attribute check
    vars(owner)[KEPT][kind] = (key, value, held)
    return value
