"""Reference data a user may correct: districts, industrial chains, investor types, parks, targets.

The files are the kit's package data (``data/reference/``); nothing here is
repeated in code. The 22 districts are defined in ``docs/definitions.md#the-22-districts``.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from yubei_lib.config import REFERENCE
from yubei_lib.ledger.schema import UNITS


def reference_dir() -> Path:
    """Return the folder of the reference files (the kit's ``data/reference``)."""
    return REFERENCE


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(reference_dir() / name, dtype=str, keep_default_na=False)


def fold(text: object) -> str:
    """Fold text for matching: full width to half width, lower case, single spaces.

    Examples
    --------
    >>> fold("  ＹＵＢＥＩ   District ")
    'yubei district'
    """
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


@lru_cache(maxsize=4)
def _districts(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "districts.csv", dtype=str, keep_default_na=False)


def districts() -> pd.DataFrame:
    """Return the 22 urban districts, in the order of ``districts.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``district_id``, ``name_en``, ``name_zh``, ``zone``.

    Examples
    --------
    >>> d = districts()
    >>> len(d), d.loc[d.name_en == "Yubei", "name_zh"].item()
    (22, '渝北区')
    """
    return _districts(reference_dir()).copy()


@lru_cache(maxsize=4)
def _aliases(folder: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _districts(folder).itertuples():
        zh = row.name_zh
        names = {row.district_id, row.name_en, row.name_en + " district", zh,
                 zh.removesuffix("区"), zh.removesuffix("经开区")}
        for name in names:
            table[fold(name)] = row.name_en
    return table


def district_aliases() -> dict[str, str]:
    """Return every accepted spelling of a district (folded) mapped to its English name.

    Returns
    -------
    dict
        ``fold(name) -> name_en`` for ids, English names with or without " District",
        Chinese names with or without 区.
    """
    return _aliases(reference_dir())


def resolve_district(name: object) -> str:
    """Return the English name of a district given by any accepted name.

    Parameters
    ----------
    name : str
        English name with or without " District", Chinese name with or without 区, or
        id; case- and width-insensitive.

    Returns
    -------
    str
        The ``name_en`` of ``districts.csv``.

    Raises
    ------
    ValueError
        When the name is none of the 22 districts.

    Examples
    --------
    >>> resolve_district("渝北"), resolve_district("YUBEI District"), resolve_district("nanan")
    ('Yubei', 'Yubei', "Nan'an")
    """
    found = district_aliases().get(fold(name))
    if found is None:
        known = ", ".join(districts().name_en)
        raise ValueError(f"unknown district {name!r}; expected one of: {known}")
    return found


def district_id(name: object) -> str:
    """Return the id (folder name of its reports) of a district given by any accepted name.

    Examples
    --------
    >>> district_id("渝北区")
    'yubei'
    """
    d = districts()
    return d.loc[d.name_en == resolve_district(name), "district_id"].item()


def chains() -> pd.DataFrame:
    """Return the chain segments of each industrial cluster.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster``, ``cluster_zh``, ``segment``, ``segment_zh`` and
        ``segment_short`` (the one-character name of 芯屏器核网 and 云联数算用, else empty).
    """
    return _read("chains.csv")


def investor_types() -> pd.DataFrame:
    """Return the investor types with their Chinese names and aliases.

    Returns
    -------
    pandas.DataFrame
        Columns ``investor_type``, ``name_zh``, ``aliases`` ("|"-separated).
    """
    return _read("investor_types.csv")


def parks() -> pd.DataFrame:
    """Return the parks with their Chinese names."""
    return _read("parks.csv")


KINDS = ("district", "cluster", "chain_segment", "investor_type", "park")
"""The kinds of names the reference data holds, each in English and Chinese."""


def name_pairs(kind: str) -> list[tuple[str, str]]:
    """Return the (English, Chinese) names of the districts, clusters, chain segments, investor types or parks.

    Examples
    --------
    >>> name_pairs("investor_type")[2]
    ('central SOE', '央企')
    """
    if kind == "district":
        t = districts()
        return list(zip(t.name_en, t.name_zh))
    if kind in ("cluster", "chain_segment"):
        t = chains()
        column = "cluster" if kind == "cluster" else "segment"
        return list(zip(t[column], t[f"{column}_zh"]))
    if kind == "investor_type":
        t = investor_types()
        return list(zip(t.investor_type, t.name_zh))
    if kind == "park":
        t = parks()
        return list(zip(t.park, t.park_zh))
    raise ValueError(f"unknown kind of name {kind!r}; use one of {', '.join(KINDS)}")


def category_aliases(kind: str) -> dict[str, str]:
    """Return accepted spellings (folded) of clusters, segments, parks or investor types.

    Parameters
    ----------
    kind : {"cluster", "chain_segment", "park", "investor_type"}

    Returns
    -------
    dict
        ``fold(spelling) -> canonical English name``.

    Examples
    --------
    >>> category_aliases("investor_type")[fold("央企")]
    'central SOE'
    """
    pairs = [(name, name) for name, _ in name_pairs(kind)] + [(zh, name) for name, zh in name_pairs(kind)]
    if kind == "investor_type":
        t = investor_types()
        for canon, aliases in zip(t.investor_type, t.aliases):
            pairs += [(a, canon) for a in aliases.split("|") if a]
    if kind == "chain_segment" and "segment_short" in chains().columns:  # 芯屏器核网: the one-character names
        t = chains()
        pairs += [(short, canon) for canon, short in zip(t.segment, t.segment_short) if short]
    return {fold(k): v for k, v in pairs}


def unit_factor(unit: str) -> float:
    """Return how many yuan one unit of money is.

    Examples
    --------
    >>> unit_factor("亿元"), unit_factor("bn yuan"), unit_factor("wan")
    (100000000.0, 1000000000.0, 10000.0)
    """
    key = fold(unit)
    if key not in UNITS:
        raise ValueError(f"unknown money unit {unit!r}; use one of: 元/yuan, 万元/wan, 亿元/yi, bn yuan/bn")
    return UNITS[key]


def load_targets(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the targets table, converting money to yuan and percentages to fractions.

    Parameters
    ----------
    path : path-like, optional
        A CSV with columns ``district, year, figure, cohort, value, unit``; default
        ``targets.csv`` of the reference folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``district`` (English name), ``year`` (int), ``figure``
        (``contract_value``, ``conversion_rate``, ``commencement_rate`` or
        ``operation_rate``), ``cohort`` (``"2015-2017"`` or ``""``), ``value`` (yuan or
        fraction).

    Examples
    --------
    >>> t = load_targets()
    >>> t.loc[(t.district == "Yubei") & (t.year == 2020)].set_index(["figure", "cohort"]).value.to_dict()
    {('contract_value', ''): 80000000000.0, ('conversion_rate', ''): 0.2, ('operation_rate', '2015-2017'): 0.9, ('operation_rate', '2018-2020'): 0.6}
    """
    path = Path(path) if path is not None else reference_dir() / "targets.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"district", "year", "figure", "value", "unit"} - set(raw.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    if "cohort" not in raw.columns:
        raw["cohort"] = ""
    rows = []
    for i, r in enumerate(raw.itertuples(index=False), start=2):
        where = f"{path}, line {i}"
        try:
            district = resolve_district(r.district)
            year = int(r.year)
            value = float(r.value.replace(",", ""))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        unit = r.unit.strip()
        if unit in ("%", "percent"):
            value /= 100
        elif unit not in ("", "fraction"):
            try:
                value *= unit_factor(unit)
            except ValueError as exc:
                raise ValueError(f"{where}, column unit: {exc}") from None
        rows.append((district, year, r.figure.strip(), r.cohort.strip(), value))
    return pd.DataFrame(rows, columns=["district", "year", "figure", "cohort", "value"])


def reference_targets() -> pd.DataFrame:
    """Return the kit's own targets table (``data/reference/targets.csv``), read now.

    What a figure uses when it is given no targets; the file is read at each call, so that a
    target corrected in it counts at the next page or run.

    Examples
    --------
    >>> reference_targets().equals(load_targets(reference_dir() / "targets.csv"))
    True
    """
    return load_targets()
