"""Doctests of the package see numpy and pandas as ``np`` and ``pd``, as its examples write them."""

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np
    doctest_namespace["pd"] = pd
