"""Issuing bodies: issuer codes from symbols and body names from running text → BodyRef.

Local bodies (UBND, HĐND, Tỉnh ủy …) only have an identity together with their unit, so the
unit comes from the text ("UBND tỉnh Yên Bái") or, when the text says just "UBND tỉnh" or the
symbol says just "UBND", from the province of the document being read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.model import BodyRef
from ingest.tables.grammar import load_json
from ingest.tables.patterns import UPPER
from ingest.tables.text import fold, slug, squash_spaces

_UNIT_RE = re.compile(
    r"^(?P<kind>(?i:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|TP\.?))"
    r"(?:\s+(?P<name>[" + UPPER + r"][\wÀ-ỹ]*"
    r"(?:\s+[" + UPPER + r"][\wÀ-ỹ]*)*))?",
)
# Words that open the name of a body in Vietnamese administrative prose.
# A post that signs for its body; in an issuer phrase it names the body ("Chủ tịch UBND tỉnh X"
# issues as "UBND tỉnh X"). Not "Thủ tướng": Thủ tướng Chính phủ is an issuer of its own.
_POST_LEAD = re.compile(r"(?:Phó\s+)?(?:Chủ\s+tịch|Bộ\s+trưởng|Giám\s+đốc|Trưởng\s+ban|Chánh\s+Văn\s+phòng|"
                        r"Tổng\s+cục\s+trưởng|Cục\s+trưởng|Thống\s+đốc|Chánh\s+án|Viện\s+trưởng)\s+",
                        re.IGNORECASE)
_BODY_HEADS = re.compile(
    r"^(?:Bộ|Ủy ban|Ban|Hội|Sở|Cục|Tổng cục|Văn phòng|Thủ tướng|Chính phủ|Quốc hội|Tòa án|Viện|"
    r"Đảng ủy|Tỉnh ủy|Thành ủy|Huyện ủy|Công an|Trung ương|Ngân hàng|Kho bạc|Thanh tra|Đoàn|"
    r"Liên đoàn|Mặt trận|Bảo hiểm|Kiểm toán|Chủ tịch|UBND|HĐND)\b"
)


@dataclass(frozen=True)
class IssuerEntry:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    abbreviation: str | None
    examples: tuple[str, ...]
    name_in_city: str | None = None
    same_as: str | None = None

    @property
    def is_local(self) -> bool:
        return self.kind in ("local", "party-local")


class IssuerTable:
    def __init__(self, entries: list[IssuerEntry], implied_by_type: dict[str, str]):
        self.entries = entries
        self.implied_by_type = implied_by_type
        self._by_code = {fold(e.code): e for e in entries}
        aliases = sorted(((fold(a), e) for e in entries for a in e.aliases), key=lambda x: len(x[0]), reverse=True)
        self._aliases_by_initial: dict[str, list[tuple[str, IssuerEntry]]] = {}
        for alias, entry in aliases:  # longest first within each initial
            self._aliases_by_initial.setdefault(alias[:1], []).append((alias, entry))

    def by_code(self, code: str) -> IssuerEntry | None:
        """Exact code first, then without a trailing term number (QH14 → QH)."""
        return self._by_code.get(fold(code)) or self._by_code.get(fold(code).rstrip("0123456789"))

    def canonical_code(self, code: str) -> str:
        """The table's spelling of a known issuer code (Đ restored, variants mapped through
        same_as); unknown codes (units such as NC, V28; term-numbered QH14) stay as printed."""
        entry = self._by_code.get(fold(code))
        if entry is None:
            return code
        return entry.same_as or entry.code

    def match_alias(self, text: str) -> tuple[IssuerEntry, int] | None:
        """Longest alias that `text` starts with (accent-insensitive) and its length."""
        folded = fold(text)
        for alias, entry in self._aliases_by_initial.get(folded[:1], ()):
            if folded.startswith(alias) and (len(folded) == len(alias) or not folded[len(alias)].isalnum()):
                return entry, len(alias)
        return None


@lru_cache(maxsize=1)
def load_issuers() -> IssuerTable:
    data = load_json("issuers.json")
    implied = {k: v for k, v in data["implied_by_type"].items() if not k.startswith("_")}
    return IssuerTable([
        IssuerEntry(d["code"], d["name"], d["kind"], tuple(d.get("aliases", ())),
                    d.get("abbreviation"), tuple(d.get("examples", ())), d.get("name_in_city"),
                    d.get("same_as"))
        for d in data["issuers"]
    ], implied)


def province_unit(province: str | None) -> str | None:
    """'Quảng Ngãi' -> 'tỉnh Quảng Ngãi'; centrally-run cities keep 'thành phố'."""
    if not province:
        return None
    if re.match(r"^(tỉnh|thành phố)\s", province, re.IGNORECASE):
        return province[0].lower() + province[1:]
    cities = {"ha noi", "hai phong", "da nang", "ho chi minh", "can tho", "hue"}
    name = re.sub(r"^(TP\.?|Tp\.?)\s*", "", province).strip()
    return ("thành phố " if fold(name) in cities else "tỉnh ") + name


def _unit_from(rest: str, province: str | None) -> tuple[str | None, int]:
    """Read 'tỉnh Yên Bái' / 'tỉnh' / '' after a local body alias; return (unit, chars used)."""
    m = _UNIT_RE.match(rest.lstrip())
    offset = len(rest) - len(rest.lstrip())
    if not m:
        return province_unit(province), 0
    kind = m.group("kind").lower().replace("tp.", "thành phố").replace("tp", "thành phố")
    if m.group("name"):
        name = squash_spaces(m.group("name"))
        if name.isupper():  # header lines are written in capitals: "TỈNH QUẢNG NGÃI"
            name = name.title()
        return f"{kind} {name}", offset + m.end()
    if kind in ("tỉnh", "thành phố"):
        return province_unit(province), offset + m.end()
    return f"{kind} ?", offset + m.end()


@lru_cache(maxsize=4096)  # a document names the same few bodies many times
def body_from_entry(entry: IssuerEntry, unit: str | None) -> BodyRef:
    if entry.is_local:
        u = unit or "?"
        unit_name = re.sub(r"^(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+", "", u)
        template = entry.name_in_city if entry.name_in_city and u.startswith("thành phố") else entry.name
        name = template.replace("{unit}", u).replace("{unit_name}", unit_name)
        abbreviation = entry.abbreviation.replace("{unit}", u) if entry.abbreviation else None
        parent = None
    else:
        name, abbreviation, parent = entry.name, None, None
    return BodyRef(name=name, key=slug(name), kind=entry.kind, code=entry.code,
                   abbreviation=abbreviation, parent_key=parent)


def body_from_code(code: str, province: str | None) -> BodyRef | None:
    entry = load_issuers().by_code(code)
    if entry is None:
        return None
    return body_from_entry(entry, province_unit(province) if entry.is_local else None)


def bodies_from_phrase(phrase: str, province: str | None) -> list[tuple[BodyRef, int, int]]:
    """Bodies named in an issuer phrase ('Bộ Công an với Ban Thường trực …'), with offsets in
    the phrase with its spaces squashed (a phrase may run over a hard line wrap)."""
    phrase = squash_spaces(phrase)
    table = load_issuers()
    found: list[tuple[BodyRef, int, int]] = []
    pos = 0
    sep = re.compile(r"\s+(?:với|và)\s+|,\s+")
    while pos < len(phrase):
        rest = phrase[pos:]
        hit = table.match_alias(rest)
        post = None if hit else _POST_LEAD.match(rest)
        if post and table.match_alias(rest[post.end():]):
            # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "Bộ trưởng Bộ Y tế": the post acts for its body
            pos += post.end()
            continue
        if hit:
            entry, length = hit
            unit, used = (None, 0)
            if entry.is_local:
                unit, used = _unit_from(rest[length:], province)
            end = pos + length + used
            found.append((body_from_entry(entry, unit), pos, end))
        else:
            m = sep.search(rest)
            chunk = rest[: m.start()] if m else rest
            chunk_clean = squash_spaces(chunk)
            if chunk_clean and _BODY_HEADS.match(chunk_clean):
                found.append((BodyRef(name=chunk_clean, key=slug(chunk_clean), kind="unknown"),
                              pos, pos + len(chunk)))
            end = pos + len(chunk)
        m = sep.match(phrase, end) or re.compile(r"\s+(?:với|và)\s+|,\s+").search(phrase, end)
        if not m or m.start() != end:
            break
        pos = m.end()
    return found
