"""One node per real instrument: group citations by identity (type, number, issuer, year).

Issuers come from the symbol's issuer code first (the code is what makes a symbol unique)
and from the words after the citation ("của UBND tỉnh Yên Bái") for the unit of local bodies
and for instruments without a symbol. Local codes without a unit in the text belong to the
province of the document being read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import iris
from ingest.model import BodyRef, Citation, Header, Instrument, Span
from ingest.tables.bodies import bodies_from_phrase, body_from_entry, load_issuers, province_unit
from ingest.tables.text import fold, slug


@dataclass
class _Group:
    type_code: str
    type_name: str
    number: str | None
    symbol: str | None
    name: str | None
    identity: BodyRef | None
    issuers: dict[str, BodyRef] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    dates: list = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    issuer_mentions: list[Span] = field(default_factory=list)
    itself: bool = False


_NOT_A_PLACE = re.compile(r"(?:Đảng|Ủy|Uỷ|Hội|Ban|Đoàn|Sở|Bộ|Công|Mặt|Chính|Thường|Trung)(?![\wÀ-ỹ])")


def _identity_year(c: Citation) -> int | None:
    m = re.match(r"^[^/]+/((?:19|20)\d{2})/", c.symbol or "")
    if m:
        return int(m.group(1))
    # state numbers restart every year; Party numbers run through a term (59-NQ/TW), so two
    # years given for one Party symbol stay one instrument with a date conflict
    return c.date.year if c.date and not c.party else None


def document_province(header: Header, text: str) -> str | None:
    """The province the document belongs to: its place of issue, else its most named province."""
    if header.place and not re.match(r"(?i)^(ngày|số)", header.place):
        return header.place
    counts: dict[str, int] = {}
    for m in re.finditer(r"tỉnh\s+((?:[A-ZĐ][\wÀ-ỹ]*\s?){1,3})", text[:20000]):
        name = m.group(1).strip()
        if _NOT_A_PLACE.match(name):  # "Đại hội tỉnh Đảng bộ", "tỉnh Ủy ban …": a body, not a province
            continue
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _code_bodies(c: Citation, phrase_bodies: list[BodyRef], province: str | None) -> list[BodyRef]:
    table = load_issuers()
    out: list[BodyRef] = []
    for i, code in enumerate(c.issuer_codes):
        entry = table.by_code(code)
        if entry is None:
            if i == 0 and phrase_bodies:  # an unknown code: the body the text names is the issuer
                out.append(phrase_bodies[0])
                continue
            if i == 0:  # the issuer position: keep it, scoped to the province it was read in
                suffix = f"-{slug(province)}" if province else ""
                out.append(BodyRef(name=code, key=slug(code) + suffix, kind="unknown", code=code))
            continue  # a unit code (NC, V28, KGVX …) not an issuer
        unit = None
        if entry.is_local:
            same = [b for b in phrase_bodies if b.code == entry.code]
            unit = None if same else province_unit(province)
            if same:
                out.append(same[0])
                continue
        out.append(body_from_entry(entry, unit))
    return out


def resolve(citations: list[Citation], header: Header, text: str,
            province: str | None) -> tuple[list[Instrument], list[BodyRef]]:
    groups: dict[tuple, _Group] = {}
    bodies: dict[str, BodyRef] = {}

    def bodies_of(c: Citation) -> tuple[list[BodyRef], list[BodyRef], BodyRef | None]:
        phrase = [b for b, _, _ in bodies_from_phrase(c.issuer_phrase.text, province)] if c.issuer_phrase else []
        code_bodies = _code_bodies(c, phrase, province)
        if not code_bodies and not phrase and c.type_code in load_issuers().implied_by_type:
            code_bodies = [body_from_entry(load_issuers().by_code(load_issuers().implied_by_type[c.type_code]), None)]
        return phrase, code_bodies, code_bodies[0] if code_bodies else (phrase[0] if phrase else None)

    # The year is part of an instrument's identity: the one its symbol prints ("01/2020/TT-BTP"
    # is not 01/2010/TT-BTP), else, for state symbols, the year of its date (their numbers
    # restart every year: Chỉ thị 02/CT-TTg of 2018 and of 2019 are two). A mention without either joins the one group of its
    # type, number and issuer, if there is exactly one.
    printed_years: dict[tuple, set[int]] = {}
    for c in ([header.symbol] if header.symbol else []) + citations:
        if c.number is not None and _identity_year(c):
            ident = bodies_of(c)[2]
            printed_years.setdefault((c.type_code, c.number, ident.key if ident else None), set()).add(
                _identity_year(c))

    # A law named with its number ("Luật Đất đai số 31/2024/QH15") and later by name alone
    # ("Luật Đất đai", "Luật Đất đai năm 2024") is one instrument: its name → its groups.
    numbered_by_name: dict[str, set[tuple]] = {}

    def add(c: Citation, itself: bool = False) -> None:
        phrase, code_bodies, identity = bodies_of(c)
        if c.symbol is None and c.number is None:
            key = (c.type_code, None, fold(c.name or ""), c.year)
            same_name = [k for k in numbered_by_name.get(fold(c.name or ""), ()) if c.year in (None, k[-1])]
            if len(same_name) == 1:
                key = same_name[0]
        else:
            base = (c.type_code, c.number, identity.key if identity else None)
            year = _identity_year(c)
            if year is None and len(printed_years.get(base, ())) == 1:
                year = next(iter(printed_years[base]))
            key = base + (year,)
            if identity is None:  # a bare "Quyết định 1395": join the one dated group if any
                same = [k for k in groups if k[0] == c.type_code and k[1] == c.number]
                if len(same) == 1:
                    key = same[0]
        if c.number is not None and c.name:
            numbered_by_name.setdefault(fold(c.name), set()).add(key)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(c.type_code, c.type_name, c.number, c.symbol, c.name, identity)
        if g.symbol is None and c.symbol:
            g.symbol = c.symbol
        for b in (phrase or code_bodies):
            g.issuers.setdefault(b.key, b)
        for b in code_bodies + phrase:
            bodies.setdefault(b.key, b)
        if c.year:
            g.years.append(c.year)
        if c.date and c.date_span:
            g.dates.append((c.date, c.date_span))
        g.mentions.append(c.span)
        if c.issuer_phrase:
            g.issuer_mentions.append(c.issuer_phrase)
        g.itself = g.itself or itself

    if header.symbol:
        add(header.symbol, itself=True)
    inside_header = [c for c in citations if header.symbol and c.span.start >= header.symbol.span.start
                     and c.span.end <= header.symbol.span.end]
    for c in sorted((c for c in citations if c not in inside_header), key=lambda c: c.number is None):
        add(c)  # numbered ones first, so that a name alone can join its numbered law

    instruments = []
    for group_key, g in groups.items():
        dates = g.dates
        if g.itself and header.date and header.date_span:
            dates = dates + [(header.date, header.date_span)]
        seen = {}
        for d, span in dates:
            seen.setdefault(d, span)
        years = sorted(set(g.years) | {d.year for d in seen})
        # the year it was grouped by (printed in its symbol, else its first date's) is its
        # identity; a stray date of another year elsewhere in the text does not move it
        year = group_key[-1] or (years[0] if years else None)
        identity = g.identity
        if g.number is not None:
            key = iris.numbered_key(g.type_code, year, slug(g.number), identity.key if identity else None)
        else:
            key = iris.named_key(g.type_code, year, slug(g.name or ''))
        instruments.append(Instrument(
            key=key, type_code=g.type_code, type_name=g.type_name, number=g.number,
            symbol=g.symbol, year=year, issuers=tuple(g.issuers.values()), identity_issuer=identity,
            dates=tuple(sorted(seen.items())), name=g.name, mentions=tuple(sorted(g.mentions, key=lambda m: m.start)),
            issuer_mentions=tuple(g.issuer_mentions), is_document_itself=g.itself,
            title=header.title if g.itself else None, title_span=header.title_span if g.itself else None,
        ))
    return instruments, list(bodies.values())
