"""Cek Kesehatan Gratis (CKG)."""
