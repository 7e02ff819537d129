"""Tests of yubei_lib.figures.reconcile, and of the office's path: its own ledger plus the city's table."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from paths import SAMPLE

from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.rankings import district_rankings
from yubei_lib.figures.reconcile import reconciliation
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.published import PublishedRankings, read_rankings

COHORTS = "2015-2017,2018-2020"
RANK_KEYS = ["rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020",
             "composite_score", "composite_rank"]


@pytest.fixture(scope="module")
def office():
    """Yubei's own ledger (the sample's office files) and the city's table."""
    ledger = load_ledger(SAMPLE / "yubei_projects.xlsx", SAMPLE / "yubei_capital.xlsx")
    return ledger, read_rankings(SAMPLE / "city_rankings.xlsx")


@pytest.fixture(scope="module")
def city():
    return load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv")


def planted(table: PublishedRankings, district: str, **changes) -> PublishedRankings:
    frame = table.frame.copy()
    at = (frame["quarter"] == pd.Timestamp("2020-12-31")) & (frame["district"] == district)
    for column, value in changes.items():
        frame.loc[at, column] = value
    return PublishedRankings(table.file, frame, table.rows, table.headers)


@pytest.mark.parametrize("as_of", ["2019Q1", "2019Q4", "2020Q2", "2020Q4"])
def test_office_ledger_with_the_table_ranks_as_the_citys_ledger(office, city, as_of):
    (ledger, table) = office
    ours = district_figures(ledger.projects, ledger.capital, as_of, published=table)
    theirs = district_figures(city.projects, city.capital, as_of)
    pd.testing.assert_frame_equal(ours[["district", *RANK_KEYS]], theirs[["district", *RANK_KEYS]])
    assert theirs["composite_rank"].notna().all()


def test_office_ledger_without_the_table_has_no_rank(office):
    ledger, _ = office
    got = district_figures(ledger.projects, ledger.capital, "2020Q4")
    assert got[RANK_KEYS].isna().all().all()
    assert got.set_index("district").loc["Yubei", "operation_rate_2015_2017"] == pytest.approx(0.927, abs=1e-3)


def test_a_quarter_the_table_lacks_has_no_rank(office):
    ledger, table = office
    assert district_figures(ledger.projects, ledger.capital, "2018Q4", published=table)[RANK_KEYS].isna().all().all()


def test_the_ledger_and_a_true_table_agree(office):
    ledger, table = office
    assert reconciliation(ledger.projects, ledger.capital, "2020Q4", COHORTS, table).empty


def test_a_planted_difference_of_0_3_points_is_flagged_with_both_values(office):
    ledger, table = office
    yubei = table.at("2020Q4").loc["Yubei", "conversion_rate"]
    found = reconciliation(ledger.projects, ledger.capital, "2020Q4", COHORTS,
                           planted(table, "Yubei", conversion_rate=yubei - 0.003))
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["kind"], row["district"], row["figure"]) == ("value", "Yubei", "conversion_rate")
    assert row["ledger"] == pytest.approx(yubei) and row["difference"] == pytest.approx(0.003)
    assert row["row"] == table.row_of("2020Q4", "Yubei")
    # 0.04 points is within the tolerance of 0.05 points.
    assert reconciliation(ledger.projects, ledger.capital, "2020Q4", COHORTS,
                          planted(table, "Yubei", conversion_rate=yubei - 0.0004)).empty


def test_a_planted_wrong_published_rank_is_flagged_and_shown_as_published(office):
    ledger, table = office
    true = int(table.at("2020Q4").loc["Dazu", "composite_rank"])
    wrong = planted(table, "Dazu", composite_rank=22 if true != 22 else 1)
    found = reconciliation(ledger.projects, ledger.capital, "2020Q4", COHORTS, wrong)
    assert found[["kind", "district", "figure", "ledger", "published"]].values.tolist() == [
        ["rank", "Dazu", "composite_rank", true, 22 if true != 22 else 1]]
    ranks = district_rankings(ledger.projects, ledger.capital, "2020Q4", published=wrong).set_index("district")
    assert ranks.loc["Dazu", "shown_composite_rank"] == (22 if true != 22 else 1)  # as published
    assert ranks.loc["Dazu", "composite_rank"] == true  # as computed


def test_metrics_json_of_the_office_path_equals_the_citys_ledger():
    def metrics(*args):
        done = subprocess.run([sys.executable, "-m", "yubei_lib", "metrics", "--as-of", "2020Q4", "--format", "json",
                               *args], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["districts"]

    office = metrics("--projects", str(SAMPLE / "yubei_projects.xlsx"), "--capital", str(SAMPLE / "yubei_capital.xlsx"),
                     "--rankings", str(SAMPLE / "city_rankings.xlsx"))
    city = metrics()
    for ours, theirs in zip(office, city):
        assert {k: ours[k] for k in RANK_KEYS} == {k: theirs[k] for k in RANK_KEYS}, ours["district"]
    alone = metrics("--projects", str(SAMPLE / "yubei_projects.xlsx"), "--capital", str(SAMPLE / "yubei_capital.xlsx"))
    assert all(row[k] is None for row in alone for k in RANK_KEYS)
