import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from yubei_lib.ledger import reference
from yubei_lib.ledger.distinct import isin, lookup, repeats

TEXT = pd.StringDtype("pyarrow")  # cells as a CSV file gives them


def _dictionary(cells: list) -> pd.Series:
    """Cells as a Parquet file of names gives them: each distinct text stored once."""
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(cells, pa.large_string()).dictionary_encode()))


@pytest.mark.parametrize("make", [lambda c: pd.Series(c, dtype=TEXT), lambda c: pd.Series(c, dtype=object), _dictionary],
                         ids=["arrow text", "object", "arrow dictionary"])
def test_lookup_strips_each_distinct_cell_and_tells_unknown_from_empty(make):
    cells = [" 渝北区 ", "Yubei", "\u3000", "", None, "Mars", "yubei district", "Mars"]
    found, unknown = lookup(make(cells), reference.district_aliases())
    assert found.tolist() == ["Yubei", "Yubei", pd.NA, pd.NA, pd.NA, pd.NA, "Yubei", pd.NA]
    assert unknown.tolist() == [False, False, False, False, False, True, False, True]
    assert found.dtype == TEXT


@pytest.mark.parametrize("make", [lambda c: pd.Series(c, dtype=TEXT), _dictionary], ids=["arrow text", "arrow dictionary"])
def test_lookup_keeps_a_name_of_ones_own_stripped_or_gives_the_fallback(make):
    cells = [" 自定义集群 ", "smart terminals", " "]
    kept, unknown = lookup(make(cells), reference.category_aliases("cluster"), "as written")
    assert kept.tolist() == ["自定义集群", "smart terminals", pd.NA]
    assert unknown.tolist() == [True, False, False]  # not among the known ones, kept as written
    other, unknown = lookup(make(["外星资本", "央企"]), reference.category_aliases("investor_type"), "other")
    assert other.tolist() == ["other", "central SOE"] and unknown.tolist() == [True, False]


def test_lookup_gives_the_cells_themselves_when_each_is_already_its_name():
    cells = pd.Series(["Yubei", "Dazu", None, "Yubei"], dtype=TEXT)
    found, unknown = lookup(cells, reference.district_aliases())
    assert found is cells and not unknown.any()  # nothing copied
    found, _ = lookup(pd.Series(["Yubei", " Dazu"], dtype=TEXT), reference.district_aliases())
    assert found.tolist() == ["Yubei", "Dazu"]


def test_lookup_of_names_and_empty_cells_keeps_the_text_under_a_new_bitmap():
    chunks = pa.chunked_array([pa.array(["Yubei", "", None], pa.large_string()), pa.array(["", "Dazu"], pa.large_string())])
    cells = pd.Series(pd.arrays.ArrowStringArray(chunks))
    found, unknown = lookup(cells, reference.district_aliases())
    assert found.tolist() == ["Yubei", pd.NA, pd.NA, pd.NA, "Dazu"] and not unknown.any()
    text = [c.buffers()[2] for c in found.array.__arrow_array__().chunks]
    assert [b.address for b in text] == [c.buffers()[2].address for c in chunks.chunks]  # not copied
    blank, _ = lookup(pd.Series(["Yubei", " ", ""], dtype=TEXT), reference.district_aliases())
    assert blank.tolist() == ["Yubei", pd.NA, pd.NA]  # white space is no name either (stripped, then empty)


def test_lookup_of_many_chunks_and_no_cells():
    chunks = pa.chunked_array([pa.array(["渝北区", "Mars"], pa.large_string()), pa.array([None, "Dazu"], pa.large_string())])
    found, unknown = lookup(pd.Series(pd.arrays.ArrowStringArray(chunks)), reference.district_aliases())
    assert found.tolist() == ["Yubei", pd.NA, pd.NA, "Dazu"] and unknown.tolist() == [False, True, False, False]
    found, unknown = lookup(pd.Series([], dtype=TEXT), reference.district_aliases())
    assert len(found) == 0 and unknown.dtype == bool and len(unknown) == 0


@pytest.mark.parametrize("cells, expected", [
    (["A", "B", None, None], False),  # empty cells are not repeats of each other
    (["A", "B", "A"], True),
    ([], False),
])
def test_repeats_counts_written_ids_only(cells, expected):
    assert repeats(pd.Series(cells, dtype=TEXT)) is expected


def test_isin_an_empty_cell_is_among_none():
    got = isin(pd.Series(["A", None, "C", "B"], dtype=TEXT), pd.Series(["A", None, "B"], dtype=TEXT))
    assert got.tolist() == [True, False, False, True]
    assert isin(pd.Series([1, 2], dtype=object), pd.Series(["1"], dtype=TEXT)).tolist() == [True, False]


def test_lookup_agrees_with_looking_up_every_cell():
    rng = np.random.default_rng(3)
    names = list(reference.district_aliases()) + ["Mars", " ", "", "  渝北区\t"]
    cells = [None if rng.random() < 0.05 else names[i] for i in rng.integers(0, len(names), 5000)]
    found, unknown = lookup(pd.Series(cells, dtype=TEXT), reference.district_aliases())
    aliases = reference.district_aliases()
    for cell, name, flag in zip(cells, found.tolist(), unknown.tolist()):
        text = None if cell is None or not cell.strip() else cell.strip()
        want = None if text is None else aliases.get(reference.fold(text))
        assert (None if name is pd.NA else name) == want
        assert flag == (text is not None and want is None)
