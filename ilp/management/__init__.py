"""Klaster 1: SDM, aset, mutu, perencanaan, keuangan."""
