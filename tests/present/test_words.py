"""The catalogue of words: one TOML file in the package, read once, each key once."""

import tomllib
from importlib import resources

import pytest

from yubei_lib.present import labels, words


def test_the_catalogue_loads_from_the_package_file():
    text = resources.files("yubei_lib.present").joinpath(words.FILE).read_text(encoding="utf-8")
    assert words.load(text) == words.CATALOGUE
    assert labels.CATALOGUE is words.CATALOGUE and len(words.CATALOGUE) > 300
    assert words.CATALOGUE["rank"] == {"en": "Rank", "zh": "排名"}
    assert all(list(entry) == ["en", "zh"] for entry in words.CATALOGUE.values())


def test_a_key_given_twice_is_an_error():
    text = '[rank]\nen = "Rank"\nzh = "排名"\n\n[rank]\nen = "Place"\nzh = "名次"\n'
    with pytest.raises(tomllib.TOMLDecodeError):
        words.load(text)


@pytest.mark.parametrize("entry, gives", [
    ('en = "Rank"', "it gives en$"),
    ('zh = "排名"', "it gives zh$"),
    ('en = "Rank"\nzh = "排名"\nfr = "Rang"', "it gives en, fr, zh$"),
    ('en = "Rank"\nzh = 1', "it gives en, zh$"),
    ('', "it gives nothing$"),
])
def test_an_entry_without_exactly_english_and_chinese_is_an_error_naming_its_key(entry, gives):
    text = f'[project]\nen = "Project"\nzh = "项目"\n\n[rank]\n{entry}\n'
    with pytest.raises(ValueError, match=f"^words: 'rank' must give exactly en and zh, as text; {gives}"):
        words.load(text)


def test_a_key_that_is_not_a_table_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'rank' must give exactly en and zh, as text; it gives str"):
        words.load('rank = "Rank"\n')
