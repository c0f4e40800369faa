"""Extraction → RDF: one named graph per source document, every fact with its evidence.

Standard terms first (ELI for instruments, ORG for bodies, NIF for text spans, PROV for the
ingest), so an ELI-aware SPARQL user needs no project predicate to list instruments, dates
and issuers. Each asserted fact is also reified as a cdo:Statement whose cdo:evidence is the
mention (offsets + quoted text) that states it.
"""
from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ingest import iris
from ingest.build_deep import add_deep
from ingest.version import TOOL_VERSION
from ingest.model import BodyRef, Extraction, Instrument, Span
from ontology import CDO, DOC_TYPE, ELI, NIF, bind_prefixes



class GraphBuilder:
    """Accumulates the triples of one document graph and the provenance of each."""

    def __init__(self, doc_id: str, text: str):
        self.doc_id = doc_id
        self.text = text
        self.doc = iris.document(doc_id)
        self.g = bind_prefixes(Graph())
        self._mentions: set[URIRef] = set()  # faster than asking the graph

    def mention(self, span: Span) -> URIRef:
        """A NIF offset-based string; its anchorOf is exactly text[start:end]."""
        m = iris.mention(self.doc_id, span.start, span.end)
        if m not in self._mentions:
            self._mentions.add(m)
            g = self.g
            g.add((m, RDF.type, CDO.Mention))
            g.add((m, RDF.type, NIF.OffsetBasedString))
            g.add((m, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
            g.add((m, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
            g.add((m, NIF.anchorOf, Literal(self.text[span.start:span.end])))
            g.add((m, NIF.referenceContext, self.doc))
        return m

    def fact(self, s, p, o, *evidence: Span) -> None:
        """Assert s p o and record the spans that state it."""
        self.g.add((s, p, o))
        if not evidence:
            return
        st = iris.statement(self.doc_id, str(s), str(p), str(o))
        self.g.add((st, RDF.type, CDO.Statement))
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, p))
        self.g.add((st, RDF.object, o))
        for span in evidence:
            self.g.add((st, CDO.evidence, self.mention(span)))


def build_graph(ex: Extraction, started: dt.datetime | None = None) -> Graph:
    src = ex.source
    b = GraphBuilder(src.doc_id, src.text)
    g, doc = b.g, b.doc
    started = started or dt.datetime.now(dt.timezone.utc)

    g.add((doc, RDF.type, CDO.SourceDocument))
    g.add((doc, RDF.type, NIF.Context))
    g.add((doc, NIF.isString, Literal(src.text)))
    g.add((doc, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((doc, NIF.endIndex, Literal(len(src.text), datatype=XSD.nonNegativeInteger)))
    g.add((doc, DCTERMS.source, Literal(src.source_name)))
    g.add((doc, DCTERMS.identifier, Literal(src.doc_id)))
    g.add((doc, DCTERMS["format"], Literal(src.media_type)))
    g.add((doc, CDO.sha256, Literal(src.sha256)))
    run = iris.run(src.doc_id)
    g.add((run, RDF.type, CDO.IngestRun))
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((run, CDO.toolVersion, Literal(TOOL_VERSION)))
    g.add((doc, PROV.wasGeneratedBy, run))

    for body in ex.bodies:
        _add_body(g, body)

    itself = next((i for i in ex.instruments if i.is_document_itself), None)
    for inst in ex.instruments:
        node = _add_instrument(b, inst)
        if inst.is_document_itself:
            g.add((doc, CDO.textOf, node))
            _add_header_facts(b, ex, node)
        elif itself is not None:
            b.fact(iris.instrument(itself.key), ELI.cites, node, *inst.mentions)
    add_deep(b, ex)
    return g


def _add_body(g: Graph, body: BodyRef) -> None:
    node = iris.body(body.key)
    g.add((node, RDF.type, ORG.Organization))
    g.add((node, SKOS.prefLabel, Literal(body.name, lang="vi")))
    if body.abbreviation:
        g.add((node, SKOS.altLabel, Literal(body.abbreviation, lang="vi")))
    if body.code:
        g.add((node, SKOS.notation, Literal(body.code)))
    if body.parent_key:
        g.add((node, ORG.subOrganizationOf, iris.body(body.parent_key)))


def _label(inst: Instrument) -> str:
    if inst.symbol:
        return f"{inst.type_name} {inst.symbol}"
    if inst.name:
        return inst.name + (f" năm {inst.year}" if inst.year else "")
    if inst.title and not inst.number:  # a plan named only by its title
        return f"{inst.type_name} {inst.title}"

    return f"{inst.type_name} số {inst.number}"


def _add_instrument(b: GraphBuilder, inst: Instrument) -> URIRef:
    g = b.g
    node = iris.instrument(inst.key)
    first = inst.mentions[0]
    g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, RDFS.label, Literal(_label(inst), lang="vi")))
    for span in inst.mentions:
        g.add((node, CDO.mention, b.mention(span)))
    b.fact(node, ELI.type_document, DOC_TYPE[inst.type_code], first)
    if inst.symbol:
        b.fact(node, ELI.id_local, Literal(inst.symbol), first)
    if inst.number:
        b.fact(node, ELI.number, Literal(inst.number.lstrip("0") or "0"), first)
    if inst.name:
        b.fact(node, ELI.title, Literal(inst.name, lang="vi"), first)
    if inst.year:
        g.add((node, CDO.year, Literal(str(inst.year), datatype=XSD.gYear)))
    for date, span in inst.dates:
        b.fact(node, ELI.date_document, Literal(date.isoformat(), datatype=XSD.date), span)
    if len(inst.dates) > 1:
        b.fact(node, CDO.hasDateConflict, Literal(True), *(s for _, s in inst.dates))
    evidence = inst.issuer_mentions or (first,)
    for body in inst.issuers:
        b.fact(node, ELI.passed_by, iris.body(body.key), *evidence)
    if inst.identity_issuer and inst.identity_issuer.code:
        g.add((node, CDO.issuerCode, Literal(inst.identity_issuer.code)))
    if inst.title and inst.title_span:
        b.fact(node, ELI.title, Literal(inst.title, lang="vi"), inst.title_span)
    return node


def _add_header_facts(b: GraphBuilder, ex: Extraction, node: URIRef) -> None:
    h = ex.header
    if h.signer_name and h.signer_span:
        b.fact(node, CDO.signerName, Literal(h.signer_name), h.signer_span)
        if h.signer_title:
            b.g.add((node, CDO.signerTitle, Literal(h.signer_title, lang="vi")))
    if h.place and h.place_span:
        place = iris.entity("place", ex.source.doc_id, "issue")
        b.g.add((place, RDF.type, CDO.Place))
        b.g.add((place, SKOS.prefLabel, Literal(h.place, lang="vi")))
        b.fact(node, CDO.placeOfIssue, place, h.place_span)
    for i, span in enumerate(h.recipients, 1):
        r = iris.entity("recipient", ex.source.doc_id, str(i))
        b.g.add((r, RDF.type, ORG.Organization))
        b.g.add((r, SKOS.prefLabel, Literal(span.text, lang="vi")))
        b.fact(node, CDO.sentTo, r, span)
