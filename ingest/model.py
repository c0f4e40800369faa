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
    warnings: tuple[str, ...] = ()  # what reading had to repair or guess (damaged bytes, encoding)


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
    validity: str | None = None  # a register's validity column ("Văn bản hết hiệu lực")
    validity_span: Span | None = None


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
class Provision:
    """A part (Mục V, khoản 2 …) of an instrument that a relation targets."""

    key: str  # instrument key + "/muc-v/khoan-2"
    label: str  # "khoản 2, Mục V" as written
    part_of: str  # instrument key
    span: Span


@dataclass(frozen=True)
class Relation:
    """subject --property--> object between instruments, read from a cue word in a clause."""

    subject: str  # instrument key
    prop: str  # CURIE: "eli:implements", "cdo:funds" …
    object: str  # instrument key
    cue: str | None  # the cue word as written; None for a plain citation
    evidence: Span  # the clause
    provision: Provision | None = None
    effective: dt.date | None = None  # an effect's (repeal, replacement …) date, when known
    effective_span: Span | None = None  # the words that give that date


@dataclass(frozen=True)
class Use:
    """An instrument that a task, recommendation or activity acts on, with the cue that says how."""

    instrument: str  # instrument key
    cue: str | None
    prop: str | None  # the cue's relation CURIE, e.g. "cdo:replaces" for "thay thế"
    evidence: Span


@dataclass(frozen=True)
class Item:
    """A task, a recommendation or an agency activity: a piece of text with an actor or addressee."""

    kind: str  # "task" | "recommendation" | "activity"
    local: str  # document-scoped id: "1", "so-tu-phap", "s12"
    span: Span
    ordinal: int | None = None
    period: tuple[int, int] | None = None
    period_span: Span | None = None
    bodies: tuple[tuple[BodyRef, Span], ...] = ()  # addressees (task/recommendation) or performer
    uses: tuple[Use, ...] = ()
    programmes: tuple[tuple[str, Span], ...] = ()  # programme keys


@dataclass(frozen=True)
class Programme:
    """A named programme, campaign, movement or model ("Camera an ninh", "6 không")."""

    key: str
    name: str
    kind: str  # the head word as written: "Cuộc vận động", "mô hình"
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class Abbreviation:
    """A short form the text defines: "an ninh Tổ quốc (ANTQ)", "(viết tắt là …)"."""

    short: str
    long: str
    span: Span  # the whole definition, long form to closing parenthesis
    target: str | None = None  # instrument key when the long form is an instrument


@dataclass(frozen=True)
class Figure:
    """One number the text states, in Vietnamese notation, with its dimensions."""

    local: str  # "c1234" (offset-based id)
    kind: str  # "count" | "percent" | "fraction" | "money"
    value: object  # decimal.Decimal
    span: Span
    numerator: object = None
    denominator: object = None
    decimals: int = 0  # digits after the decimal comma as printed
    year: int | None = None
    criterion: str | None = None  # what is counted: "thôn, tổ dân phố đạt tiêu chuẩn …"


@dataclass(frozen=True)
class FigureCheck:
    """A recomputation: a percentage against its fraction, a total against its parts."""

    rule: str  # "percentage-of-fraction" | "total-of-parts"
    stated: object  # Decimal
    computed: object  # Decimal
    figures: tuple[str, ...]  # Figure.local of the figures involved, stated figure first
    evidence: Span
    ok: bool


@dataclass(frozen=True)
class PlaceRef:
    """A place named in the text, resolved to an official unit when exactly one matches."""

    key: str  # "vn/legacy/51/534" (63-province list), "vn/51/21115" (current), "vn/legacy/51/hist/huyen-ba-tu"
    name: str  # as first written: "huyện Đức Phổ"
    kind: str  # as first written: "huyện"
    mentions: tuple[Span, ...]
    code: str | None = None  # official code when resolved
    parent: str | None = None  # key of the containing unit
    current: str | None = None  # key of the unit the text says it became ("nay là …")
    successors: tuple[str, ...] = ()  # units it became per the package: 1 July 2025, or an older merger
    note: str | None = None  # how: "the district level was abolished …", "former name …"
    official_name: str | None = None  # "Thị xã Đức Phổ"
    official_kind: str | None = None  # "thị xã"
    level: str | None = None  # "tỉnh", "huyện" or "xã" (cấp) when resolved


@dataclass(frozen=True)
class Post:
    """A post in a body named as an issuer ("Bộ trưởng Bộ Công an"): org:Post, org:postIn."""

    key: str
    name: str
    body: BodyRef
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class InForce:
    """An instrument's first date in force (and last, for a temporary one), with the words: the
    document's own, or the base instrument's in a consolidated text."""

    instrument: str  # key
    start: dt.date
    span: Span  # the statement
    until: dt.date | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the pipeline read from one document, ready to become RDF."""

    source: SourceText
    header: Header
    instruments: tuple[Instrument, ...]
    bodies: tuple[BodyRef, ...]
    province: str | None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    relations: tuple[Relation, ...] = ()
    items: tuple[Item, ...] = ()
    programmes: tuple[Programme, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()
    figures: tuple[Figure, ...] = ()
    checks: tuple[FigureCheck, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    posts: tuple[Post, ...] = ()
    in_force: tuple[InForce, ...] = ()  # the own instrument's (a consolidated text: each it consolidates)
