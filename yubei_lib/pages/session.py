"""A warm kernel's side of ``yubei report``: import the kit once, then give every page a fresh session.

``yubei report`` keeps a few kernels that have already imported pandas, Altair and the
kit (:mod:`yubei_lib.runner.pool`), and runs its pages on them one after another. Before
each page it calls :func:`fresh`, so that the page starts as it would in a kernel of its
own: an empty namespace, execution counts from 1, the working folder of the page, and the
session's state as it was before the kit was imported — environment, ``sys.path``, warning
filters, pandas, NumPy and Altair options, random states, IPython's display formatters
and event callbacks, Matplotlib's settings.

Only what the kernel imported stays (that is the point); a page that changes the inside of
a module (assigns to another module's attributes) is beyond what a reset can undo, and
``yubei report --kernel-pages 1`` gives every page a kernel of its own.
"""

from __future__ import annotations

import copy
import gc
import os
import random
import sys
import warnings

from yubei_lib.pages import MODULES

KIT_MODULES = (*(f"yubei_lib.pages.{name}" for name in MODULES), "yubei_lib.pages.explore")
"""Imported by :func:`warm`: every page module, and with them the figures, charts and words."""

_STATE: dict | None = None


def warm() -> None:
    """Remember the session's state, import the kit's page modules, then put the state back.

    Called once, when the kernel starts; a page's own imports then cost nothing.
    """
    global _STATE
    import importlib

    import altair  # noqa: F401  (its state is part of what is remembered)
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    _STATE = capture()
    for name in KIT_MODULES:
        importlib.import_module(name)
    restore(_STATE)
    gc.collect()
    gc.freeze()  # what is imported lives as long as the kernel: the collection before each page skips it


def fresh(folder: str) -> None:
    """Start a new session for the next page, in ``folder``: namespace, counts and state as after :func:`warm`.

    Parameters
    ----------
    folder : str
        The page's working folder (as a kernel of its own would have started in).
    """
    if _STATE is None:
        raise RuntimeError("fresh() before warm(): the kernel was not prepared")
    os.chdir(folder)  # first: the last page's folder may be gone
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)  # namespace, In/Out, execution count back to 1
    restore(_STATE)
    gc.collect()


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - a kernel always has IPython
        return None
    return get_ipython()


def capture() -> dict:
    """Return the session's state that a page could change (see the module's description), but its folder."""
    import numpy as np

    state = {"environ": dict(os.environ), "path": list(sys.path),
             "filters": list(warnings.filters), "random": random.getstate(),
             "np_random": np.random.get_state(), "np_print": np.get_printoptions(), "np_err": np.geterr(),
             "pandas": _pandas_options(), "altair": _altair_state(), "ipython": _ipython_state()}
    if "matplotlib" in sys.modules:
        state["matplotlib"] = copy.deepcopy(dict(sys.modules["matplotlib"].rcParams))
    return state


def restore(state: dict) -> None:
    """Put back a state :func:`capture` returned."""
    import numpy as np

    os.environ.clear()
    os.environ.update(state["environ"])
    sys.path[:] = state["path"]
    warnings.resetwarnings()
    warnings.filters[:] = state["filters"]  # type: ignore[index]  # a list at run time; typeshed says Sequence
    getattr(warnings, "_filters_mutated", lambda: None)()  # forget the "once" warnings already shown
    random.setstate(state["random"])
    np.random.set_state(state["np_random"])
    np.set_printoptions(**state["np_print"])
    np.seterr(**state["np_err"])
    _set_pandas_options(state["pandas"])
    _set_altair_state(state["altair"])
    _set_ipython_state(state["ipython"])
    if "matplotlib" in sys.modules:
        import matplotlib

        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(state.get("matplotlib") or matplotlib.rcParamsDefault)


def _pandas_options() -> dict:
    import pandas as pd
    from pandas._config import config

    values = {}
    for key in config._registered_options:
        if key not in config._deprecated_options:
            values[key] = copy.deepcopy(pd.get_option(key))
    return values


def _set_pandas_options(values: dict) -> None:
    import pandas as pd

    for key, value in values.items():
        if pd.get_option(key) != value:
            pd.set_option(key, value)


_ALTAIR_REGISTRIES = ("renderers", "data_transformers", "theme")


def _altair_state() -> dict:
    import altair as alt

    return {name: (getattr(alt, name).active, dict(getattr(alt, name).options)) for name in _ALTAIR_REGISTRIES}


def _set_altair_state(state: dict) -> None:
    import altair as alt

    for name, (active, options) in state.items():
        registry = getattr(alt, name)
        if registry.active != active or dict(registry.options) != options:
            registry.enable(active, **options)


def _ipython_state() -> dict:
    shell = _shell()
    if shell is None:
        return {}
    formatters = {mime: (dict(f.type_printers), dict(f.deferred_printers), f.enabled)
                  for mime, f in shell.display_formatter.formatters.items()}
    return {"formatters": formatters, "active_types": list(shell.display_formatter.active_types),
            "events": {name: list(callbacks) for name, callbacks in shell.events.callbacks.items()}}


def _set_ipython_state(state: dict) -> None:
    shell = _shell()
    if shell is None or not state:
        return
    for mime, formatter in shell.display_formatter.formatters.items():
        if mime in state["formatters"]:
            types, deferred, enabled = state["formatters"][mime]
            formatter.type_printers.clear()
            formatter.type_printers.update(types)
            formatter.deferred_printers.clear()
            formatter.deferred_printers.update(deferred)
            formatter.enabled = enabled
    shell.display_formatter.active_types = list(state["active_types"])
    for name, callbacks in state["events"].items():
        shell.events.callbacks[name][:] = callbacks
