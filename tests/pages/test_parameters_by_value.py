"""Tests of yubei_lib.pages.parameters: each parameter checked by value, and open_page refusing early."""

import re

import pandas as pd
import pytest

from yubei_lib import pages
from yubei_lib.pages import page as page_module
from yubei_lib.pages import parameters


@pytest.mark.parametrize("kwargs, name, hint", [
    ({"as_of": "2020Q5"}, "as_of", "quarter label such as 2020Q4"),
    ({"as_of": ""}, "as_of", "date such as 2020-12-31"),
    ({"district": "Chengdu"}, "district", "Yubei"),
    ({"lang": "fr"}, "lang", "'en' or 'zh'"),
    ({"lang": "EN"}, "lang", "'en' or 'zh'"),
    ({"strict": "false"}, "strict", "True"),
    ({"unit": "dollars"}, "unit", "yuan, wan"),
    ({"cohorts": "2017-2015"}, "cohorts", "2015-2017"),
    ({"cohorts": "2015-2017,2015-2017"}, "cohorts", "twice"),
    ({"cohorts": ""}, "cohorts", "2015-2017,2018-2020"),
    ({"projects": "no/such/ledger.csv"}, "projects", "no such file"),
    ({"capital": "data/sample/capital.csv"}, "capital", "projects too"),
    ({"targets": "no_targets.csv"}, "targets", "no such file"),
])
def test_check_parameters_names_the_parameter_and_what_it_accepts(kwargs, name, hint):
    given = {"as_of": "2020Q4", "district": "Yubei", **kwargs}
    with pytest.raises(ValueError, match=rf"^parameter {name}=.* is not accepted: .*{re.escape(hint)}"):
        parameters.check_parameters(**given)


def test_check_parameters_resolves_district_names_and_paths():
    got = parameters.check_parameters("2018-09-30", "江北", projects="data/sample/projects.csv",
                                      capital="data/sample/capital.csv", unit=" 亿元 ", cohorts="2016, 2017-2019")
    assert got["district"] == "Jiangbei" and got["as_of"] == pd.Timestamp("2018-09-30")
    assert got["projects"].is_file() and got["capital"].is_file()
    assert got["unit"] == "亿元" and got["cohorts"] == ["2016-2016", "2017-2019"]


@pytest.mark.parametrize("name, value", [("top_n", 0), ("months_to_commence", -1), ("rank_quarters", 2.5),
                                         ("years", True), ("months_to_operate", "36")])
def test_page_options_must_be_whole_numbers(name, value):
    with pytest.raises(ValueError, match=rf"^parameter {name}=.* whole number"):
        pages.open_page("2020Q4", **{name: value})


def test_open_page_refuses_a_bad_parameter_before_reading_anything(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the ledger was read")
    monkeypatch.setattr(page_module, "load_ledger", boom)
    with pytest.raises(ValueError, match="parameter lang="):
        pages.open_page("2020Q4", lang="fr")
