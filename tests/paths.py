"""Where the tests find things: the repository, the test data, and the kit's package data."""

from pathlib import Path

from yubei_lib import config

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE = config.SAMPLE
NOTEBOOKS = config.NOTEBOOKS
