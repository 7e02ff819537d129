"""Tests of yubei_lib.composition: categories, largest projects, weak links."""

import pandas as pd
import pytest
from builders import ledger
from pandas.testing import assert_frame_equal

from yubei_lib.figures import composition


def test_composition_and_largest_projects():
    p = ledger(district=["Yubei", "Yubei", "Yubei", "Yubei", "Dazu"],
               signed_on=["2020-01-05", "2020-02-01", "2020-03-01", "2019-03-01", "2020-03-01"],
               contract_value=[3e8, 1e8, 4e8, 9e9, 2e8],
               cluster=["smart terminals", None, "smart terminals", "aviation logistics", "aviation logistics"])
    got = composition.composition(p, "2020Q1", by="cluster")
    # Yubei 2020Q1: smart terminals 3e8 + 4e8 = 7e8 of 8e8 = 0.875; no cluster 1e8 = 0.125.
    expected = pd.DataFrame({"district": ["Yubei", "Yubei", "Dazu"],
                             "cluster": ["smart terminals", None, "aviation logistics"],
                             "signed_value": [7e8, 1e8, 2e8], "signed_count": [2, 1, 1],
                             "value_share": [0.875, 0.125, 1.0]}).astype({"district": "str", "cluster": "str"})
    assert_frame_equal(got, expected)
    top = composition.largest_projects(p, "2020Q1", n=2)
    assert top[["district", "project_id", "rank"]].values.tolist() == [
        ["Yubei", "P2", 1], ["Yubei", "P0", 2], ["Dazu", "P4", 1]]
    assert "cluster" in top.columns
    since_2019 = composition.largest_projects(p, "2020Q1", n=1, start="2019-01-01")
    assert since_2019["project_id"].tolist() == ["P3", "P4"]


def test_weak_links_over_the_trailing_three_years():
    chains = pd.DataFrame({"cluster": ["smart terminals"] * 3 + ["aviation logistics"],
                           "segment": ["chips", "LCD panels", "IoT", "warehousing"]})
    p = ledger(district=["Yubei"] * 6,
               cluster=["smart terminals"] * 4 + ["aviation logistics", "smart terminals"],
               chain_segment=["chips", "LCD panels", "IoT", "chips", "chips", None],
               signed_on=["2018-01-01", "2019-06-01", "2020-12-31", "2017-12-31", "2020-01-01", "2020-05-05"],
               contract_value=[6e9, 3.6e9, 1.9e8, 5e10, 7e9, 2e8])
    got = composition.weak_links(p, "2020-12-31", chain_table=chains)
    yubei = got[got["district"] == "Yubei"].set_index("segment")
    # Window (2017-12-31, 2020-12-31]: the 2017-12-31 chips project is out. The chips project
    # of "aviation logistics" is not on the smart-terminal chain. Smart terminals' value:
    # 6e9 + 3.6e9 + 1.9e8 + 2e8 (no segment) = 9.99e9. IoT: 1.9e8 / 9.99e9 < 5 % -> weak.
    assert yubei.loc["chips", "signed_count"] == 1 and yubei.loc["chips", "cluster_value"] == 9.99e9
    assert yubei.loc["IoT", "value_share"] == pytest.approx(1.9e8 / 9.99e9)
    assert yubei["weak"].to_dict() == {"chips": False, "LCD panels": False, "IoT": True, "warehousing": True}
    # Aviation logistics signed 7e9 (on a chips segment off its chain), warehousing nothing.
    assert yubei.loc["warehousing", "cluster_value"] == 7e9 and yubei.loc["warehousing", "value_share"] == 0
    dazu = got[got["district"] == "Dazu"]
    assert len(got) == 22 * 4 and dazu["weak"].all() and dazu["value_share"].isna().all()
    # With the reference chains.csv: every segment of the five clusters, 22 times.
    assert len(composition.weak_links(p, "2020-12-31")) == 22 * 23
