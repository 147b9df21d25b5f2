"""Kesehatan lingkungan: inspeksi dan konseling."""
