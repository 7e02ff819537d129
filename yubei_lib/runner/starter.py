"""Pages of one's own: ``yubei new-page NAME`` copies a documented starter notebook.

A page is any notebook with a cell tagged ``parameters`` in the kit's notebooks, in
``./notebooks`` or in ``--notebooks DIR`` (:func:`yubei_lib.runner.plan.page_notebooks`):
``yubei report --pages NAME`` checks its parameters like the kit's pages and runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

from yubei_lib.config import NOTEBOOKS, PACKAGE, PAGES, TEMPLATES

STARTER = TEMPLATES / "starter" / "page.ipynb"
"""The starter notebook: parameters, the page opened, one figure, one chart, and the recipe."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def new_page(name: str, folder: Path = Path("notebooks"), force: bool = False) -> Path:
    """Copy the starter notebook to ``folder/name.ipynb`` and return its path.

    Parameters
    ----------
    name : str
        The page's name: lower-case letters, digits and ``_``, starting with a letter
        (it names the notebook, the page's file and its entry in the index).
    folder : pathlib.Path, default ``notebooks``
        Created when missing.
    force : bool
        Replace an existing notebook of that name.

    Raises
    ------
    ValueError
        For a name that is not accepted, a kit page's name, or an existing notebook without ``force``;
        for a folder inside the installed package, and for the kit's own notebook of that name
        (in a checkout ``./notebooks`` is the kit's folder: a page of one's own goes beside the
        kit's pages, never over one of them).
    """
    if not _NAME.match(name):
        raise ValueError(f"page name {name!r} is not accepted: use lower-case letters, digits and _, "
                         "starting with a letter (e.g. park_quarterly)")
    if name in PAGES and not force:
        raise ValueError(f"{name!r} is a page of the kit; choose another name (or --force to replace it "
                         "with your own version in your folder)")
    target = Path(folder) / f"{name}.ipynb"
    if Path(folder).resolve().is_relative_to(PACKAGE.resolve()):
        raise ValueError(f"{folder} is inside the installed kit ({PACKAGE}), which an upgrade replaces: "
                         "keep your pages in a folder of your own (--notebooks DIR)")
    if target.resolve() == (NOTEBOOKS / f"{name}.ipynb").resolve():
        raise ValueError(f"{target} is the kit's own {name!r} page; choose another name")
    if target.exists() and not force:
        raise ValueError(f"{target} exists; choose another name or give --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(STARTER.read_text(encoding="utf-8").replace("__PAGE__", name), encoding="utf-8")
    return target
