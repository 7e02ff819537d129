"""Tests of yubei_lib.figures."""
