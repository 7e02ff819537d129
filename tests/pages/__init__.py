"""Tests of yubei_lib.pages."""
