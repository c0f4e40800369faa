"""Frozen records passed between pipeline stages.

Every record that comes from the text carries the character span it was read from, so the
build step can attach provenance to each fact without re-reading anything.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SourceText:
    """A document after reading: stored (normalised) text plus where it came from."""

    doc_id: str
    text: str
    source_name: str
    sha256: str
    media_type: str = "text/plain"


@dataclass(frozen=True)
class BodyRef:
    """A body named in the text or implied by an issuer code, before resolution."""

    name: str  # canonical Vietnamese name, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"
    key: str  # identity slug, e.g. "ubnd-tinh-quang-ngai"
    kind: str  # "central", "local", "party-central", "party-local", "unknown"
    code: str | None = None  # issuer code as in symbols, e.g. "UBND"
    abbreviation: str | None = None  # common short name, e.g. "UBND tỉnh"
    parent_key: str | None = None  # org:subOrganizationOf


@dataclass(frozen=True)
class Citation:
    """One mention of an instrument in the text, as recognised (not yet resolved)."""

    span: Span
    type_code: str  # doc-type concept code, e.g. "qd", "tt", "cv", "ct-dang"
    type_name: str  # Vietnamese name, e.g. "Quyết định"
    number: str | None  # "1395", "30a"; None for instruments named only by title
    symbol: str | None  # normalised symbol, e.g. "1395/QĐ-UBND"; None when unnumbered
    symbol_span: Span | None
    year: int | None  # from the symbol ("23/2012/TT-BCA") or the date
    issuer_codes: tuple[str, ...] = ()  # from the symbol: ("BCA", "MTTW")
    date: dt.date | None = None
    date_span: Span | None = None
    issuer_phrase: Span | None = None  # "của UBND tỉnh", "giữa Bộ Công an với …"
    name: str | None = None  # for symbol-less instruments: "Bộ luật Hình sự"
    party: bool = False


@dataclass(frozen=True)
class Header:
    """What a document says about itself: số, nơi ban hành, ngày, loại, trích yếu, người ký."""

    symbol: Citation | None = None
    place: str | None = None
    place_span: Span | None = None
    date: dt.date | None = None
    date_span: Span | None = None
    type_code: str | None = None
    type_name: str | None = None
    type_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_span: Span | None = None
    recipients: tuple[Span, ...] = ()
    issuer_phrase: Span | None = None


@dataclass(frozen=True)
class Instrument:
    """One real instrument after resolution, with every mention that denotes it."""

    key: str  # identity, e.g. "qd/2016/1395/ubnd-tinh-quang-ngai"
    type_code: str
    type_name: str
    number: str | None
    symbol: str | None
    year: int | None
    issuers: tuple[BodyRef, ...]
    identity_issuer: BodyRef | None
    dates: tuple[tuple[dt.date, Span], ...] = ()
    name: str | None = None
    mentions: tuple[Span, ...] = ()
    issuer_mentions: tuple[Span, ...] = ()
    is_document_itself: bool = False
    title: str | None = None
    title_span: Span | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the pipeline read from one document, ready to become RDF."""

    source: SourceText
    header: Header
    instruments: tuple[Instrument, ...]
    bodies: tuple[BodyRef, ...]
    province: str | None
    warnings: tuple[str, ...] = field(default_factory=tuple)
