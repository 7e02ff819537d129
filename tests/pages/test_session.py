"""A warm kernel's fresh session, in process: what a page changes is put back (the kernel test is runner/test_pool)."""

import gc
import os
import sys
import warnings

import altair as alt
import numpy as np
import pandas as pd
import pytest

from yubei_lib.pages import session


def test_restore_puts_back_what_a_page_changes(monkeypatch):
    before = session.capture()
    try:
        pd.set_option("display.precision", 1)
        alt.theme.enable("dark")
        np.random.seed(3)
        np.set_printoptions(precision=2)
        warnings.simplefilter("error")
        os.environ["YUBEI_SESSION_TEST"] = "1"
        sys.path.insert(0, "/nowhere")
    finally:
        session.restore(before)
    assert pd.get_option("display.precision") == before["pandas"]["display.precision"]
    assert alt.theme.active == before["altair"]["theme"][0]
    assert np.get_printoptions()["precision"] == before["np_print"]["precision"]
    assert "YUBEI_SESSION_TEST" not in os.environ and "/nowhere" not in sys.path
    assert list(warnings.filters) == before["filters"]
    state = np.random.get_state()
    assert (state[1] == before["np_random"][1]).all()


def test_fresh_needs_a_prepared_kernel(tmp_path, monkeypatch):
    monkeypatch.setattr(session, "_STATE", None)
    with pytest.raises(RuntimeError, match="warm"):
        session.fresh(str(tmp_path))


def test_warm_imports_the_kit_and_leaves_the_theme_as_it_was(monkeypatch):
    monkeypatch.setattr(session, "_STATE", None)
    active = alt.theme.active
    try:
        session.warm()
        assert gc.get_freeze_count() > 0  # what was imported is left out of later collections
    finally:
        gc.unfreeze()  # this process is no kernel: its objects are collected as before
    assert all(name in sys.modules for name in session.KIT_MODULES)
    assert alt.theme.active == active  # warm() puts back the one there was (a page enables the kit's)
