"""Gizi: konseling dan PMT."""
