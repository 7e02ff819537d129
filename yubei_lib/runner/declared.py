"""Check what ``yubei report`` is given against what the notebooks' parameters cells declare.

papermill only warns about a parameter a notebook does not declare and passes any value
through; the kit refuses both, naming the parameter, the pages and the declared type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import papermill

from yubei_lib.errors import YubeiError

TRUE = ("true", "yes", "1", "on")
FALSE = ("false", "no", "0", "off")


class ParameterError(YubeiError, ValueError):
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
    yubei_lib.runner.declared.ParameterError: parameter top_n must be a whole number (int), not 'twelve'
    """
    to_type = _CONVERTERS.get(type_name)
    if to_type is None:
        raise ParameterError(f"parameter {name} has no type the kit can pass (declared {type_name!r}); "
                             "annotate it as str, int, float or bool in the notebook")
    return to_type(name, value)


def _to_str(name: str, value: object) -> str:
    """Return a value declared ``str``: text only."""
    if not isinstance(value, str):
        raise ParameterError(f"parameter {name} must be text (str), not {value!r}")
    return value


def _to_bool(name: str, value: object) -> bool:
    """Return a value declared ``bool``: true, yes, 1, on or false, no, 0, off (any case)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ParameterError(f"parameter {name} must be true or false (bool), not {value!r}")


def _to_int(name: str, value: object) -> int:
    """Return a value declared ``int``: a whole number, never a bool."""
    if isinstance(value, bool):
        raise ParameterError(f"parameter {name} must be a whole number (int), not {value!r}")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ParameterError(f"parameter {name} must be a whole number (int), not {value!r}") from None


def _to_float(name: str, value: object) -> float:
    """Return a value declared ``float``: a finite number."""
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ParameterError(f"parameter {name} must be a number (float), not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ParameterError(f"parameter {name} must be a finite number, not {value!r}")
    return number


_CONVERTERS: dict[str, Callable[[str, object], object]] = {"str": _to_str, "bool": _to_bool, "int": _to_int,
                                                           "float": _to_float}
"""Declared type -> the function that converts a value given to it (the types the kit passes)."""

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


def resolve(notebooks: dict[str, Path], given: dict[str, object],
            optional: dict[str, object] | None = None) -> dict[str, dict[str, object]]:
    """Check parameters against every page and return, per page, the values it declares.

    Parameters
    ----------
    notebooks : dict
        Page name -> notebook path.
    given : dict
        Parameter name -> value (strings from the command line, or typed values).
    optional : dict, optional
        Values for the pages that declare them, never refused when no page does (e.g. the
        published ranking table, which only some pages use).

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
    problems: list[str] = []
    out: dict[str, dict[str, object]] = {page: {} for page in notebooks}
    for name, value in {**given, **(optional or {})}.items():
        pages = [page for page, decl in cells.items() if name in decl]
        if not pages and name in (optional or {}):
            continue
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
