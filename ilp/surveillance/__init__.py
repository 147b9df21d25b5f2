"""Surveilans: kasus penyakit menular, SKDR dan KLB."""
