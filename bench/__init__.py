"""Benchmarks: `make bench` (bench/run.py, build time and scaling) and bench/search_bench.py (site search)."""
