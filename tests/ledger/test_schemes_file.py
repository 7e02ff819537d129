"""Tests of yubei_lib.ledger.schemes_file: the ranking schemes' file read into its rows."""

import pytest

from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.schemes_file import COLUMNS, read_scheme_rows, reference_scheme_rows, schemes_path


def test_rows_keep_their_line_numbers_and_skip_empty_ones(tmp_path):
    path = tmp_path / "schemes.csv"
    path.write_text("\ufeffscheme, indicator ,weight,direction\n"
                    "mine, pace ,1,DESC,extra cell\n"
                    ",,,\n"
                    "\n"
                    "mine,lagging_count,2\n", encoding="utf-8")
    read = read_scheme_rows(path)
    assert read.file == str(path)
    assert read.rows == ((2, {"scheme": "mine", "indicator": "pace", "weight": "1", "direction": "DESC"}),
                         (5, {"scheme": "mine", "indicator": "lagging_count", "weight": "2", "direction": ""}))


def test_a_file_that_cannot_be_used_is_one_problem(tmp_path):
    with pytest.raises(LedgerError, match="cannot read the ranking schemes") as missing:
        read_scheme_rows(tmp_path / "none.csv")
    assert missing.value.problems[0].row is None
    path = tmp_path / "schemes.csv"
    path.write_text("scheme,indicator,weight\nmine,pace,1\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="missing column.s. direction: the header must be " + ",".join(COLUMNS)) as e:
        read_scheme_rows(path)
    assert [(p.file, p.row) for p in e.value.problems] == [(str(path), 1)]


def test_the_reference_file_is_the_kits():
    assert reference_scheme_rows() == read_scheme_rows(schemes_path())
    assert {row["scheme"] for _, row in reference_scheme_rows().rows} == {"three_rates", "horse_race"}
