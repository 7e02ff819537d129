"""Work done once per distinct cell, over whole Arrow columns: names looked up, ids matched, repeats counted.

A ledger of a million rows writes a few dozen districts and types, and each id once: each
distinct value is hashed by Arrow once, and only the distinct ones are stripped, folded and
looked up in Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute

from yubei_lib.ledger import reference
from yubei_lib.ledger.parse import arrow_text, is_dictionary_text, is_text, stripped, without_empty


def isin(values: pd.Series, allowed: pd.Series) -> pd.Series:
    """Tell which values are among ``allowed``, as text, hashed by Arrow (fast on millions of ids).

    Examples
    --------
    >>> isin(pd.Series(["A", "B", None]), pd.Series(["B", "C"])).tolist()
    [False, True, False]
    """
    def arrow(s: pd.Series) -> pyarrow.ChunkedArray:
        return arrow_text(s).cast(pyarrow.large_string())

    found = pyarrow.compute.is_in(arrow(values), value_set=arrow(allowed), skip_nulls=True)  # an empty cell is in none
    return pd.Series(found.to_numpy(zero_copy_only=False).astype(bool), index=values.index)


def lookup(values: pd.Series, names: dict[str, str], otherwise=None) -> tuple[pd.Series, np.ndarray]:
    """Return each cell's name in ``names`` once folded (``reference.fold``), and where a written cell has none.

    Each distinct value is stripped, folded and looked up once: a ledger has few distinct
    districts or types. Empty cells give ``NA`` and are not unknown. An unknown cell gives
    ``otherwise``: ``None`` (``NA``), a name, or ``"as written"`` (the cell itself).

    Examples
    --------
    >>> found, unknown = lookup(pd.Series(["渝北区", " yubei ", "Mars", None]), {"渝北区": "Yubei", "yubei": "Yubei"})
    >>> found.tolist(), unknown.tolist()
    (['Yubei', 'Yubei', <NA>, <NA>], [False, False, True, False])
    >>> lookup(pd.Series([" 苹果 ", " "], dtype="str"), {}, "as written")[0].tolist()
    ['苹果', <NA>]
    """
    if is_dictionary_text(values):  # the names as the file stores them, each once
        encoded = values.array.__arrow_array__().unify_dictionaries().combine_chunks()
    elif len(values):
        encoded = pyarrow.chunked_array(pyarrow.compute.dictionary_encode(arrow_text(values))).unify_dictionaries().combine_chunks()
    else:
        encoded = pyarrow.array([], pyarrow.dictionary(pyarrow.int32(), pyarrow.large_string()))
    written = encoded.dictionary.to_pylist()  # each distinct cell as written, then stripped (None where blank)
    uniques = [None if u is pd.NA else u for u in stripped(pd.Series(pd.arrays.ArrowStringArray(
        encoded.dictionary.cast(pyarrow.large_string())))).tolist()]
    found = [names.get(reference.fold(u)) if u is not None else None for u in uniques]
    given = [u if u is None else f if f is not None else (u if otherwise == "as written" else otherwise)
             for f, u in zip(found, uniques)]
    if is_text(values) and all(g == w or (g is None and w == "") for g, w in zip(given, written)):
        # every cell already its name, or empty (missing then): the text kept, not copied
        looked = values if "" not in written else without_empty(
            values, pyarrow.compute.equal(encoded.indices, written.index("")))
    else:
        looked = pd.Series(pd.arrays.ArrowStringArray(pyarrow.array(given, type=pyarrow.large_string())
                                                      .take(encoded.indices)), index=values.index)
    missing = [f is None and u is not None for f, u in zip(found, uniques)]
    if not any(missing):
        return looked, np.zeros(len(values), dtype=bool)
    unknown = pyarrow.array(missing, type=pyarrow.bool_()).take(encoded.indices)
    return looked, pyarrow.compute.fill_null(unknown, False).to_numpy(zero_copy_only=False).astype(bool)


def repeats(ids: pd.Series) -> bool:
    """Tell whether a written id is on more than one row (empty cells aside), hashed by Arrow.

    Examples
    --------
    >>> repeats(pd.Series(["A", "B", None, None])), repeats(pd.Series(["A", "B", "A"]))
    (False, True)
    """
    text = arrow_text(ids)
    distinct = pyarrow.compute.unique(text)
    return len(distinct) - distinct.null_count < len(text) - text.null_count
