"""Tests of yubei_lib.figures.memo: what was read from a ledger's columns is reused only while they are the same."""

import gc
import pickle
import weakref

import numpy as np
import pandas as pd
import pytest
from builders import ledger as build_ledger

from yubei_lib.figures import memo
from yubei_lib.figures import rankings as r

pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword:Warning")  # changes made the deprecated ways too

def _frame():
    return pd.DataFrame({"x": np.arange(4.0), "when": pd.to_datetime(["2020-01-01"] * 4),
                         "id": pd.array(list("abcd"), dtype="string[pyarrow]"),
                         "kind": pd.Categorical(list("ppqq"))})


def _counting(frame, columns):
    calls = []

    def read():
        calls.append(1)
        return tuple(frame[c].tolist() if c in frame.columns else None for c in columns)
    return (lambda: memo.reuse("read", ((frame, columns),), read)), calls


CHANGES = {
    "a number set": lambda f: f.__setitem__("x", f["x"]) or f.loc.__setitem__((0, "x"), 9.0),
    "a date set": lambda f: f.loc.__setitem__((1, "when"), pd.Timestamp("2021-01-01")),
    "a text set": lambda f: f.loc.__setitem__((2, "id"), "z"),
    "a category set": lambda f: f.loc.__setitem__((3, "kind"), "p"),
    "a column replaced": lambda f: f.__setitem__("x", f["x"] * 2),
    "rows dropped": lambda f: f.drop(index=[0], inplace=True),
    "rows sorted": lambda f: f.sort_values("x", ascending=False, inplace=True),
    "a column added": lambda f: f.__setitem__("extra", 1),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_of_any_kind_is_read_again(change):
    frame = _frame()
    columns = ("x", "when", "id", "kind", "extra")
    read, calls = _counting(frame, columns)
    first = read()
    assert read() is first and len(calls) == 1  # unchanged: reused
    CHANGES[change](frame)
    second = read()
    assert len(calls) == 2 and second == tuple(frame[c].tolist() if c in frame.columns else None for c in columns)


def test_a_change_to_an_unread_column_or_to_a_copy_is_no_change():
    frame = _frame()
    read, calls = _counting(frame, ("x",))
    read()
    copy = frame.copy()
    copy.loc[0, "x"] = 5.0
    frame.loc[0, "id"] = "q"
    read()
    assert len(calls) == 1


class _Value:
    """A value that can be watched going (a weak reference to it)."""


def test_what_is_kept_lives_on_the_frame_and_goes_with_it():
    frame = _frame()
    value = memo.reuse("one", ((frame, ("x",)),), _Value)
    gone = weakref.ref(value)
    del value
    gc.collect()
    assert gone() is not None and list(memo.kept(frame)) == ["one"]
    assert memo.kept(frame.copy()) == {} and memo.kept(pickle.loads(pickle.dumps(frame))) == {}
    del frame
    gc.collect()
    assert gone() is None


def test_two_ledgers_keep_their_own():
    first, second = _frame(), _frame()
    calls = []
    for frame in (first, second, first, second):
        memo.reuse("read", ((frame, ("x",)),), lambda: calls.append(1))
    assert len(calls) == 2


def test_the_module_keeps_nothing_of_its_own():
    frame = _frame()
    memo.reuse("one", ((frame, ("x",)),), lambda: 1)
    state = [name for name, v in vars(memo).items() if isinstance(v, (dict, list, set)) and not name.startswith("__")]
    assert state == []


def _ledger():
    projects = build_ledger(district=["Yubei", "Dazu", "Yubei"], signed_on=["2016-01-01", "2016-03-01", "2020-02-01"],
                            operating_on=["2017-01-01", None, None], contract_value=[1e9, 1e8, 5e8])
    capital = pd.DataFrame({"project_id": ["P0", "P2", "P2"], "amount": [1e8, 2e8, 1e8],
                            "received_on": pd.to_datetime(["2020-03-01", "2020-03-01", "2020-05-01"])})
    return projects, capital


def test_rankings_called_again_reuse_the_arrays_until_the_ledger_changes():
    projects, capital = _ledger()
    assert r.LedgerArrays.of(projects, capital) is r.LedgerArrays.of(projects, capital)
    before = r.district_rankings(projects, capital, "2020Q2", previous=False)
    capital.loc[1, "amount"] = 4e8  # in place: the figures must follow
    projects.loc[1, "operating_on"] = pd.Timestamp("2018-01-01")
    after = r.district_rankings(projects, capital, "2020Q2", previous=False)
    fresh = r._rankings(r.LedgerArrays(projects, capital), "2020Q2", r.COHORTS, False, None)
    pd.testing.assert_frame_equal(after, fresh)
    assert after.set_index("district").loc["Yubei", "conversion_rate"] == pytest.approx(6e8 / 5e8)
    assert before.set_index("district").loc["Yubei", "conversion_rate"] == pytest.approx(4e8 / 5e8)
    assert after.set_index("district").loc["Dazu", "operation_rate_2015_2017"] == 1.0


def test_a_name_on_two_columns_is_read_each_time():
    frame = pd.DataFrame([[1.0, 2.0]], columns=["x", "x"])
    calls = []
    memo.reuse("call", ((frame, ("x",)),), lambda: calls.append(1))
    memo.reuse("call", ((frame, ("x",)),), lambda: calls.append(1))
    assert len(calls) == 2
