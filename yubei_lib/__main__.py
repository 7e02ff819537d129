"""Run the ``yubei`` command: ``python -m yubei_lib``."""

from yubei_lib.cli import app

app(prog_name="yubei")
