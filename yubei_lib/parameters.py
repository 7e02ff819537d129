"""Check the parameters of a report page, before any ledger is read or kernel started.

Every notebook of the report has the same parameters where they apply (``as_of``,
``district``, ``projects``, ``capital``, ``targets``, ``unit``, ``lang``, ``strict``,
``cohorts``) and a few of its own (``months_to_commence``, ``months_to_operate``,
``top_n``, ``rank_quarters``, ``years``). A parameter that is not accepted raises a
:class:`ValueError` that names it and says what it accepts, so a runner can check a
whole pack's parameters in a second.

The second half checks what a runner is given against what the notebooks declare:
papermill only warns about a parameter a notebook does not declare and passes any value
through; the kit refuses both, naming the parameter, the pages and the declared type.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import papermill

from yubei_lib import labels
from yubei_lib.periods import cohort_label, parse_as_of, parse_cohorts
from yubei_lib.reference import ROOT, districts, resolve_district, unit_factor

OPTIONS = {"months_to_commence": 0, "months_to_operate": 0, "top_n": 1, "rank_quarters": 1, "years": 1}
"""The page-specific whole-number parameters and the least value each accepts."""


def refuse(name: str, value: object, accepted: str) -> ValueError:
    return ValueError(f"parameter {name}={value!r} is not accepted: {accepted}")


def whole(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise refuse(name, value, f"expected a whole number, {least} or more")
    return int(value)


def data_file(name: str, value: object) -> Path | None:
    if not isinstance(value, (str, os.PathLike)):
        raise refuse(name, value, "expected the path of a file, or an empty string")
    text = os.fspath(value).strip()
    if not text:
        return None
    path = Path(text).expanduser()
    places = [path] if path.is_absolute() else [Path.cwd() / path, ROOT / path]
    for place in places:
        if place.is_file():
            return path if place == Path.cwd() / path else place
    raise refuse(name, value, "no such file (looked in " + " and ".join(str(p.parent) for p in places) + ")")


def check_parameters(as_of: object, district: object, projects: object = "", capital: object = "",
                     targets: object = "", unit: object = "", lang: object = "en", strict: object = True,
                     cohorts: object = "2015-2017,2018-2020") -> dict:
    """Check a page's parameters and return them resolved.

    Returns
    -------
    dict
        ``as_of`` (Timestamp), ``district`` (English name), ``projects``, ``capital``,
        ``targets`` (Path or None), ``unit`` (str or None), ``lang``, ``strict``,
        ``cohorts`` (labels).

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
    ValueError: parameter as_of='2020Q5' is not accepted: expected a quarter label such as 2020Q4 or a date such as 2020-12-31
    """
    try:
        when = parse_as_of(as_of)
    except ValueError:
        raise refuse("as_of", as_of, "expected a quarter label such as 2020Q4 or a date such as "
                      "2020-12-31") from None
    try:
        name = resolve_district(district)
    except ValueError:
        raise refuse("district", district, "expected one of the 22 districts by English or Chinese "
                      "name or id: " + ", ".join(districts().name_en)) from None
    if lang not in labels.LANGS:
        raise refuse("lang", lang, "use 'en' or 'zh'")
    if not isinstance(strict, bool):
        raise refuse("strict", strict, "use True (refuse a ledger with errors) or False (leave out "
                      "the rows with errors and list them)")
    if not isinstance(unit, str):
        raise refuse("unit", unit, "expected a money unit as text")
    if unit.strip():
        try:
            unit_factor(unit)
        except ValueError:
            raise refuse("unit", unit, "use '' (units declared in the headers), yuan, wan (万元), "
                          "yi (亿元) or bn") from None
    if not isinstance(cohorts, str):
        raise refuse("cohorts", cohorts, "expected signing years such as '2015-2017,2018-2020'")
    try:
        spans = [cohort_label(c) for c in parse_cohorts(cohorts)]
    except ValueError as exc:
        raise refuse("cohorts", cohorts, f"{exc}; expected signing years such as "
                      "'2015-2017,2018-2020'") from None
    if len(set(spans)) < len(spans):
        raise refuse("cohorts", cohorts, "a cohort is given twice")
    ledger, inflows = data_file("projects", projects), data_file("capital", capital)
    if ledger is None and inflows is not None:
        raise refuse("capital", capital, "give the ledger in projects too (an empty projects means "
                      "the kit's sample, which has its own capital file)")
    return {"as_of": when, "district": name, "projects": ledger, "capital": inflows,
            "targets": data_file("targets", targets), "unit": unit.strip() or None, "lang": lang,
            "strict": strict, "cohorts": spans}


def check_options(**options: object) -> dict[str, int]:
    """Check the page-specific whole-number parameters (:data:`OPTIONS`) and return them.

    Examples
    --------
    >>> check_options(top_n=5)
    {'top_n': 5}
    >>> check_options(top_n=0)
    Traceback (most recent call last):
    ...
    ValueError: parameter top_n=0 is not accepted: expected a whole number, 1 or more
    """
    out = {}
    for name, value in options.items():
        if name not in OPTIONS:
            raise ValueError(f"unknown parameter {name!r}; the pages know {', '.join(OPTIONS)}")
        out[name] = whole(name, value, OPTIONS[name])
    return out


# -- declared in the notebooks ------------------------------------------------------------

TRUE = ("true", "yes", "1", "on")
FALSE = ("false", "no", "0", "off")


class ParameterError(ValueError):
    """A parameter that no page declares, or a value that does not fit its declared type."""


@dataclass(frozen=True)
class Declared:
    """A parameter as a notebook's ``parameters`` cell declares it."""

    name: str
    type: str
    default: str
    help: str


