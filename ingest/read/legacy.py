"""Legacy Vietnamese 8-bit encodings (TCVN3, VNI, Windows-1258) → Unicode NFC.

Offices still keep texts typed with the ABC (.VnTime) and VNI fonts or saved as Windows-1258;
read as UTF-8 they are mojibake or invalid. The TCVN3 and VNI maps are data
(ingest/data/legacy_encodings.json, with examples the tests decode); Windows-1258 is Python's
cp1258 codec, whose combining tone marks NFC composes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

NAMES = {"tcvn3": "TCVN3 (ABC, .VnTime fonts)", "vni": "VNI (VNI-Times fonts)", "cp1258": "Windows-1258"}


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(resources.files("ingest").joinpath("data/legacy_encodings.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _cp1252_view() -> dict[int, str]:
    """latin-1 → Windows-1252 for 0x80–0x9F, so a byte shows the glyph the maps are written in
    (the five bytes Windows-1252 leaves undefined stay as they are)."""
    out = {}
    for b in range(0x80, 0xA0):
        try:
            out[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return out


def _glyphs(data: bytes) -> str:
    """The bytes as a Windows-1252 font would show them (how TCVN3/VNI text looks unconverted)."""
    return data.decode("latin-1").translate(_cp1252_view())


@lru_cache(maxsize=1)
def _tcvn3() -> dict[int, str]:
    return {int(byte, 16): letter for byte, letter in table()["tcvn3"]["bytes"].items()}


@lru_cache(maxsize=1)
def _vni() -> tuple[re.Pattern, dict[str, str]]:
    seqs = table()["vni"]["sequences"]
    return re.compile("|".join(map(re.escape, sorted(seqs, key=len, reverse=True)))), seqs


def font_encoding(font: str) -> tuple[str, bool] | None:
    """(encoding, shows upper case) of a legacy font by its name ('.VnTimeH' → ('tcvn3', True)),
    None for a Unicode font."""
    for encoding in ("tcvn3", "vni"):
        rule = table()[encoding]["fonts"]
        if font.startswith(rule["prefix"]):
            return encoding, bool(rule.get("upper_case_suffix")) and font.endswith(rule["upper_case_suffix"])
    return None


def from_glyphs(text: str, encoding: str) -> str:
    """Text whose letters are TCVN3 or VNI glyphs → Unicode NFC."""
    if encoding == "tcvn3":
        text = text.translate(_tcvn3())  # TCVN3 letters sit in 0xA1–0xFE, where glyph = byte
    else:
        pattern, seqs = _vni()
        text = pattern.sub(lambda m: seqs[m.group(0)], text)
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, encoding: str) -> str:
    """Bytes in one of NAMES → Unicode NFC (bytes the encoding leaves undefined become U+FFFD
    for Windows-1258, their Latin-1 character otherwise)."""
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    return from_glyphs(_glyphs(data), encoding)
