"""Gigi dan mulut: odontogram, DMF-T, tindakan."""
