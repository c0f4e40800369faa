"""SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
from __future__ import annotations

import pyoxigraph as ox

from api.formats import CANONICAL
from api.results import serialize_triples
from chidao.sparql_text import TEXT_MATCH, TEXT_SCORE

TEXT_FUNCTIONS = (TEXT_MATCH, TEXT_SCORE)

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
W3C_FORMAT = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
              "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples",
              "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}


def service_description(endpoint: str, settings, fmt: str) -> bytes:
    prefixes = {"sd": SD, "formats": FORMATS}
    svc = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    sd = lambda local: ox.NamedNode(SD + local)
    triples = [
        ox.Triple(svc, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Service")),
        ox.Triple(svc, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(svc, sd("defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Dataset")),
        ox.Triple(svc, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                  ox.Literal(f"chidao knowledge graph. Default graph: union of all document graphs. "
                             f"Limits: {settings.query_timeout:g} s per query, {settings.result_limit} "
                             f"rows or triples per answer.", language="en")),
    ]
    for function in TEXT_FUNCTIONS:  # full-text search inside queries (chidao.sparql_text)
        triples.append(ox.Triple(svc, sd("extensionFunction"), function))
    if settings.updates_enabled:
        triples.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    for short in CANONICAL:
        triples.append(ox.Triple(svc, sd("resultFormat"), ox.NamedNode(FORMATS + W3C_FORMAT[short])))
    return serialize_triples(triples, fmt, prefixes)
