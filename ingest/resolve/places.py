"""Places named in the text, resolved to official administrative units (package vietnamadminunits).

Why: a 2021 report names units of the three-tier system (tỉnh → huyện/thị xã → xã) that was
in force until 30 June 2025; on 1 July 2025 districts were abolished and many provinces and
communes merged (63 → 34 provinces). `vietnamadminunits` carries both lists with their
official codes (its LEGACY 63-province table and the 34-province table) and the package's
own conversion from the first to the second. So:
- in a document dated before 1 July 2025 (or undated) a unit resolves in the LEGACY list,
  within the document's province: "huyện Đức Phổ" → district 534 (officially "Thị xã Đức
  Phổ" since 2020: matched by bare name, the kind written and the official kind both kept),
  "phường Trần Phú, thành phố Quảng Ngãi" → ward 21013 of district 522;
- each legacy unit is linked to what it became on 1 July 2025 (`successors`): a province
  to the province it merged into, a commune to the commune(s) the package converts it to, a
  district (abolished) to the new province, with a `note` saying so;
- in a document dated after the reorganisation, a province or commune resolves to the
  current list; a district can only be a former one and resolves in the LEGACY list;
- "(nay là …)" in the text is kept as the unit the text says it became (`current`);
- a former name the package knows as an alias of a unit ("huyện Tây Trà", merged into Trà
  Bồng in 2020) is a place of its own without a code, linked to that unit as its successor;
- a name that matches no unit, or several, stays a place without a code (no guessing:
  "huyện Ba Tư" is not silently read as Ba Tơ).
IRI keys: current units vn/{province}/{ward}; legacy units vn/legacy/{province}/{district}/
{ward}; unresolved names {province key}/hist/{slug}.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from contextlib import closing
from functools import lru_cache
from operator import ge
from pathlib import Path

from ingest.model import PlaceRef, Span
from ingest.tables.patterns import UPPER, finditer_at
from ingest.tables.text import fold, normalize, slug

REORGANISED = dt.date(2025, 7, 1)
_LEGACY = "vn/legacy/"
_UP = UPPER
_KINDS = r"tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu"
_NAME = rf"[{_UP}][\wÀ-ỹ]*(?:[ \t]+[{_UP}][\wÀ-ỹ]*){{0,3}}"
_PLACE = re.compile(rf"(?<![\wÀ-ỹ])(?P<kind>(?i:{_KINDS}))\s+(?P<name>{_NAME})")
# Where _PLACE can start (its lookbehind would have it tried at every position): the first
# letters of a kind, in lower case, capitalised or in capitals.
_PLACE_ANCHOR = re.compile(r"[tThHqQxXpPđĐ](?:ỉnh|hành|uyện|hị|uận|ã|hường|ặc|ỈNH|HÀNH|UYỆN|HỊ|UẬN|Ã|HƯỜNG|ẶC)")
_NOW = re.compile(rf"\s*\(\s*nay\s+là\s+(?P<kind>(?i:{_KINDS}))\s+(?P<name>{_NAME})\s*\)")
_IN_DISTRICT = re.compile(rf",\s*(?P<kind>(?i:thành phố|huyện|thị xã|quận))\s+(?P<name>{_NAME})")
_DISTRICT_KINDS = {"huyện", "thị xã", "quận", "thành phố"}
_COMMUNE_KINDS = {"xã", "phường", "thị trấn", "đặc khu"}
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_FORMER = "Tên cũ theo danh mục của vietnamadminunits; nay thuộc {}."
_ABOLISHED = ("Cấp huyện chấm dứt hoạt động từ 01/7/2025 (sắp xếp đơn vị hành chính); "
              "địa bàn nay thuộc {}.")


_CURRENT_SQL = ("SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardCode, "
                "wardKey FROM admin_units")
_LEGACY_SQL = ("SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, district, districtShort, "
               "districtCode, districtKey, districtAlias, ward, wardShort, wardCode, wardKey, wardAlias "
               "FROM admin_units_legacy")


def _package_data() -> tuple[list[dict], list[dict], dict]:
    """The package's SQLite table of units and its 2025 conversion table, read without importing
    the package: its import loads the address parser's tables and geopy (0.3 s, ~44,000 objects
    the garbage collector then walks on every ingest) and convert_address geocodes over the
    network when an address has a street. We only need the tables both are built on."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the package vietnamadminunits is not installed (see pyproject.toml)")
    data = Path(spec.submodule_search_locations[0]) / "data"
    with closing(sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        current, legacy = ([dict(r) for r in db.execute(sql)] for sql in (_CURRENT_SQL, _LEGACY_SQL))
    return current, legacy, json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))


