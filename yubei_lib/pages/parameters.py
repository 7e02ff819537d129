"""Check the parameters of a report page, before any ledger is read or kernel started.

Every notebook of the report has the same parameters where they apply (``as_of``,
``district``, ``projects``, ``capital``, ``targets``, ``unit``, ``lang``, ``strict``,
``cohorts``) and a few of its own (``months_to_commence``, ``months_to_operate``,
``top_n``, ``rank_quarters``, ``years``). A parameter that is not accepted raises a
:class:`ValueError` that names it and says what it accepts, so a runner can check a
whole pack's parameters in a second.
"""

from __future__ import annotations

import os
from pathlib import Path

from yubei_lib import config
from yubei_lib.config import DEFAULTS, LANGS, OPTIONS
from yubei_lib.ledger.periods import cohort_label, parse_as_of, parse_cohorts
from yubei_lib.ledger.reference import districts, resolve_district, unit_factor


def refuse(name: str, value: object, accepted: str) -> ValueError:
    """Return the error of a parameter that is not accepted, naming it, its value and what is."""
    return ValueError(f"parameter {name}={value!r} is not accepted: {accepted}")


def whole(name: str, value: object, least: int) -> int:
    """Return a whole-number parameter, or raise naming it and the least value accepted."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise refuse(name, value, f"expected a whole number, {least} or more")
    return int(value)


def data_file(name: str, value: object) -> Path | None:
    """Return a data file parameter as a path (None when empty), or raise when there is no such file."""
    if not isinstance(value, (str, os.PathLike)):
        raise refuse(name, value, "expected the path of a file, or an empty string")
    text = os.fspath(value).strip()
    if not text:
        return None
    path = Path(text).expanduser()
    places = [path] if path.is_absolute() else [Path.cwd() / path, config.PACKAGE / path]
    for place in places:
        if place.is_file():
            return path if place == Path.cwd() / path else place
    raise refuse(name, value, "no such file (looked in " + " and ".join(str(p.parent) for p in places) + ")")


def check_parameters(as_of: object, district: object, projects: object = DEFAULTS["projects"],
                     capital: object = DEFAULTS["capital"], targets: object = DEFAULTS["targets"],
                     unit: object = DEFAULTS["unit"], lang: object = DEFAULTS["lang"],
                     strict: object = DEFAULTS["strict"], cohorts: object = DEFAULTS["cohorts"],
                     rankings: object = DEFAULTS["rankings"]) -> dict:
    """Check a page's parameters and return them resolved.

    Returns
    -------
    dict
        ``as_of`` (Timestamp), ``district`` (English name), ``projects``, ``capital``,
        ``targets`` (Path or None), ``unit`` (str or None), ``lang``, ``strict``,
        ``cohorts`` (labels), ``rankings`` (Path or None).

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
    if lang not in LANGS:
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
            "strict": strict, "cohorts": spans, "rankings": data_file("rankings", rankings)}


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
