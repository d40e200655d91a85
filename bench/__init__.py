"""Benchmarks (``make bench``): numbers to watch, not timed tests."""
