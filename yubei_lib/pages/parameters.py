"""Check the parameters of a report page, before any ledger is read or kernel started.

Every notebook of the report has the same parameters where they apply (``as_of``,
``district``, ``projects``, ``capital``, ``targets``, ``unit``, ``lang``, ``strict``,
``cohorts``) and a few of its own (``months_to_commence``, ``months_to_operate``,
``warn_months``, ``top_n``, ``rank_quarters``, ``years``). A parameter that is not
accepted raises a :class:`ParameterProblem` (a :class:`ValueError`) that names it, its
value and what it accepts, so a runner can check a whole pack's parameters in a second;
in a notebook it shows as that one sentence, in the page's language, with no traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from yubei_lib import config
from yubei_lib.config import DEFAULTS, LANGS, OPTIONS
from yubei_lib.errors import YubeiError
from yubei_lib.ledger.periods import cohort_label, parse_as_of, parse_cohorts
from yubei_lib.ledger.reference import districts, resolve_district, unit_factor
from yubei_lib.present.labels import t


class ParameterProblem(YubeiError, ValueError):
    """A page parameter that is not accepted: its name, its value and what is accepted.

    ``str()`` gives the English sentence (for runners and logs); in a notebook IPython shows
    :meth:`message` in the page's language (``lang``) as one line instead of a traceback,
    and the cell still fails, so "run all" and papermill stop there.

    Examples
    --------
    >>> problem = ParameterProblem("as_of", "2020Q5", "as_of")
    >>> str(problem)
    "parameter as_of='2020Q5' is not accepted: expected a quarter label such as 2020Q4 or a date such as 2020-12-31"
    >>> problem.message("zh")
    "参数 as_of='2020Q5' 不可用：应为季度（如2020Q4）或日期（如2020-12-31）"
    """

    def __init__(self, name: str, value: object, key: str, **values: object):
        self.name, self.value, self.key, self.values = name, value, key, values
        self.lang = "en"
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """Return the sentence in a language of the reports."""
        values = dict(self.values)
        if self.key == "district":
            pairs = districts()[["name_en", "name_zh"]].itertuples(index=False)
            values["names"] = ("、".join(zh for _, zh in pairs) if lang == "zh"
                               else ", ".join(f"{en} ({zh})" for en, zh in pairs))
        return t("param_refused", lang, name=self.name, value=repr(self.value),
                 accepted=t(f"param_{self.key}", lang, **values))

    def _render_traceback_(self) -> list[str]:
        return [self.message(self.lang)]


def refuse(name: str, value: object, key: str, **values: object) -> ParameterProblem:
    """Return the error of a parameter that is not accepted (``key``: what is accepted, in the words catalogue)."""
    return ParameterProblem(name, value, key, **values)


def whole(name: str, value: object, least: int) -> int:
    """Return a whole-number parameter, or raise naming it and the least value accepted."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise refuse(name, value, "whole", least=least)
    return int(value)


def data_file(name: str, value: object) -> Path | None:
    """Return a data file parameter as a path (None when empty), or raise when there is no such file."""
    if not isinstance(value, (str, os.PathLike)):
        raise refuse(name, value, "file_type")
    text = os.fspath(value).strip()
    if not text:
        return None
    path = Path(text).expanduser()
    places = [path] if path.is_absolute() else [Path.cwd() / path, config.DATA.parent / path]
    for place in places:
        if place.is_file():
            return path if place == Path.cwd() / path else place
    raise refuse(name, value, "no_file", places=" · ".join(str(p.parent) for p in places))


def data_files(name: str, value: object) -> list[Path]:
    """Return a parameter of several data files (joined by ``os.pathsep``, as a run gives them) as paths.

    Examples
    --------
    >>> data_files("rankings", ""), [p.name for p in data_files("rankings", "data/sample/city_rankings.xlsx")]
    ([], ['city_rankings.xlsx'])
    """
    if not isinstance(value, (str, os.PathLike)):
        raise refuse(name, value, "file_type")
    parts = [data_file(name, part) for part in os.fspath(value).split(os.pathsep) if part.strip()]
    return [part for part in parts if part is not None]


