"""Media types the service speaks, and Accept-header negotiation with q-values (RFC 9110 §12.5.1).

Offers are ordered by our preference; the client's q-values decide, ties go to our order."""
from __future__ import annotations

# SELECT / ASK results: media type -> short name used by the serializers.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# CONSTRUCT / DESCRIBE results and other RDF (service description, JSON-LD on REST routes).
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
}
CANONICAL = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
             "ntriples": "application/n-triples", "jsonld": "application/ld+json",
             "rdfxml": "application/rdf+xml"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """[(media range, q)] from an Accept header; a missing header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching `media` (exact beats type/* beats */*)."""
    main = media.split("/")[0]
    best, specificity = 0.0, -1
    for rng, q in ranges:
        if rng == media:
            s = 2
        elif rng == f"{main}/*":
            s = 1
        elif rng == "*/*":
            s = 0
        else:
            continue
        if s > specificity:
            best, specificity = q, s
    return best if specificity >= 0 else 0.0


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client likes best (None if it accepts none of them)."""
    ranges = parse_accept(header)
    scored = [(_quality(o, ranges), -i, o) for i, o in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
