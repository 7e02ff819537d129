"""Tests of yubei_lib.sample."""