def check_parameters(as_of: object, district: object, projects: object = DEFAULTS["projects"],
                     capital: object = DEFAULTS["capital"], targets: object = DEFAULTS["targets"],
                     unit: object = DEFAULTS["unit"], lang: object = DEFAULTS["lang"],
                     strict: object = DEFAULTS["strict"], cohorts: object = DEFAULTS["cohorts"],
                     rankings: object = DEFAULTS["rankings"], investment: object = DEFAULTS["investment"],
                     activities: object = DEFAULTS["activities"], scheme: object = DEFAULTS["scheme"]) -> dict:
    """Check a page's parameters and return them resolved.

    Returns
    -------
    dict
        ``as_of`` (Timestamp), ``district`` (English name), ``projects``, ``capital``,
        ``targets`` (Path or None), ``unit`` (str or None), ``lang``, ``strict``,
        ``cohorts`` (labels), ``rankings`` (a list of paths, empty for none), ``investment``,
        ``activities`` (Path or None),
        ``scheme`` (the name of a ranking scheme of ``ranking_schemes.csv``).

    Raises
    ------
    ValueError
        Naming the first parameter that is not accepted and what it accepts.

    Examples
    --------
    >>> p = check_parameters("2020Q2", "渝北区", lang="zh")
    >>> p["as_of"], p["district"], p["cohorts"]
    (Timestamp('2020-06-30 00:00:00'), 'Yubei', ['2015-2017', '2018-2020'])
    >>> check_parameters("2020Q5", "Yubei")
    Traceback (most recent call last):
    ...
    yubei_lib.pages.parameters.ParameterProblem: parameter as_of='2020Q5' is not accepted: expected a quarter label such as 2020Q4 or a date such as 2020-12-31
    """
    when, name = _checked_as_of(as_of), _checked_district(district)
    if lang not in LANGS:
        raise refuse("lang", lang, "lang")
    if not isinstance(strict, bool):
        raise refuse("strict", strict, "strict")
    unit_name, spans = _checked_unit(unit), _checked_cohorts(cohorts)
    ledger, inflows = data_file("projects", projects), data_file("capital", capital)
    if ledger is None and inflows is not None:
        raise refuse("capital", capital, "capital_alone")
    scheme_name = _checked_scheme(scheme)
    return {"as_of": when, "district": name, "projects": ledger, "capital": inflows,
            "targets": data_file("targets", targets), "unit": unit_name, "lang": lang,
            "strict": strict, "cohorts": spans, "rankings": data_files("rankings", rankings),
            "investment": data_file("investment", investment), "activities": data_file("activities", activities),
            "scheme": scheme_name}


def _checked_as_of(as_of: object) -> pd.Timestamp:
    """Return the parameter ``as_of`` as a day, or refuse it."""
    try:
        return parse_as_of(as_of)
    except ValueError:
        raise refuse("as_of", as_of, "as_of") from None


def _checked_district(district: object) -> str:
    """Return the English name of the district the parameter names, or refuse it."""
    try:
        return resolve_district(district)
    except ValueError:
        raise refuse("district", district, "district") from None


def _checked_unit(unit: object) -> str | None:
    """Return the parameter ``unit`` (None: blank, the files say), or refuse it."""
    if not isinstance(unit, str):
        raise refuse("unit", unit, "unit")
    if unit.strip():
        try:
            unit_factor(unit)
        except ValueError:
            raise refuse("unit", unit, "unit") from None
    return unit.strip() or None


def _checked_cohorts(cohorts: object) -> list[str]:
    """Return the labels of the cohorts the parameter names, each once, or refuse it."""
    if not isinstance(cohorts, str):
        raise refuse("cohorts", cohorts, "cohorts")
    try:
        spans = [cohort_label(c) for c in parse_cohorts(cohorts)]
    except ValueError:
        raise refuse("cohorts", cohorts, "cohorts") from None
    if len(set(spans)) < len(spans):
        raise refuse("cohorts", cohorts, "cohort_twice")
    return spans


def _checked_scheme(scheme: object) -> str:
    """Return the name of the ranking scheme the parameter names (blank: the default), or refuse it."""
    if not isinstance(scheme, str) or (scheme.strip() or DEFAULTS["scheme"]) not in scheme_names():
        raise refuse("scheme", scheme, "scheme", names=", ".join(scheme_names()))
    return scheme.strip() or str(DEFAULTS["scheme"])


def scheme_names() -> list[str]:
    """Return the names of the ranking schemes of ``ranking_schemes.csv`` (figure 18).

    Examples
    --------
    >>> scheme_names()[:2]
    ['three_rates', 'horse_race']
    """
    from yubei_lib.figures.schemes import parse_schemes

    return list(parse_schemes())


def check_options(**options: object) -> dict[str, int]:
    """Check the page-specific whole-number parameters (:data:`OPTIONS`) and return them.

    Examples
    --------
    >>> check_options(top_n=5)
    {'top_n': 5}
    >>> check_options(top_n=0)
    Traceback (most recent call last):
    ...
    yubei_lib.pages.parameters.ParameterProblem: parameter top_n=0 is not accepted: expected a whole number, 1 or more
    """
    out = {}
    for name, value in options.items():
        if name not in OPTIONS:
            raise ValueError(f"unknown parameter {name!r}; the pages know {', '.join(OPTIONS)}")
        out[name] = whole(name, value, OPTIONS[name])
    return out
