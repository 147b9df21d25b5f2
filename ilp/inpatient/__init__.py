"""Rawat inap: tempat tidur, rawat, pulang."""
