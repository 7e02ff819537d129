"""The ledger: read the office's files, validate every row, load canonical frames; reference data and dates."""
