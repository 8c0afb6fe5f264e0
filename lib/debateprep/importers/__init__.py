"""Bringing rows in: the Tweede Kamer's open data, and the rows for a new debate."""
