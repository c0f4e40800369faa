"""chidao vocabulary: namespaces, term list and loaders for the ontology files.

Why this module exists: every part of chidao (ingest, graph building, docs, tests) must use
the *same* closed list of project terms.  ``CDO`` is a closed ``DefinedNamespace`` so a typo
such as ``CDO.Taks`` fails loudly instead of minting a new IRI, and a test checks that the
term list here equals the terms declared in ``chidao.ttl``.  Standard terms are reused from
ELI, W3C ORG, PROV-O, NIF, SKOS, DCTERMS and the RDF Data Cube; the Turtle files in this
directory (shipped as package data) carry the labels (vi/en), SKOS schemes and SHACL shapes.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "BASE", "CDO", "ELI", "NIF", "QB", "ORG", "PROV", "SKOS", "DCTERMS", "RDF", "RDFS", "XSD",
    "DOC_TYPE", "REL_TYPE", "SHAPES", "ONTOLOGY_IRI", "ONTOLOGY_DIR", "TTL_FILES",
    "load_ontology", "shapes_graph", "bind_prefixes", "expand", "sparql_prefixes", "unlabelled_terms",
]

ONTOLOGY_DIR: Path = Path(__file__).resolve().parent
# Every chidao IRI (instruments, bodies, documents, graphs, the ontology) starts here.
BASE = "https://w3id.org/chidao/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
TTL_FILES = ("chidao.ttl", "doc_types.ttl", "relation_types.ttl")
SHAPES_FILE = "shapes.ttl"

DOC_TYPE = Namespace("https://w3id.org/chidao/id/doc-type/")
REL_TYPE = Namespace("https://w3id.org/chidao/id/relation-type/")
SHAPES = Namespace("https://w3id.org/chidao/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
QB = Namespace("http://purl.org/linked-data/cube#")


class CDO(DefinedNamespace):
    """The chidao ontology namespace (closed: unknown names raise AttributeError)."""

    _NS = Namespace("https://w3id.org/chidao/ontology#")
    _warn = False
    _fail = True

    # Classes
    SourceDocument: URIRef
    IngestRun: URIRef
    Provision: URIRef
    Task: URIRef
    Recommendation: URIRef
    AgencyActivity: URIRef
    Programme: URIRef
    Place: URIRef
    Person: URIRef
    FigureObservation: URIRef
    FigureMismatch: URIRef
    DateConflict: URIRef
    Mention: URIRef
    Statement: URIRef
    Effect: URIRef
    # Object properties
    promulgates: URIRef
    funds: URIRef
    replaces: URIRef
    guides: URIRef
    reportsOn: URIRef
    monitors: URIRef
    interprets: URIRef
    suspends: URIRef
    pauses: URIRef
    announces: URIRef
    drives: URIRef
    drivenBy: URIRef
    addressedTo: URIRef
    performedBy: URIRef
    concernsInstrument: URIRef
    concernsProgramme: URIRef
    recommendsReplacing: URIRef
    targetProvision: URIRef
    effectiveFromEvidence: URIRef
    sentTo: URIRef
    placeOfIssue: URIRef
    locatedIn: URIRef
    textOf: URIRef
    sourceDocument: URIRef
    mention: URIRef
    evidence: URIRef
    currentUnit: URIRef
    indicator: URIRef
    concernsFigure: URIRef
    conflictAbout: URIRef
    refArea: URIRef
    # Datatype properties
    text: URIRef
    ordinal: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    year: URIRef
    issuerCode: URIRef
    symbolAsPrinted: URIRef
    hasDateConflict: URIRef
    validity: URIRef
    signerName: URIRef
    signerTitle: URIRef
    adminCode: URIRef
    value: URIRef
    statedValue: URIRef
    computedValue: URIRef
    numerator: URIRef
    denominator: URIRef
    unitKind: URIRef
    criterion: URIRef
    conflictingValue: URIRef
    sha256: URIRef
    readWarning: URIRef
    toolVersion: URIRef
    cueWord: URIRef
    effectiveFrom: URIRef
    refYear: URIRef
    confidence: URIRef
    # SPARQL extension functions (chidao.sparql_text)
    textMatch: URIRef
    textScore: URIRef
    # Annotation properties (used by the SKOS schemes)
    property: URIRef
    passiveLabel: URIRef
    inverseLabel: URIRef


PREFIXES = {
    "cdo": str(CDO._NS), "eli": str(ELI), "org": str(ORG), "prov": str(PROV), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "rdf": str(RDF), "rdfs": str(RDFS), "nif": str(NIF), "qb": str(QB), "xsd": str(XSD),
    "doctype": str(DOC_TYPE), "reltype": str(REL_TYPE),
}


def expand(curie: str) -> str:
    """'eli:cites' → the full IRI, with the usual prefixes."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def sparql_prefixes() -> str:
    """The usual prefixes as SPARQL (or Turtle 1.1) PREFIX lines, for text sent elsewhere."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_prefixes(g: rdflib.Graph) -> rdflib.Graph:
    """Bind the project's usual prefixes on ``g`` (returns ``g``)."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def load_ontology() -> rdflib.Graph:
    """The ontology, doc-type and relation-type schemes merged in one graph (not the shapes)."""
    g = rdflib.Graph()
    for name in TTL_FILES:
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    return bind_prefixes(g)


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes graph (use with ``pyshacl.validate(data, shacl_graph=..., ont_graph=...)``)."""
    g = rdflib.Graph()
    g.parse(ONTOLOGY_DIR / SHAPES_FILE, format="turtle")
    return bind_prefixes(g)


def unlabelled_terms(data: rdflib.Graph, ont: rdflib.Graph | None = None) -> set[URIRef]:
    """Predicates and classes used in ``data`` that lack an rdfs:label in both vi and en in ``ont``.

    ``data`` may be a Dataset/ConjunctiveGraph (all named graphs are scanned).  An empty result
    means the docs can show every term the data uses.
    """
    ont = load_ontology() if ont is None else ont
    used: set[URIRef] = set()
    for _s, p, o, *_ in (data.quads((None, None, None, None)) if hasattr(data, "quads") else data):
        used.add(p)
        if p == RDF.type and isinstance(o, URIRef):
            used.add(o)
    missing = set()
    for term in used:
        langs = {lab.language for lab in ont.objects(term, RDFS.label) if isinstance(lab, rdflib.Literal)}
        if not {"vi", "en"} <= langs:
            missing.add(term)
    return missing
