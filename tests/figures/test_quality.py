"""Tests of yubei_lib.figures.quality: completeness of the optional columns."""

import numpy as np
import pytest
from builders import ledger

from yubei_lib.figures.quality import OPTIONAL_COLUMNS, completeness


def test_completeness_counts_empty_text_as_missing():
    p = ledger(district=["Yubei", "Yubei", "Dazu"], signed_on=["2020-01-01", "2021-01-01", "2020-01-01"],
               investor=["ACME", " ", None], park=[None, None, None])
    got = completeness(p, "Yubei", "2020Q4").set_index("column")
    assert got.loc["investor", "filled"] == 1 and got.loc["investor", "share"] == pytest.approx(1 / 3)
    assert got.loc["investor", "district_share"] == 1.0  # the 2021 project is not signed yet
    assert got.loc["park", "share"] == 0.0 and got.loc["terminated_on", "filled"] == 0
    assert list(got.index) == OPTIONAL_COLUMNS
    assert np.isnan(completeness(p, "Banan")["district_share"]).all()
