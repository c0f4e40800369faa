"""Every fact can be traced to the words that state it."""
from __future__ import annotations


def test_every_mention_quotes_exactly_the_stored_text(sample_store):
    rows = sample_store.select("""
        SELECT ?m ?anchor ?b ?e ?text WHERE {
          ?m a cdo:Mention ; nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?e ;
             nif:referenceContext ?doc . ?doc nif:isString ?text }""")
    total = sample_store.select("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a cdo:Mention }")[0]["n"]
    assert len({r["m"] for r in rows}) == total > 300
    for r in rows:
        assert r["text"][r["b"]:r["e"]] == r["anchor"], r["m"]


def _without_mention(store, pattern: str) -> list:
    return store.select(f"""
        SELECT DISTINCT ?x WHERE {{ {pattern}
          FILTER NOT EXISTS {{ ?x cdo:mention|cdo:evidence ?m . ?m a cdo:Mention }} }}""")


def test_every_instrument_relation_task_and_figure_has_a_mention(sample_store):
    for pattern in ("?x a eli:LegalResource .", "?x a cdo:Task .", "?x a cdo:Recommendation .",
                    "?x a cdo:AgencyActivity .", "?x a cdo:FigureObservation .", "?x a cdo:FigureMismatch .",
                    "?x a cdo:DateConflict .", "?x a cdo:Programme .", "?x a cdo:Provision .",
                    "?x a cdo:Statement ."):
        assert _without_mention(sample_store, pattern) == [], pattern


def test_every_relation_between_instruments_is_a_stated_fact(sample_store):
    rows = sample_store.select("""
        SELECT ?s ?p ?o WHERE {
          VALUES ?p { eli:implements eli:based_on eli:amends eli:repeals cdo:funds cdo:guides cdo:reportsOn
                      cdo:monitors cdo:promulgates cdo:replaces eli:cites cdo:drivenBy cdo:drives
                      cdo:concernsInstrument cdo:recommendsReplacing cdo:addressedTo cdo:performedBy }
          ?s ?p ?o .
          FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cdo:evidence ?m } }""")
    assert rows == []


def test_corpus_mentions_quote_their_text(shared_dir):
    """Deep extraction on every text of the shared corpus: no crash, every mention exact."""
    from ingest.pipeline import build, extract, rdflib_graph
    from ingest.read.files import ReadError, read_path
    from ontology import NIF

    files = sorted(p for p in (shared_dir / "corpus").rglob("*") if p.suffix in (".txt", ".md")
                   and p.name != "SOURCES.md")
    assert files
    checked = 0
    for path in files:
        try:
            source = read_path(path)
        except ReadError:
            continue
        g = rdflib_graph(build(extract(source)))
        for m, anchor in g.subject_objects(NIF.anchorOf):
            b, e = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
            assert source.text[b:e] == str(anchor), (path.name, b, e)
            checked += 1
    assert checked > 1000
