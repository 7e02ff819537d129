"""Tests of yubei_lib.lagging: the accountability list."""

import pandas as pd
import pytest
from builders import ledger
from pandas.testing import assert_frame_equal

from yubei_lib.figures import lagging


def test_lagging_projects_as_of_2020_02_29():
    p = ledger(
        project_id=["A", "B", "C", "D", "E", "F", "G", "H"],
        district=["Yubei"] * 6 + ["Dazu", "Yubei"],
        signed_on=["2019-02-28", "2019-03-01", "2017-02-28", "2017-03-01", "2016-01-10", "2016-01-10",
                   "2018-05-31", "2018-01-01"],
        commenced_on=[None, None, "2017-09-01", "2017-09-01", None, None, "2020-03-15", "2018-06-01"],
        operating_on=[None, None, None, None, None, None, None, "2020-02-29"],
        terminated_on=[None, None, None, None, "2020-02-29", "2020-03-01", None, None],
        responsible_unit=["Investment Bureau"] * 8,
        responsible_leader=["Wang", "Wang", "Li", "Li", "Zhao", "Zhao", None, "Wang"])
    before = p.copy()
    got = lagging.lagging_projects(p, "2020-02-29")
    # 2020-02-29 - 12 months = 2019-02-28; - 36 months = 2017-02-28.
    # A signed 2019-02-28, not commenced: lagging, 0 months overdue.  B (2019-03-01): not yet.
    # C signed 2017-02-28, commenced, not in operation: lagging on operation, 0 months overdue.
    # D (2017-03-01): not yet.  E terminated on as_of: not live.  F terminated after as_of:
    # live, not commenced since 2016-01-10: full months to 2020-02-29 = 49 -> 49 - 12 = 37.
    # G commenced after as_of: not commenced; 2018-05-31 -> 20 full months -> 8 overdue.
    # H went into operation on as_of: not lagging.
    assert got[["district", "project_id", "stage", "months_overdue"]].values.tolist() == [
        ["Yubei", "F", "not commenced", 37],
        ["Yubei", "A", "not commenced", 0],
        ["Yubei", "C", "not in operation", 0],
        ["Dazu", "G", "not commenced", 8],
    ]
    assert got["responsible_leader"].tolist()[:3] == ["Zhao", "Wang", "Li"]
    assert pd.isna(got["responsible_leader"].iloc[3])
    assert got["responsible_unit"].eq("Investment Bureau").all()
    counts = lagging.lagging_count(p, "2020-02-29")
    assert (counts["Yubei"], counts["Dazu"], counts.sum()) == (3, 1, 4)
    # Thresholds are parameters: 6 and 24 months bring B (12 months overdue is 6) and D.
    looser = lagging.lagging_projects(p, "2020-02-29", months_to_commence=6, months_to_operate=24)
    assert set(looser["project_id"]) == {"A", "B", "C", "D", "F", "G"}
    with pytest.raises(ValueError, match="whole months"):
        lagging.lagging_projects(p, "2020-02-29", months_to_commence=-1)
    assert_frame_equal(p, before)
