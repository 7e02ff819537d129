"""Parameters checked against the notebooks' parameters cells, by name, type and value."""

import nbformat
import pytest

from yubei_lib.pages import parameters as checks
from yubei_lib.runner import declared as parameters


@pytest.fixture
def notebooks(tmp_path):
    def make(name, source):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})]
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path
    return {"a": make("a", 'lang: str = "en"  # en or zh\ntop_n: int = 10  # rows\nratio: float = 0.5  # a share'),
            "b": make("b", 'lang: str = "en"  # en or zh\nstrict: bool = True  # refuse bad ledgers')}


def test_values_go_to_the_pages_that_declare_them_converted(notebooks):
    got = parameters.resolve(notebooks, {"lang": "zh", "top_n": "5", "strict": "no", "ratio": "0.25"})
    assert got == {"a": {"lang": "zh", "top_n": 5, "ratio": 0.25}, "b": {"lang": "zh", "strict": False}}


def test_every_problem_is_refused_at_once(notebooks):
    with pytest.raises(parameters.ParameterError) as err:
        parameters.resolve(notebooks, {"topn": "5", "top_n": "5.5", "strict": "maybe", "ratio": "nan"})
    text = str(err.value)
    assert "unknown parameter 'topn'" in text and "pages declare: lang, ratio, strict, top_n" in text
    assert "top_n must be a whole number" in text and "strict must be true or false" in text
    assert "ratio must be a finite number" in text


def test_assignments_from_the_command_line():
    assert parameters.parse_assignments(["a=1", "b="]) == {"a": "1", "b": ""}
    for bad in (["=1"], ["a"], ["a=1", "a=2"], ["1a=2"]):
        with pytest.raises(parameters.ParameterError):
            parameters.parse_assignments(bad)


def test_page_values_are_checked_like_the_pages_do():
    with pytest.raises(ValueError, match="parameter lang='fr' is not accepted"):
        checks.check_parameters("2020Q4", "Yubei", lang="fr")
    with pytest.raises(ValueError, match="parameter district='Atlantis'"):
        checks.check_parameters("2020Q4", "Atlantis")
    assert checks.check_options(months_to_commence=0) == {"months_to_commence": 0}