class _Units:
    """Both official lists and the 2025 conversion, read once from the package's data."""

    def __init__(self) -> None:
        current, legacy, conv = _package_data()

        self.units: dict[str, dict] = {}  # key → {name, kind, code, level, parent}
        self.legacy_prov: dict[str, str] = {}  # folded bare name → key
        self.current_prov: dict[str, str] = {}
        # province key → folded bare name → unit keys (lists while built, tuples after)
        self.districts: dict = defaultdict(lambda: defaultdict(list))
        self.legacy_wards: dict = defaultdict(lambda: defaultdict(list))
        self.current_wards: dict = defaultdict(lambda: defaultdict(list))
        self.successors: dict[str, tuple[str, ...]] = {}
        # legacy province → compact former name ("xanghiaan", "nghiaan") → units the package says it became
        self.former: dict = defaultdict(lambda: defaultdict(set))
        pkey: dict[str, str] = {}  # package province key → our key (legacy and current)
        wkey: dict[tuple[str, str], str] = {}  # (new province key, new ward key) → our key
        old_ward: dict[str, str] = {}  # package "province_district_ward" key → our key
        old_district: dict[str, str] = {}  # our district key → package province key

        for r in current:
            p = f"vn/{int(r['provinceCode'])}"
            self._add(p, r["province"], "tỉnh", r["provinceCode"], None, self.current_prov, r["provinceShort"])
            pkey["new:" + r["provinceKey"]] = p
            w = f"{p}/{r['wardCode']}"
            self._add(w, r["ward"], "xã", r["wardCode"], p, self.current_wards[p], r["wardShort"])
            wkey[(r["provinceKey"], r["wardKey"])] = w
        for r in legacy:
            p = f"{_LEGACY}{int(r['provinceCode'])}"
            self._add(p, r["province"], "tỉnh", r["provinceCode"], None, self.legacy_prov, r["provinceShort"])
            pkey["old:" + r["provinceKey"]] = p
            if not r["districtCode"]:
                continue
            d = f"{p}/{r['districtCode']}"
            self._add(d, r["district"], "huyện", r["districtCode"], p, self.districts[p], r["districtShort"])
            for alias in json.loads(r["districtAlias"] or "[]"):
                self.former[p][alias].add(d)
            old_district[d] = r["provinceKey"]
            if r["wardCode"]:
                w = f"{d}/{r['wardCode']}"
                self._add(w, r["ward"], "xã", r["wardCode"], d, self.legacy_wards[p], r["wardShort"])
                old_ward[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = w
                for alias in json.loads(r["wardAlias"] or "[]"):
                    self.former[p][alias].add(w)

        new_province_of = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
        for old, p in pkey.items():
            if old.startswith("old:") and old[4:] in new_province_of:
                self.successors[p] = (pkey["new:" + new_province_of[old[4:]]],)
        for d, old in old_district.items():
            if old in new_province_of:
                self.successors[d] = (pkey["new:" + new_province_of[old]],)
        for new_p, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_w, olds in wards.items():
                for old in olds:
                    if old in old_ward and (new_p, new_w) in wkey:
                        self.successors[old_ward[old]] = (wkey[(new_p, new_w)],)
        for new_p, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, parts in divided.items():  # the package's default part first
                keys = [wkey[(new_p, x["newWardKey"])] for x in sorted(parts, key=lambda x: not x["isDefaultNewWard"])
                        if (new_p, x["newWardKey"]) in wkey]
                if old in old_ward and keys:
                    self.successors[old_ward[old]] = tuple(keys)
        # tuples of strings: objects the garbage collector stops walking (ingest speed)
        self.districts, self.legacy_wards, self.current_wards, self.former = (
            {p: {n: tuple(sorted(ks)) for n, ks in names.items()} for p, names in index.items()}
            for index in (self.districts, self.legacy_wards, self.current_wards, self.former))

    def _add(self, key, name, level, code, parent, index, short) -> None:
        """Record a unit once and index it by its folded bare name ("Thị xã Đức Phổ" → "duc pho")."""
        if key in self.units:
            return
        kind = re.match(rf"(?i:{_KINDS})", name)
        self.units[key] = {"name": name, "kind": kind.group(0).lower() if kind else level, "code": code,
                           "level": level, "parent": parent}
        if isinstance(index, defaultdict):
            index[fold(short)].append(key)
        else:
            index.setdefault(fold(short), key)

    def pick(self, keys: list[str], name: str, kind: str) -> str | None:
        """The one unit a name means, or None. Accent-insensitive candidates (the index) must
        also agree on vowels (Tơ ≠ Tô ≠ Tư) unless the text has no diacritics; tone marks may
        sit differently (Hòa = Hoà). Of several, the one that beats every other on exact
        spelling and on the kind written ("thị trấn Ba Tơ"); a tie is not broken by guessing."""
        plain = fold(name) == name.casefold()
        keys = [k for k in keys if plain or _vowels(_bare(self.units[k]["name"])) == _vowels(name)]
        score = {k: (normalize(_bare(self.units[k]["name"])).lower() == normalize(name).lower(),
                     self.units[k]["kind"] == kind) for k in keys}
        best = [k for k in keys if all(score[k] != score[o] and all(map(ge, score[k], score[o]))
                                       for o in keys if o != k)]
        return best[0] if len(best) == 1 else None


@lru_cache(maxsize=1)
def _units() -> _Units:
    return _Units()


def _bare(name: str) -> str:
    return re.sub(rf"^(?i:{_KINDS})\s+", "", name.strip())


def _vowels(name: str) -> str:
    """Spelling without tone marks, vowel marks kept: 'Phổ Hòa' and 'Phổ Hoà' → 'phô hoa'."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", normalize(name)) if ch not in _TONES)
    return unicodedata.normalize("NFC", bare).casefold()


class _Resolver:
    """Resolves (kind, name) within one document's province and era; collects the units it touched."""

    def __init__(self, province: str | None, doc_date: dt.date | None) -> None:
        self.u = _units()
        self.legacy = doc_date is None or doc_date < REORGANISED
        home = fold(_bare(province)) if province else None
        self.home_legacy = self.u.legacy_prov.get(home) if home else None
        self.home_current = self.u.current_prov.get(home) if home else None
        if self.home_legacy and not self.home_current:  # a province merged away: its successor
            self.home_current = self.u.successors.get(self.home_legacy, (None,))[0]
        self.home = self.home_legacy if self.legacy else self.home_current
        self.found: dict[str, dict] = {}

    def resolve(self, kind: str, name: str, district: tuple[str, str] | None = None) -> str:
        kind, u = kind.lower(), self.u
        key = None
        if kind in ("tỉnh", "thành phố"):
            hits = u.legacy_prov if self.legacy else u.current_prov
            key = hits.get(fold(name))
            if key and kind == "thành phố" and u.units[key]["kind"] != "thành phố":
                key = None  # "thành phố Quảng Ngãi" is the provincial city, not the province
        if key is None and kind in _DISTRICT_KINDS:
            key = u.pick([k for p in self._legacy_provinces for k in u.districts.get(p, {}).get(fold(name), [])], name, kind)
        elif key is None and kind in _COMMUNE_KINDS and self.home:
            if self.legacy:
                keys = u.legacy_wards.get(self.home, {}).get(fold(name), [])
                d = self.resolve(*district) if district else None
                if d and u.units.get(d, {}).get("level") == "huyện":
                    keys = [k for k in keys if u.units[k]["parent"] == d]
            else:
                keys = u.current_wards.get(self.home, {}).get(fold(name), [])
            key = u.pick(keys, name, kind)
        if key is None:
            key = f"{self.home or 'vn/_'}/hist/{slug(kind + ' ' + name)}"
            self._place(key, f"{kind} {name}", kind, None)
            became = self._former_name_of(kind, name)
            if became and not self.found[key]["successors"]:
                self.found[key] |= {"successors": (became,), "note": _FORMER.format(u.units[became]["name"])}
                self._unit(became, None, None)
        else:
            self._unit(key, f"{kind} {name}", kind)
        return key

    def _former_name_of(self, kind: str, name: str) -> str | None:
        """The one unit whose former names (the package's aliases) include this one, at the same level."""
        level = "huyện" if kind in _DISTRICT_KINDS else "xã" if kind in _COMMUNE_KINDS else None
        forms = {re.sub(r"\s+", "", f) for f in (fold(kind + " " + name), fold(name),
                                                  normalize(kind + " " + name).lower(), normalize(name).lower())}
        hits = {k for p in self._legacy_provinces for f in forms for k in self.u.former.get(p, {}).get(f, ())
                if self.u.units[k]["level"] == level}
        return hits.pop() if len(hits) == 1 else None

    @functools.cached_property
    def _legacy_provinces(self) -> list[str]:
        """Where a district is looked up: the document's province, or those merged into it."""
        if self.legacy:
            return [self.home_legacy] if self.home_legacy else []
        return [p for p, s in self.u.successors.items()
                if s == (self.home_current,) and self.u.units[p]["level"] == "tỉnh"]

    def _unit(self, key: str, written: str | None, kind: str | None) -> None:
        if key in self.found:
            return
        o = self.u.units[key]
        self._place(key, written or o["name"], kind or o["kind"], o)
        if o["parent"]:
            self._unit(o["parent"], None, None)
        if key.startswith(_LEGACY):
            succ = self.u.successors.get(key, ())
            self.found[key]["successors"] = succ
            for s in succ:
                self._unit(s, None, None)
            if o["level"] == "huyện" and succ:
                self.found[key]["note"] = _ABOLISHED.format(self.u.units[succ[0]]["name"])

    def _place(self, key, name, kind, official) -> None:
        self.found.setdefault(key, {
            "key": key, "name": name, "kind": kind, "mentions": [], "current": None, "successors": (),
            "note": None, "code": official and official["code"], "parent": official and official["parent"],
            "official_name": official and official["name"], "official_kind": official and official["kind"],
            "level": official and official["level"]})
        if official is None and self.home and self.found[key]["parent"] is None:
            self.found[key]["parent"] = self.home
            self._unit(self.home, None, None)


def of_era(key: str, doc_date: dt.date | None) -> bool:
    """Whether a unit's key belongs to the list in force on a document's date (None: before 2025)."""
    return key.startswith(_LEGACY) == (doc_date is None or doc_date < REORGANISED)


def find_places(text: str, province: str | None, doc_date: dt.date | None) -> list[PlaceRef]:
    r = _Resolver(province, doc_date)

    def named(key: str, span: Span, kind: str) -> None:
        place = r.found[key]
        if not place["mentions"]:  # first named here (maybe added before as a parent): as written
            place["name"], place["kind"] = re.sub(r"\s+", " ", span.text), kind.lower()
        place["mentions"].append(span)

    for m in finditer_at(_PLACE, text, _PLACE_ANCHOR):
        inside = _IN_DISTRICT.match(text, m.end()) if m.group("kind").lower() in _COMMUNE_KINDS else None
        key = r.resolve(m.group("kind"), m.group("name"), inside and (inside.group("kind"), inside.group("name")))
        named(key, Span(m.start(), m.end(), m.group(0)), m.group("kind"))
        now = _NOW.match(text, m.end())
        if now:
            cur = r.resolve(now.group("kind"), now.group("name"))
            named(cur, Span(now.start("kind"), now.end("name"), text[now.start("kind"):now.end("name")]),
                  now.group("kind"))
            if cur != key:
                r.found[key]["current"] = cur
    return [PlaceRef(**f | {"mentions": tuple(f["mentions"])}) for f in r.found.values()]
