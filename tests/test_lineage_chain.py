"""Lineage, paths and evidence over a small real store: a chain Chỉ thị → Chương trình → Quyết định
(promulgates a Kế hoạch) → Công văn implementing it → an amendment → a report, and a task."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, URIRef

from chidao import evidence, lineage, paths
from chidao.store import Store
from ontology import load_ontology

B = "https://w3id.org/chidao/eli/test/"
CDO = "https://w3id.org/chidao/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
CHAIN = [("ctr", ELI + "implements", "ct"), ("qd", ELI + "implements", "ctr"), ("qd", CDO + "promulgates", "kh"),
         ("cv", ELI + "implements", "kh"), ("qd2", ELI + "amends", "kh"), ("bc", CDO + "reportsOn", "kh"),
         ("bc", ELI + "cites", "ct")]
TEXT = "Quyết định qd ban hành Kế hoạch kh. Công văn cv triển khai Kế hoạch kh; Báo cáo bc."


@pytest.fixture(scope="module")
def chain_store() -> Store:
    store = Store(None)
    g = "https://w3id.org/chidao/graph/test"
    doc = "https://w3id.org/chidao/doc/test"
    triples = [f"<{B}{s}> <{p}> <{B}{o}> ." for s, p, o in CHAIN]
    triples.append(f"<{B}task1> <{CDO}drivenBy> <{B}cv> .")
    triples.append(f'<{doc}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> "{TEXT}" .')
    start = TEXT.index("Công văn")
    m = f"{doc}#char={start},{start + 11}"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    triples += [f"<{doc}/fact/1> <{RDF.subject}> <{B}cv> ; <{RDF.predicate}> <{ELI}implements> ; "
                f"<{RDF.object}> <{B}kh> ; <{CDO}evidence> <{m}> .",
                f'<{m}> <{nif}beginIndex> {start} ; <{nif}endIndex> {start + 11} ; <{nif}referenceContext> <{doc}> ; '
                f'<{nif}anchorOf> "Công văn cv" .']
    store.update(f"INSERT DATA {{ GRAPH <{g}> {{ {' '.join(triples)} }} }}")
    return store


def ids(edges, attr):
    return {getattr(e, attr).rsplit("/", 1)[-1] for e in edges}


def test_every_lineage_relation_is_declared_in_the_ontology():
    ont = load_ontology()
    for iri in lineage.relations():
        assert (URIRef(iri), RDF.type, OWL.ObjectProperty) in ont, iri


def test_up_goes_to_the_roots(chain_store):
    up = lineage.lineage(chain_store, B + "cv", "up", depth=5)
    assert ids(up, "parent") == {"kh", "qd", "ctr", "ct"}
    assert all(e.direction == "up" for e in up)
    assert {e.depth for e in up} == {1, 2, 3, 4}


def test_depth_limits_the_walk(chain_store):
    assert ids(lineage.lineage(chain_store, B + "cv", "up", depth=2), "parent") == {"kh", "qd"}


def test_down_finds_what_implements_amends_reports(chain_store):
    down = lineage.lineage(chain_store, B + "kh", "down", depth=3)
    assert ids(down, "child") == {"cv", "qd2", "bc", "task1"}
    task = next(e for e in down if e.subject.endswith("task1"))
    assert task.depth == 2 and task.predicate == CDO + "drivenBy"


def test_a_task_leads_up_to_the_directive(chain_store):
    up = lineage.lineage(chain_store, B + "task1", "up", depth=10)
    assert B + "ct" in {e.parent for e in up}


def test_relations_can_be_restricted(chain_store):
    only = lineage.lineage(chain_store, B + "kh", "down", depth=3, predicates=[ELI + "amends"])
    assert ids(only, "child") == {"qd2"}


def test_shortest_path_is_typed(chain_store):
    path = paths.shortest_path(chain_store, B + "cv", B + "bc")
    assert [e.predicate.rsplit("#", 1)[-1] for e in path] == ["implements", "reportsOn"]
    assert paths.shortest_path(chain_store, B + "cv", B + "nowhere") is None


def test_evidence_quotes_the_sentence(chain_store):
    ev = lineage.evidence(chain_store, B + "cv", ELI + "implements", B + "kh")
    assert ev[0]["quote"] == "Công văn cv"
    assert ev[0]["sentence"] == "Công văn cv triển khai Kế hoạch kh;"


def test_input_iri_is_validated(chain_store):
    with pytest.raises(ValueError):
        lineage.lineage(chain_store, "https://x> ?p ?o } #", "up")


def test_sentence_around_is_bounded():
    text = "a" * 1000
    assert len(evidence.sentence_around(text, 500, 510, limit=100)) <= 220
