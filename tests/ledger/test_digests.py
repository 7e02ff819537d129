import os
import pickle

import pytest

from yubei_lib.ledger import digests, load
from yubei_lib.ledger.digests import FileDigests, sha256
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError

HEADER = "project_id,project_name,district,signed_on,contract_value (亿元)"


def _ledger(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text(HEADER + "\nA1,ok,Yubei,2019-01-01,1\n", encoding="utf-8")
    c = tmp_path / "c.csv"
    c.write_text("project_id,received_on,amount (亿元)\nA1,2019-02-01,0.5\n", encoding="utf-8")
    return p, c


@pytest.fixture
def hashed(monkeypatch):
    """The paths hashed, in order."""
    calls = []

    def counting(path):
        calls.append(str(path))
        return sha256(path)
    monkeypatch.setattr(digests, "sha256", counting)
    monkeypatch.setattr(load, "sha256", counting)
    return calls


def test_files_are_hashed_when_first_asked_for_and_once(tmp_path, hashed):
    p, c = _ledger(tmp_path)
    ledger = load_ledger(p, c)
    assert hashed == [] and list(ledger.files) == [str(p), str(c)] and len(ledger.files) == 2
    assert dict(ledger.files) == {str(p): sha256(p), str(c): sha256(c)}
    assert ledger.files[str(p)] == sha256(p) and hashed == [str(p), str(c)]  # kept, not taken again
    with pytest.raises(KeyError):
        ledger.files[str(tmp_path / "other.csv")]


@pytest.mark.parametrize("change", ["append", "same size, later time", "remove"])
def test_a_file_changed_after_the_load_has_no_digest(tmp_path, change):
    p, c = _ledger(tmp_path)
    ledger = load_ledger(p, c)
    assert ledger.files[str(c)] == sha256(c)  # taken before the change: kept
    if change == "append":
        p.write_text(p.read_text(encoding="utf-8") + "A2,new,Yubei,2019-01-02,2\n", encoding="utf-8")
    elif change == "same size, later time":
        p.write_text(p.read_text(encoding="utf-8").replace("A1,ok", "A1,OK"), encoding="utf-8")
        st = os.stat(p)
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    else:
        p.unlink()
    with pytest.raises(LedgerError) as err:
        ledger.files[str(p)]
    [problem] = err.value.problems
    assert problem.file == str(p) and "changed after the ledger was loaded" in problem.message
    assert ledger.files[str(c)] == sha256(c)


def test_a_cached_load_knows_its_digests_and_pickles(tmp_path, hashed):
    p, c = _ledger(tmp_path)
    ledger = load_ledger(p, c, cache=tmp_path / "cache")
    taken = list(hashed)  # the cache is keyed by the digests: taken before the load
    assert sorted(taken) == sorted([str(p), str(c)])
    assert dict(ledger.files) == {str(p): sha256(p), str(c): sha256(c)} and hashed == taken
    again = pickle.loads(pickle.dumps(load_ledger(p, c)))
    assert dict(again.files) == dict(ledger.files)


def test_only_files_read_are_kept():
    files = FileDigests({"a": "1" * 64})
    files.note("a")
    assert list(files) == [] and "a" not in files
    files.keep("a")
    files.keep("a")
    assert list(files) == ["a"] and files["a"] == "1" * 64
