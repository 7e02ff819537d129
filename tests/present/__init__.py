"""Tests of yubei_lib.present."""
