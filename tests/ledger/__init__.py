"""Tests of yubei_lib.ledger."""
