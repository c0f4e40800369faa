"""The ingest pipeline, the one place where the stages are chained:

    read → segment → recognize → resolve → relate → build

`extract` turns a read document into an Extraction (values only: every relation, the legal
bases included, is a `Relation`); `build` turns that into the document's quads. Ingest, the
register import, the CLI, the API and the tests all go through these two functions.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ingest.build.graph import build, build_entries
from ingest.model import BodyRef, Citation, Extraction, Header, InForce, Instrument, Relation, SourceText
from ingest.read.files import read_path
from ingest.recognize.abbreviations import expansions, find_abbreviations
from ingest.recognize.citations import find_citations
from ingest.recognize.figures import audit, find_figures
from ingest.recognize.header import read_header
from ingest.recognize.in_force import in_force
from ingest.recognize.plans import find_titled_instruments
from ingest.recognize.programmes import find_programmes
from ingest.relate.agencies import agency_activities, find_posts, own_activities
from ingest.relate.bases import bases
from ingest.relate.consolidation import CONSOLIDATED_TEXT, consolidation
from ingest.relate.effective import date_effects
from ingest.relate.effects import effect_lists, subject_effects
from ingest.relate.named_amendments import named_amendments
from ingest.relate.relations import citations as citation_relations
from ingest.relate.relations import mention_refs, operative_relations, read_document, title_relations
from ingest.relate.tasks import tasks_and_recommendations
from ingest.resolve.instruments import document_province, resolve
from ingest.resolve.places import find_places
from ingest.resolve.short_forms import back_references, defined_short_forms
from ingest.segment.preamble import operative_start
from ingest.segment.sections import segment
from ingest.tables.bodies import bodies_from_phrase

# The pipeline's entry points; `build` and `build_entries` (a register's rows in one graph)
# are the last stage, exported here so that callers depend on the pipeline, not on a stage.
__all__ = ["extract", "extract_entry", "build", "build_entries", "document_quads", "graph_for_source",
           "graph_for_path", "rdflib_graph"]


def extract(source: SourceText) -> Extraction:
    """Everything one document says, as values with the spans they were read from."""
    text = source.text
    # recognize what the document says about itself, then segment around its title
    header = read_header(text)
    title = header.title_span
    seg = segment(text, breaks=(title.end,) if title else ())
    # recognize the instruments it cites and resolve them to one node per real instrument
    citations = find_citations(text)
    province = document_province(header, text)
    resolved, found_bodies = resolve(citations, header, text, province)
    resolved = back_references(text, resolved)  # "Quyết định nêu trên" is the one cited before
    at = {s.start: (i.key, s.end) for i in resolved for s in i.mentions}
    abbreviations = find_abbreviations(text, at)
    instruments = resolved + find_titled_instruments(text, citations, resolved, expansions(abbreviations))
    instruments = defined_short_forms(text, instruments, abbreviations)  # "(sau đây gọi tắt là QĐ 20)" … "QĐ 20"
    itself = next((i for i in instruments if i.is_document_itself), None)
    # relate: what cites, bases on, implements, amends … what, and from when
    refs = mention_refs([i for i in instruments if not i.is_document_itself], citations,
                        [a.span for a in abbreviations])
    readings = read_document(text, seg, refs)
    relations, dated = _relations(text, header, instruments, itself, readings, refs)
    # tasks, recommendations and activities, with the bodies they name
    mentions = [s for i in instruments for s in i.mentions]
    programmes = find_programmes(text, mentions)
    items = tasks_and_recommendations(text, seg, readings, programmes, province)
    activities, agency_bodies = agency_activities(text, seg, readings, programmes, province)
    taken = [i.span for i in items + activities] + ([title] if title else [])
    items += activities + own_activities(text, seg, readings, programmes, taken,
                                         _author(header, itself, province))
    posts = find_posts(text, province)
    figures = find_figures(text, mentions + [m for p in programmes for m in p.mentions])
    bodies = {b.key: b for b in found_bodies}
    for b in agency_bodies + [b for i in items for b, _ in i.bodies] + [p.body for p in posts]:
        bodies.setdefault(b.key, b)
    return Extraction(
        source=source, header=header, instruments=tuple(instruments), bodies=tuple(bodies.values()),
        province=province, relations=tuple(relations), items=tuple(items), programmes=tuple(programmes),
        abbreviations=tuple(abbreviations), figures=tuple(figures), checks=tuple(audit(text, figures)),
        places=tuple(find_places(text, province, header.date)), posts=tuple(posts), in_force=dated)


def _relations(text: str, header: Header, instruments: list[Instrument], itself: Instrument | None,
               readings: list, refs: list) -> tuple[list[Relation], tuple[InForce, ...]]:
    """Every relation between instruments, effects dated, and when each instrument the document
    speaks for enters into force. A consolidated text speaks for its base instrument: it states
    that one's bases and effects, consolidates it, and its opening dates every instrument."""
    own_key = itself.key if itself else None
    title = header.title_span
    consolidated = (consolidation(text, own_key, title.end if title else 0, instruments)
                    if header.type_code == CONSOLIDATED_TEXT else None)
    acting = consolidated.base if consolidated else own_key
    operative = operative_start(text)
    if consolidated:
        dated = consolidated.in_force
    else:
        dated = tuple(f for f in [in_force(text, itself.key, itself.type_name, header.date, operative)] if f) \
            if itself else ()
    acting_in_force = next((f for f in dated if f.instrument == acting), None)
    relations = citation_relations(instruments)
    relations += bases(text, instruments, acting)
    relations += [r for rd in readings for r in rd.relations]
    relations += title_relations(readings, title, acting)
    relations += operative_relations(text, readings, acting, operative, refs)
    relations += effect_lists(text, refs, acting, operative, acting_in_force)
    relations += subject_effects(text, refs, acting, operative)
    relations += consolidated.relations if consolidated else ()
    relations += named_amendments(instruments)
    # a fact two readers find in the same words is one
    return list(dict.fromkeys(date_effects(text, relations, acting, acting_in_force))), dated


def extract_entry(source: SourceText, header: Header, citations: list[Citation],
                  province: str | None) -> Extraction:
    """A register row: its own instrument (header) and what it cites come from columns, so
    only resolve and relate run."""
    instruments, bodies = resolve(citations, header, source.text, province)
    return Extraction(source=source, header=header, instruments=tuple(instruments), bodies=tuple(bodies),
                      province=province, relations=tuple(citation_relations(instruments)))


def _author(header: Header, itself: Instrument | None, province: str | None) -> BodyRef | None:
    """Who acts in the document's own sentences: its instrument's issuer, or, when its number
    was not read (a draft "Số: /QĐ-UBND", an excerpt), the body its header names."""
    if itself is not None and itself.identity_issuer is not None:
        return itself.identity_issuer
    phrase = header.issuer_phrase
    found = bodies_from_phrase(phrase.text, province) if phrase else []
    return found[0][0] if found else None


def document_quads(source: SourceText) -> bytes:
    """The quads of one document's graph as N-Quads (what ingest writes)."""
    return build(extract(source))


def graph_for_source(source: SourceText):
    """The document's graph as an rdflib Graph, for notebooks and tests (not the ingest path)."""
    return rdflib_graph(document_quads(source))


def rdflib_graph(nquads: bytes):
    """N-Quads of one graph as an rdflib Graph (pySHACL, notebooks, tests)."""
    from rdflib import Graph

    triples = ox.serialize([q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)],
                           format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=triples.decode("utf-8"), format="nt")


def graph_for_path(path: Path):
    source = read_path(path)
    return source, graph_for_source(source)

