"""Benchmarks of the public site: render times and query counts (`make bench`)."""
