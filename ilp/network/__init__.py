"""Jejaring dan IQ-Care."""
