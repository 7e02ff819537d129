"""Tests of yubei_lib.figures.revisions: revised figures and the projects that explain them."""

import math

import pandas as pd
from builders import inflows, ledger

from yubei_lib.figures.machine import district_figures, figures_dict
from yubei_lib.figures.revisions import changed_figures, differs, explained, project_changes


def test_a_revision_is_beyond_rounding_or_defined_on_one_side():
    assert not differs(1 / 3, 0.1 / 0.3) and differs(55.2e9, 55.9e9)
    assert differs(0.2, None) and differs(None, 0) and not differs(None, None) and not differs(math.nan, None)
    assert not differs(3, 3.0) and differs("a", "b")


def base():
    p = ledger(project_id=["A", "B", "C", "D"], district=["Yubei"] * 3 + ["Dazu"],
               signed_on=["2020-02-01", "2019-05-01", "2016-03-01", "2020-03-01"],
               contract_value=[5e9, 2e9, 1e9, 1e9], operating_on=[None, None, "2018-01-01", None])
    c = inflows(["A", "C"], ["2020-04-01", "2020-05-01"], [1e9, 5e8])
    return p, c


def test_the_changed_figures_and_projects_of_an_edited_ledger():
    p, c = base()
    q = pd.concat([p, ledger(project_id=["E", "F"], district=["Yubei"] * 2, signed_on=["2020-08-03", "2020-08-20"],
                             contract_value=[3e9, 1e9])], ignore_index=True)
    q.loc[q.project_id == "A", "contract_value"] = 5.5e9                      # a corrected value
    q.loc[q.project_id == "B", "terminated_on"] = pd.Timestamp("2020-07-01")  # terminated
    old = figures_dict(district_figures(p, c, "2020Q3"), "2020Q3")
    new = figures_dict(district_figures(q, c, "2020Q3"), "2020Q3")
    revised = {r["figure"]: (r["old"], r["new"]) for r in changed_figures(old, new, "Yubei")}
    assert revised["signed_value_ytd"] == (5e9, 9.5e9) and revised["signed_count_ytd"] == (1, 3)
    assert revised["conversion_rate_ytd"][1] == 1.5e9 / 9.5e9
    assert "operation_rate_2015_2017" not in revised  # C is untouched
    assert changed_figures(old, new, "Dazu") == [] and changed_figures(old, old, "Yubei") == []
    changes = project_changes(p, q)
    assert changes[["project_id", "change", "fields"]].values.tolist() == [
        ["A", "changed", "contract_value"], ["B", "changed", "terminated_on"], ["E", "added", ""], ["F", "added", ""]]
    behind = explained(changes, changed_figures(old, new, "Yubei"), "2020Q3", p)
    assert behind.set_index("project_id").loc["A", "figures"].startswith("signed_value_ytd")
    assert set(behind["project_id"]) >= {"A", "E", "F"}


def test_capital_changes_are_changes_of_the_project():
    p, c = base()
    more = pd.concat([c, inflows(["A"], ["2020-06-30"], [2e8])], ignore_index=True)
    changes = project_changes(p, p, c, more)
    assert changes[["project_id", "change", "fields"]].values.tolist() == [["A", "changed", "capital"]]
    revised = [{"figure": "realized_capital_ytd", "old": 1.5e9, "new": 1.7e9}]
    assert explained(changes, revised, "2020Q3", p)["project_id"].tolist() == ["A"]
    assert explained(changes, [{"figure": "operation_rate_2015_2017", "old": 1, "new": 0}], "2020Q3", p).empty
