"""Bytes of a text file → Unicode, with what had to be guessed or repaired said as warnings.

Plain UTF-8 always wins. A file that is not valid UTF-8 is either UTF-16 (with or without a
byte-order mark), a legacy Vietnamese encoding (legacy.py) when that gives much more valid
Vietnamese than every alternative, or UTF-8 with damaged bytes: those are replaced by U+FFFD
and the warning says how many and at which byte offsets. Only what is not text (NUL bytes in
the first 4 KB that are not UTF-16, or mostly undecodable bytes) is refused.
"""
from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.read import legacy
from ingest.read.clean import CONTROL
from ingest.read.errors import ReadError

_SAMPLE = 1 << 20  # bytes scored when choosing an encoding: enough to tell, bounded time
_SHOWN = 5  # damaged places listed in a warning
_WORD = re.compile(r"[^\W\d_]+")
# A Vietnamese syllable without its tone: onset, one of the language's vowel nuclei, coda.
# Stricter than clean.is_syllable (which also accepts "aơ"): a wrong legacy map makes such
# nuclei and must not score.
_NUCLEI = ("iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi"
           "|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                       rf"(?:{_NUCLEI})(?:ng|nh|ch|[cmnpt])?")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Latin-1 characters that are not Vietnamese letters ('§', 'Õ', 'µ', '¸' …): what a legacy
# font's glyphs look like when read as they are; each counts against a reading.
_FOREIGN = re.compile("[^\\x00-\\xa0àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\\u0100-\\uffff]")


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()  # how it was decoded when that was a guess, what was replaced


_local = threading.local()


def _record(e: UnicodeDecodeError) -> tuple[str, int]:
    places = _local.places
    if places and places[-1][1] == e.start:
        places[-1][1] = e.end  # adjacent bad bytes are one place
    else:
        places.append([e.start, e.end])
    return "\ufffd", e.end


codecs.register_error("chidao-record", _record)


def _decode_recording(data: bytes, encoding: str) -> tuple[str, list[list[int]]]:
    """Decode, replacing invalid bytes by U+FFFD; the [start, end) byte ranges replaced."""
    _local.places = []
    try:
        return data.decode(encoding, errors="chidao-record"), _local.places
    finally:
        _local.places = []


def _damage_warning(places: list[list[int]], encoding: str) -> str:
    count = sum(end - start for start, end in places)
    shown = ", ".join(str(s) if e - s == 1 else f"{s}–{e - 1}" for s, e in places[:_SHOWN])
    more = f" and {len(places) - _SHOWN} more place(s)" if len(places) > _SHOWN else ""
    return f"{count} byte(s) not valid {encoding} replaced by U+FFFD at byte offset(s) {shown}{more}"


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte of the start is mostly NUL (ASCII-range
    letters), the others mostly not: how UTF-16 looks without its byte-order mark."""
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.3 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.3 and zero_odd < 0.05:
        return "utf-16-be"
    return None


@lru_cache(maxsize=65536)
def _vietnamese(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.fullmatch(base))


def _abbreviation(word: str) -> bool:
    return word.isupper() and not any(c in "AĂÂEÊIOÔƠUƯY" for c in unicodedata.normalize("NFD", word))


def vietnamese_score(text: str) -> int:
    """Words with a non-ASCII letter that are Vietnamese syllables, minus those that are not
    (ASCII words read the same in every candidate and do not decide, nor do abbreviations
    without a vowel such as 'QĐ')."""
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii() and not _abbreviation(word):
            score += 1 if _vietnamese(word) else -1
    return score - text.count("\ufffd") - len(_FOREIGN.findall(text))


def _unicode(data: bytes, codec: str, *notes: str) -> Decoded:
    """Decode with Python's `codec`; damaged bytes replaced and warned about, unless so many
    (over a tenth) that the file is not text at all."""
    name = codec.removesuffix("-sig").upper()
    text, places = _decode_recording(data, codec)
    damaged = sum(e - s for s, e in places)
    if damaged > 0.1 * len(data):
        raise ReadError(f"not text: {damaged / len(data):.0%} of its bytes are not valid {name} "
                        "and no Vietnamese legacy encoding reads it")
    return Decoded(text, notes + ((_damage_warning(places, name),) if places else ()))


def _clearly_best(scores: dict[str, int], candidates: tuple[str, ...]) -> str | None:
    """The candidate reading far more valid Vietnamese than every other reading, if one does."""
    best = max(candidates, key=scores.get)
    rest = max(s for k, s in scores.items() if k != best)
    return best if scores[best] >= 3 and scores[best] > 2 * max(rest, 0) else None


def _decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return _unicode(data, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _unicode(data, "utf-16")
    utf16 = _utf16_without_bom(data)  # before UTF-8: UTF-16 of ASCII letters is valid UTF-8 too
    if utf16:
        return _unicode(data, utf16, f"decoded as {utf16.upper()} (no byte-order mark)")
    if b"\x00" in data[:4096]:
        raise ReadError("binary content, not text")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    scores = {enc: vietnamese_score(legacy.decode(sample, enc)) for enc in legacy.NAMES}
    scores["utf-8"] = vietnamese_score(sample.decode("utf-8", errors="replace"))
    best = _clearly_best(scores, tuple(legacy.NAMES))
    if best:
        return Decoded(legacy.decode(data, best), (f"decoded as {legacy.NAMES[best]}, converted to Unicode",))
    return _unicode(data, "utf-8")


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes; ReadError when it is not text (binary, or more than a
    tenth control characters or undecodable bytes)."""
    if not data.strip():
        raise ReadError("empty file")
    decoded = _decode(data)
    controls = len(CONTROL.findall(decoded.text))
    if controls > 0.1 * len(decoded.text):
        raise ReadError(f"binary content, not text ({controls / len(decoded.text):.0%} control characters)")
    return decoded


def legacy_glyphs(text: str) -> tuple[str, tuple[str, ...]]:
    """Text typed in a TCVN3 or VNI font: an old .doc, .docx, PDF or web page keeps the font's
    glyphs ('QuyÕt ®Þnh'), not Vietnamese letters. When one of the maps makes far more valid
    Vietnamese of the whole text than the text as it is, the lines it improves are converted
    (a document edited later may mix a legacy font and Unicode)."""
    sample = text[:_SAMPLE]
    if len(_FOREIGN.findall(sample)) < 3:  # both fonts' glyphs include such symbols ('®' is TCVN3's đ, 'ñ' VNI's)
        return text, ()
    scores = {"as is": vietnamese_score(sample)} | {enc: vietnamese_score(legacy.from_glyphs(sample, enc)) for enc in ("tcvn3", "vni")}
    best = _clearly_best(scores, ("tcvn3", "vni"))
    if not best:
        return text, ()
    lines, converted = text.split("\n"), 0
    for i, line in enumerate(lines):
        if not line.isascii():
            new = legacy.from_glyphs(line, best)
            if vietnamese_score(new) > vietnamese_score(line):
                lines[i], converted = new, converted + 1
    return "\n".join(lines), (f"text in {legacy.NAMES[best]} glyphs converted to Unicode ({converted} line(s))",)
