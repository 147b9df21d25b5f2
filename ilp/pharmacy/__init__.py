"""Farmasi: resep, stok, LPLPO."""
