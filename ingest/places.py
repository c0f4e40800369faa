"""Places named in the text, resolved to official administrative units (package vietnam-provinces).

Why: a 2021 report names units of the three-tier system (tỉnh → huyện/thị xã → xã); on
1 July 2025 districts were abolished and many provinces and communes merged, and the
installed `vietnam-provinces` data describes only the units in force now (34 provinces,
about 3,300 communes) with their official codes. So:
- a province that still exists resolves to its current unit and code (vn/51 Quảng Ngãi);
- a district or commune named in a document dated before 1 July 2025 is a historical unit of
  its own (vn/51/hist/huyen-duc-pho) inside the province; a current commune bearing the same
  name is recorded as a close match only (a name match, not a statement of legal succession,
  which the package does not carry);
- "huyện Đức Phổ (nay là thị xã Đức Phổ)" records the unit it became as its current unit;
- in a document dated after the reorganisation, a commune resolves to its current code.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.model import PlaceRef, Span
from ingest.text import fold, slug

REORGANISED = dt.date(2025, 7, 1)
_UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_KINDS = r"tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn"
_PLACE = re.compile(rf"(?<![\wÀ-ỹ])(?P<kind>(?i:{_KINDS}))\s+(?P<name>[{_UP}][\wÀ-ỹ]*(?:[ \t]+[{_UP}][\wÀ-ỹ]*){{0,3}})")
_NOW = re.compile(rf"\s*\(\s*nay\s+là\s+(?P<kind>{_KINDS})\s+(?P<name>[{_UP}][\wÀ-ỹ]*(?:\s+[{_UP}][\wÀ-ỹ]*){{0,3}})\s*\)")


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, str, bool]]:
    """folded bare name → (official name, code, centrally-run city)."""
    from vietnam_provinces import Province, VietNamDivisionType

    out = {}
    for p in Province.iter_all():
        bare = re.sub(r"^(Thành phố|Tỉnh)\s+", "", p.name)
        out[fold(bare)] = (p.name, str(int(p.code)), p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG)
    return out


@lru_cache(maxsize=64)
def _wards(province_code: str) -> dict[str, list[tuple[str, str, str]]]:
    """folded bare name → [(official name, code, kind)] of the current communes of a province."""
    from vietnam_provinces import Ward

    out: dict[str, list] = {}
    for w in Ward.iter_by_province(int(province_code)):
        bare = re.sub(r"^(Xã|Phường|Đặc khu)\s+", "", w.name)
        out.setdefault(fold(bare), []).append((w.name, str(int(w.code)), w.division_type.value))
    return out


def _province_of(name: str, kind: str) -> tuple[str, str, bool] | None:
    hit = _provinces().get(fold(name))
    if hit is None:
        return None
    if kind == "thành phố" and not hit[2]:
        return None  # "thành phố Quảng Ngãi" is the provincial city, not the province
    return hit


def find_places(text: str, province: str | None, doc_date: dt.date | None) -> list[PlaceRef]:
    home = _province_of(re.sub(r"^(tỉnh|thành phố)\s+", "", province or "", flags=re.I), "tỉnh") if province else None
    before_reform = doc_date is None or doc_date < REORGANISED
    found: dict[str, dict] = {}

    def unit(kind: str, name: str) -> dict:
        kind = kind.lower()
        prov = _province_of(name, kind) if kind in ("tỉnh", "thành phố") else None
        if prov:
            key, code, parent, close = f"vn/{prov[1]}", prov[1], None, None
        else:
            base = f"vn/{home[1]}" if home else "vn/_"
            wards = _wards(home[1]).get(fold(name), []) if home else []
            same_kind = [w for w in wards if w[2] == kind]
            if not before_reform and same_kind:
                key, code, close = f"{base}/{same_kind[0][1]}", same_kind[0][1], None
            else:
                key, code = f"{base}/hist/{slug(kind + ' ' + name)}", None
                close = (same_kind or wards)[0] if wards else None
                if close:
                    found.setdefault(f"{base}/{close[1]}", {
                        "key": f"{base}/{close[1]}", "name": close[0], "kind": close[2], "code": close[1],
                        "parent": base, "close": None, "current": None, "mentions": []})
                    close = f"{base}/{close[1]}"
            parent = base if home else None
        return found.setdefault(key, {"key": key, "name": f"{kind} {name}", "kind": kind, "code": code,
                                      "parent": parent, "close": close, "current": None, "mentions": []})

    for m in _PLACE.finditer(text):
        u = unit(m.group("kind"), m.group("name"))
        u["mentions"].append(Span(m.start(), m.end(), m.group(0)))
        now = _NOW.match(text, m.end())
        if now:
            cur = unit(now.group("kind"), now.group("name"))
            cur["mentions"].append(Span(now.start("kind"), now.end("name"), text[now.start("kind"):now.end("name")]))
            u["current"] = cur["key"]
    for u in list(found.values()):  # the province of a historical unit, even if never named
        if u["parent"] and u["parent"] not in found and home:
            found[u["parent"]] = {"key": u["parent"], "name": f"tỉnh {home[0]}" if not home[2] else home[0],
                                  "kind": "tỉnh", "code": home[1], "parent": None, "close": None,
                                  "current": None, "mentions": []}
    return [PlaceRef(u["key"], u["name"], u["kind"], tuple(u["mentions"]), u["code"], u["parent"],
                     u["current"], u["close"]) for u in found.values()]
