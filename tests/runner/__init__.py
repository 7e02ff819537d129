"""Tests of yubei_lib.runner."""
