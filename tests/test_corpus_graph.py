"""The whole shared corpus ingests into one store that passes the SHACL shapes."""
from chidao.loading import ingest_paths
from chidao.store import Store
from chidao.validate import validate_graph

SOURCES = ("congbot", "congbao8chude", "tvpl_johnpa02", "readability_ws")


def test_corpus_store_has_no_violations(shared_dir, tmp_path):
    store = Store(tmp_path / "s")
    report = ingest_paths(store, [shared_dir / "corpus" / s for s in SOURCES])
    assert len(report.succeeded) == 60 and not report.failures
    result = validate_graph(store.to_rdflib())
    assert result.violations == []
