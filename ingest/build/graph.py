"""Extraction → RDF: one named graph per source document, every fact with its evidence.

Standard terms first (ELI for instruments, ORG for bodies, NIF for text spans, PROV for the
ingest), so an ELI-aware SPARQL user needs no project predicate to list instruments, dates
and issuers. Each asserted fact is also reified as a cdo:Statement whose cdo:evidence is the
mention (offsets + quoted text) that states it.
"""
from __future__ import annotations

import datetime as dt

from ingest import iris
from ingest.build.deep import add_deep
from ingest.build.quads import QuadBuilder, literal
from ingest.build.vocabulary import CDO, DCTERMS, DOC_TYPE, ELI, NIF, ORG, PROV, RDF, RDFS, SKOS, XSD
from ingest.model import BodyRef, Extraction, Instrument, SourceText
from ingest.version import TOOL_VERSION


def build(ex: Extraction, started: dt.datetime | None = None) -> bytes:
    """The quads of one document (N-Quads): its text and ingest run, then everything read from it."""
    return build_entries(ex.source, [ex], started)


def build_entries(source: SourceText, entries: list[Extraction], started: dt.datetime | None = None) -> bytes:
    """One document graph holding several extractions of the same text (a register's rows)."""
    b = QuadBuilder(source.doc_id, source.text)
    add_document(b, source, started)
    for ex in entries:
        add_extraction(b, ex)
    return b.nquads()


def add_document(b: QuadBuilder, src: SourceText, started: dt.datetime | None = None) -> None:
    """The source document (NIF context holding the stored text) and the run that read it."""
    doc = b.doc
    started = started or dt.datetime.now(dt.UTC)
    b.add(doc, RDF.type, CDO.SourceDocument)
    b.add(doc, RDF.type, NIF.Context)
    b.add(doc, NIF.isString, literal(src.text))
    b.add(doc, NIF.beginIndex, literal(0, datatype=XSD.nonNegativeInteger))
    b.add(doc, NIF.endIndex, literal(len(src.text), datatype=XSD.nonNegativeInteger))
    b.add(doc, DCTERMS.source, literal(src.source_name))
    b.add(doc, DCTERMS.identifier, literal(src.doc_id))
    b.add(doc, DCTERMS["format"], literal(src.media_type))
    b.add(doc, CDO.sha256, literal(src.sha256))
    for warning in src.warnings:
        b.add(doc, CDO.readWarning, literal(warning))
    run = iris.run(src.doc_id)
    b.add(run, RDF.type, CDO.IngestRun)
    b.add(run, RDF.type, PROV.Activity)
    b.add(run, PROV.startedAtTime, literal(started.isoformat(), datatype=XSD.dateTime))
    b.add(run, CDO.toolVersion, literal(TOOL_VERSION))
    b.add(doc, PROV.wasGeneratedBy, run)


def add_extraction(b: QuadBuilder, ex: Extraction) -> None:
    """Bodies, instruments (the document's own with its header facts), relations and the rest."""
    for body in ex.bodies:
        _add_body(b, body)
    for inst in ex.instruments:
        node = _add_instrument(b, inst)
        if inst.is_document_itself:
            b.add(b.doc, CDO.textOf, node)
            _add_header_facts(b, ex, node)
    add_deep(b, ex)


def _add_body(b: QuadBuilder, body: BodyRef) -> None:
    node = iris.body(body.key)
    b.add(node, RDF.type, ORG.Organization)
    b.add(node, SKOS.prefLabel, literal(body.name, lang="vi"))
    if body.abbreviation:
        b.add(node, SKOS.altLabel, literal(body.abbreviation, lang="vi"))
    if body.code:
        b.add(node, SKOS.notation, literal(body.code))
    if body.parent_key:
        b.add(node, ORG.subOrganizationOf, iris.body(body.parent_key))


def _label(inst: Instrument) -> str:
    if inst.symbol:
        return f"{inst.type_name} {inst.symbol}"
    if inst.name:
        return inst.name + (f" năm {inst.year}" if inst.year else "")
    if inst.title and not inst.number:  # a plan named only by its title
        return f"{inst.type_name} {inst.title}"

    return f"{inst.type_name} số {inst.number}"


def _add_instrument(b: QuadBuilder, inst: Instrument) -> str:
    node = iris.instrument(inst.key)
    first = inst.mentions[0]
    b.add(node, RDF.type, ELI.LegalResource)
    b.add(node, RDFS.label, literal(_label(inst), lang="vi"))
    for span in inst.mentions:
        b.add(node, CDO.mention, b.mention(span))
    b.fact(node, ELI.type_document, DOC_TYPE[inst.type_code], first)
    if inst.symbol:
        b.fact(node, ELI.id_local, literal(inst.symbol), first)
    if inst.number:
        b.fact(node, ELI.number, literal(inst.number.lstrip("0") or "0"), first)
    if inst.name:
        b.fact(node, ELI.title, literal(inst.name, lang="vi"), first)
    if inst.year:
        b.add(node, CDO.year, literal(str(inst.year), datatype=XSD.gYear))
    for date, span in inst.dates:
        b.fact(node, ELI.date_document, literal(date.isoformat(), datatype=XSD.date), span)
    if len(inst.dates) > 1:
        b.fact(node, CDO.hasDateConflict, literal(True), *(s for _, s in inst.dates))
    evidence = inst.issuer_mentions or (first,)
    for body in inst.issuers:
        b.fact(node, ELI.passed_by, iris.body(body.key), *evidence)
    if inst.identity_issuer and inst.identity_issuer.code:
        b.add(node, CDO.issuerCode, literal(inst.identity_issuer.code))
    if inst.title and inst.title_span:
        b.fact(node, ELI.title, literal(inst.title, lang="vi"), inst.title_span)
    return node


def _add_header_facts(b: QuadBuilder, ex: Extraction, node: str) -> None:
    h = ex.header
    if h.signer_name and h.signer_span:
        b.fact(node, CDO.signerName, literal(h.signer_name), h.signer_span)
        if h.signer_title:
            b.add(node, CDO.signerTitle, literal(h.signer_title, lang="vi"))
    if h.place and h.place_span:
        place = iris.entity("place", ex.source.doc_id, "issue")
        b.add(place, RDF.type, CDO.Place)
        b.add(place, SKOS.prefLabel, literal(h.place, lang="vi"))
        b.fact(node, CDO.placeOfIssue, place, h.place_span)
    if h.validity and h.validity_span:
        b.fact(node, CDO.validity, literal(h.validity), h.validity_span)
    for i, span in enumerate(h.recipients, 1):
        r = iris.entity("recipient", ex.source.doc_id, str(i))
        b.add(r, RDF.type, ORG.Organization)
        b.add(r, SKOS.prefLabel, literal(span.text, lang="vi"))
        b.fact(node, CDO.sentTo, r, span)
