"""The figures: pure functions from the canonical frames to one row per district (``docs/definitions.md``)."""
