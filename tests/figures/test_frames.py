"""Tests of yubei_lib.figures.frames: the helpers every figure reads the ledger with."""

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f


def test_sum_by_adds_only_the_masked_rows_to_the_last_bit():
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 22, 100_000)
    weights = rng.lognormal(15, 2, len(codes))
    weights[rng.random(len(codes)) < 0.01] = np.nan
    mask = rng.random(len(codes)) < 0.4
    every_row = np.bincount(codes, weights=np.where(mask, weights, 0.0), minlength=22)  # the others as zeros
    got = f.sum_by(codes, pd.Series(mask), weights)
    assert np.array_equal(got, every_row, equal_nan=True)
    counts = f.sum_by(codes, mask)
    assert counts.dtype == np.int64 and np.array_equal(counts, np.bincount(codes[mask], minlength=22))
    assert f.sum_by(codes[:0], mask[:0]).tolist() == [0] * 22
