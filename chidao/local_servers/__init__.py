"""Local SPARQL servers started for tests, benchmarks and a laptop deployment."""
