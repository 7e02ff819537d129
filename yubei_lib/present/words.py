"""The words of the reports in English and Chinese: one catalogue, one home.

Every title, axis, table header, status, message and footer label a page shows is a key of
``words.toml`` beside this module, a table with exactly ``en`` and ``zh``;
:func:`yubei_lib.present.labels.t` looks them up. The file is read once, when this module is
first imported; a key given twice, or an entry without both languages, stops the import with
an error naming it. Names of districts, clusters, chain segments, investor types and parks
come from the reference data, not from here; the sentences built from these words are in
:mod:`yubei_lib.present.wording` and :mod:`yubei_lib.present.wording_second`.
"""

from __future__ import annotations

import tomllib
from importlib import resources

LANGUAGES = ("en", "zh")
"""The languages every entry gives, and only these."""

FILE = "words.toml"
"""The catalogue's file, package data of :mod:`yubei_lib.present`."""


def load(text: str) -> dict[str, dict[str, str]]:
    """Read a catalogue from the text of a TOML file such as ``words.toml``.

    Parameters
    ----------
    text
        TOML: a table per key, each with exactly ``en`` and ``zh``, both strings.

    Returns
    -------
    dict
        Key -> {"en": ..., "zh": ...}, in the file's order.

    Raises
    ------
    tomllib.TOMLDecodeError
        When the text is not TOML; a key given twice is one such case.
    ValueError
        When an entry is not a table of exactly ``en`` and ``zh`` strings; the message names
        the key.

    Examples
    --------
    >>> load('[rank]\\nen = "Rank"\\nzh = "排名"\\n')
    {'rank': {'en': 'Rank', 'zh': '排名'}}
    >>> load('[rank]\\nen = "Rank"\\n')
    Traceback (most recent call last):
    ...
    ValueError: words: 'rank' must give exactly en and zh, as text; it gives en
    """
    catalogue: dict[str, dict[str, str]] = {}
    for key, entry in tomllib.loads(text).items():
        if not (isinstance(entry, dict) and tuple(sorted(entry)) == LANGUAGES
                and all(isinstance(v, str) for v in entry.values())):
            given = ", ".join(sorted(entry)) if isinstance(entry, dict) else type(entry).__name__
            raise ValueError(f"words: {key!r} must give exactly en and zh, as text; it gives {given or 'nothing'}")
        catalogue[key] = {lang: entry[lang] for lang in LANGUAGES}
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = load(
    resources.files(__package__ or "yubei_lib.present").joinpath(FILE).read_text(encoding="utf-8"))
"""Key -> {"en": ..., "zh": ...}; some hold ``{placeholders}`` for :meth:`str.format`."""