def declared(notebook: str | Path) -> dict[str, Declared]:
    """Return the parameters a notebook declares, by name.

    Parameters
    ----------
    notebook : path-like
        A notebook with one cell tagged ``parameters``.

    Returns
    -------
    dict
        ``name -> Declared(name, type, default, help)``; ``type`` is the annotation
        (``"str"``, ``"int"``, ``"float"``, ``"bool"``) or ``"None"`` when there is none.
    """
    found = papermill.inspect_notebook(str(notebook))
    return {name: Declared(name, p["inferred_type_name"], p["default"], p["help"]) for name, p in found.items()}


def convert(name: str, value: object, type_name: str) -> object:
    """Convert a value given on the command line to a parameter's declared type.

    Parameters
    ----------
    name : str
        The parameter (for the message).
    value : object
        A string from ``-p NAME=VALUE``, or a value already of the right type.
    type_name : str
        The declared annotation.

    Returns
    -------
    object
        The value as ``str``, ``int``, ``float`` or ``bool``.

    Raises
    ------
    ParameterError
        When the value does not fit the type, or the type is not one the kit passes.

    Examples
    --------
    >>> convert("top_n", "12", "int"), convert("strict", "no", "bool"), convert("lang", "zh", "str")
    (12, False, 'zh')
    >>> convert("top_n", "twelve", "int")
    Traceback (most recent call last):
    ...
    yubei_lib.parameters.ParameterError: parameter top_n must be a whole number (int), not 'twelve'
    """
    if type_name == "str":
        if not isinstance(value, str):
            raise ParameterError(f"parameter {name} must be text (str), not {value!r}")
        return value
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ParameterError(f"parameter {name} must be true or false (bool), not {value!r}")
    if type_name == "int":
        if isinstance(value, bool):
            raise ParameterError(f"parameter {name} must be a whole number (int), not {value!r}")
        try:
            return int(str(value).strip())
        except ValueError:
            raise ParameterError(f"parameter {name} must be a whole number (int), not {value!r}") from None
    if type_name == "float":
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ParameterError(f"parameter {name} must be a number (float), not {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ParameterError(f"parameter {name} must be a finite number, not {value!r}")
        return number
    raise ParameterError(f"parameter {name} has no type the kit can pass (declared {type_name!r}); "
                         "annotate it as str, int, float or bool in the notebook")


def parse_assignments(items: list[str]) -> dict[str, str]:
    """Split ``NAME=VALUE`` strings from ``-p`` options.

    Examples
    --------
    >>> parse_assignments(["top_n=5", "note=a=b"])
    {'top_n': '5', 'note': 'a=b'}
    """
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ParameterError(f"-p takes NAME=VALUE, not {item!r}")
        if name in out:
            raise ParameterError(f"parameter {name} given twice")
        out[name] = value
    return out


def resolve(notebooks: dict[str, Path], given: dict[str, object]) -> dict[str, dict[str, object]]:
    """Check parameters against every page and return, per page, the values it declares.

    Parameters
    ----------
    notebooks : dict
        Page name -> notebook path.
    given : dict
        Parameter name -> value (strings from the command line, or typed values).

    Returns
    -------
    dict
        Page name -> {parameter: converted value} for the parameters that page declares.

    Raises
    ------
    ParameterError
        For a name no page declares (with the names they do declare), or a value that does
        not fit the declared type; every problem at once.
    """
    cells = {page: declared(path) for page, path in notebooks.items()}
    problems, out = [], {page: {} for page in notebooks}
    for name, value in given.items():
        pages = [page for page, decl in cells.items() if name in decl]
        if not pages:
            known = sorted({n for decl in cells.values() for n in decl})
            problems.append(f"unknown parameter {name!r}: no page declares it (pages declare: {', '.join(known)})")
            continue
        for page in pages:
            try:
                out[page][name] = convert(name, value, cells[page][name].type)
            except ParameterError as exc:
                problems.append(f"{exc} (page {page})")
    if problems:
        raise ParameterError("\n".join(dict.fromkeys(problems)))
    return out
