"""SPARQL servers started on a free loopback port, for tests and benchmarks."""
