"""Laboratorium: order, spesimen, hasil, validasi."""
