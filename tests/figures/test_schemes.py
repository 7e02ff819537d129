"""Tests of yubei_lib.figures.schemes: ranking schemes as data (figure 18)."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.figures.keys import figure_columns, is_indicator
from yubei_lib.figures.rankings import rank_districts, rank_values
from yubei_lib.figures.schemes import (
    Indicator,
    Scheme,
    composite_ranks,
    get_scheme,
    parse_schemes,
    rank_by_scheme,
    rank_in_direction,
)
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.reference import districts
from yubei_lib.ledger.schemes_file import read_scheme_rows

NAMES = districts()["name_en"].tolist()


def test_the_shipped_schemes():
    schemes = parse_schemes()
    assert list(schemes) == ["three_rates", "horse_race"]
    assert schemes["horse_race"].names == ["signed_value_ytd", "realized_capital_ytd", "major_projects_ytd",
                                           "leading_investor_projects_ytd", "foreign_signed_value_ytd"]
    for s in schemes.values():
        assert {i.direction for i in s.indicators} == {"desc"} and len({i.weight for i in s.indicators}) == 1
        assert all(i.label_en and i.label_zh for i in s.indicators)
    assert get_scheme(schemes["three_rates"]) is schemes["three_rates"]
    with pytest.raises(ValueError, match="unknown ranking scheme 'x'.*three_rates, horse_race"):
        get_scheme("x")


def test_every_key_of_the_figures_object_but_the_ranks_and_last_year_is_an_indicator():
    keys = [k for k in figure_columns("2015-2017,2018-2020") if k != "district"]
    assert [k for k in keys if not is_indicator(k)] == [k for k in keys if k.startswith("rank_")
                                                         or k.startswith("composite_") or k.endswith("_prev_year")]
    assert is_indicator("signed_value_ytd_yoy") and not is_indicator("conversion_rate_ytd_yoy")


def test_a_bad_file_names_file_line_column_and_value(tmp_path):
    path = tmp_path / "schemes.csv"
    path.write_text("scheme,indicator,weight,direction,label_en,label_zh\n"
                    "mine,signed_value_ytd,1,desc,,\n"
                    "mine,signed_value,1,desc,,\n"          # line 3: unknown indicator
                    "mine,pace,0,desc,,\n"                  # line 4: weight not above 0
                    "mine,lagging_count,-1,upward,,\n"      # line 5: weight and direction
                    "mine,signed_value_ytd,x,asc,,\n"       # line 6: weight not a number; indicator twice
                    "\n", encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        parse_schemes(read_scheme_rows(path))
    got = [(p.row, p.column, p.value) for p in e.value.problems]
    assert got == [(3, "indicator", "signed_value"), (4, "weight", "0"), (5, "weight", "-1"),
                   (5, "direction", "upward"), (6, "weight", "x"), (6, "indicator", "signed_value_ytd")]
    assert f"{path}, line 5, column 'direction', value 'upward': unknown direction" in str(e.value)
    path.write_text("scheme,indicator,weight\nmine,pace,1\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="missing column"):
        read_scheme_rows(path)


def test_directions_and_undefined_values():
    v = pd.Series([3.0, np.nan, 1.0, 3.0])
    assert rank_in_direction(v, "desc").tolist() == [1, 4, 3, 1]
    assert rank_in_direction(v, "asc").tolist() == [2, 4, 1, 2]
    with pytest.raises(ValueError):
        rank_in_direction(v, "up")


def test_equal_rank_profiles_tie_exactly_whatever_the_weights():
    s = Scheme("w", (Indicator("signed_value_ytd", 0.1), Indicator("realized_capital_ytd", 0.2),
                     Indicator("lagging_count", 0.7, "asc")))
    t = pd.DataFrame({"signed_value_ytd": np.arange(22.0), "realized_capital_ytd": np.arange(22.0)[::-1],
                      "lagging_count": np.zeros(22)}, index=NAMES)
    t.loc["Dazu"] = t.loc["Yubei"]
    got = rank_by_scheme(t, s)
    assert got.loc["Dazu"].tolist() == got.loc["Yubei"].tolist()
    assert got["composite_rank"].tolist().count(got.loc["Yubei", "composite_rank"]) >= 2
    assert composite_ranks(pd.Series([1.0, 1.0 + 5e-10, 1.0 + 2e-9])).tolist() == [1, 1, 3]


def test_a_figure_that_not_every_district_has_gets_no_rank():
    t = pd.DataFrame({"signed_value_ytd": np.arange(22.0), "pace": np.arange(22.0)}, index=NAMES)
    s = Scheme("two", (Indicator("signed_value_ytd", 1.0), Indicator("pace", 1.0)))
    got = rank_by_scheme(t.reset_index(names="district"), s, rankable=["signed_value_ytd"])
    assert got["rank_signed_value_ytd"].notna().all() and got["rank_pace"].isna().all()
    assert got["composite_rank"].isna().all() and got["composite_score"].isna().all()
    with pytest.raises(ValueError, match="ranks operation_rate_2012_2014"):
        rank_by_scheme(t, Scheme("c", (Indicator("operation_rate_2012_2014", 1.0),)))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(*[st.one_of(st.none(), st.integers(0, 4).map(lambda i: i / 4))] * 3),
                min_size=22, max_size=22))
def test_three_rates_scheme_is_figure_8(values):
    table = pd.DataFrame(values, index=NAMES, columns=["conversion_rate_ytd", "operation_rate_2015_2017",
                                                       "operation_rate_2018_2020"], dtype="float64")
    ours = rank_by_scheme(table, "three_rates")
    eight = rank_districts(table.set_axis(["conversion_rate", "operation_rate_2015_2017",
                                           "operation_rate_2018_2020"], axis=1)).set_index("district")
    assert ours["rank_conversion_rate_ytd"].tolist() == eight["rank_conversion_rate"].tolist()
    assert ours["composite_score"].tolist() == eight["composite_score"].tolist()
    assert ours["composite_rank"].tolist() == eight["composite_rank"].tolist()
    assert ours["rank_operation_rate_2015_2017"].tolist() == rank_values(table["operation_rate_2015_2017"]).tolist()


def _metrics(*args):
    result = CliRunner().invoke(app, ["metrics", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["districts"]


def test_metrics_three_rates_scheme_reproduces_todays_ranks_on_the_sample():
    plain, scheme = _metrics("--as-of", "2020Q4"), _metrics("--as-of", "2020Q4", "--scheme", "three_rates")
    for before, after in zip(plain, scheme):
        assert {k: after[k] for k in before} == before
        assert set(after) - set(before) == {"rank_conversion_rate_ytd"}
        assert after["rank_conversion_rate_ytd"] == before["rank_conversion_rate"]


def test_metrics_horse_race_adds_its_ranks():
    rows = _metrics("--as-of", "2019Q4", "--scheme", "horse_race")
    yubei = next(r for r in rows if r["district"] == "Yubei")
    assert list(yubei)[-5:] == [f"rank_{k}" for k in get_scheme("horse_race").names]
    assert yubei["composite_rank"] == 1 and sorted(r["composite_rank"] for r in rows)[0] == 1


def test_metrics_refuses_an_unknown_scheme_or_one_its_cohorts_lack():
    result = CliRunner().invoke(app, ["metrics", "--as-of", "2020Q4", "--scheme", "nope"])
    assert result.exit_code == 2 and "unknown ranking scheme 'nope'" in result.output
    result = CliRunner().invoke(app, ["metrics", "--as-of", "2020Q4", "--scheme", "three_rates",
                                      "--cohorts", "2016-2018,2019-2020"])
    assert result.exit_code == 2 and "operation_rate_2015_2017" in result.output


def test_no_rank_by_a_scheme_while_a_district_has_no_data():
    from yubei_lib.figures.machine import district_figures

    p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [2e9],
                      "signed_on": pd.to_datetime(["2020-02-01"])})
    c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-05-01"]), "amount": [5e8]})
    got = district_figures(p, c, "2020Q4", scheme="horse_race")
    assert got[[*get_scheme("horse_race").rank_columns, "composite_score", "composite_rank"]].isna().all().all()
