"""Synthetic ledgers: the committed sample (``yubei sample``) and ledgers of any size for benchmarks."""

from yubei_lib.sample.generate import generate
from yubei_lib.sample.write import write_sample

__all__ = ["generate", "write_sample"]
