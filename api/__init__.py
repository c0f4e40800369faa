"""chidao's HTTP service: SPARQL 1.1 endpoint, REST traversal and lineage, researcher page.

Kept import-light: SPARQL worker processes import `api.query_pool` and must start fast."""
