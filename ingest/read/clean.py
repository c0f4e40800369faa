"""Mend conversion artefacts so the stored text reads as the document was written.

The stored text of a document IS the cleaned text: every offset in provenance indexes it, and
the original file is identified by its sha256 and name (re-reading the file and cleaning it
again gives the same stored text — cleaning is deterministic). Most repairs keep the length
(underscores of word-segmented text, markdown bold, hard line wraps become spaces); two remove
characters: split diacritics from PDF conversion ("Qu ả ng" → "Quảng") and gazette page
furniture ("CÔNG BÁO/Số 146/Ngày 11-03-2026" + the page number).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese syllable = onset? + vowel nucleus + coda?; used to decide whether fragments
# separated by a space are one syllable split by a PDF converter.
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = "aăâeêioôơuưy"
_CODAS = "ng|nh|ch|c|m|n|p|t|i|y|o|u"
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?[{_VOWELS}]{{1,3}}(?:{_CODAS})?")
_ONSET_ONLY = re.compile(rf"(?:{_ONSETS})")
_STOP_CODA = re.compile(r"(?:c|ch|p|t)$")

# Gazette page furniture: "CÔNG BÁO/Số 281/Ngày 21-05-2026" or "CÔNG BÁO/Số 529 + 530/Ngày …"
# (page header), the page number on its own line before or after it, and the digital-signature
# stamp printed on the first page ("Ký bởi: …" or "Người ký: …", then its Email, Cơ quan, time lines).
_GAZETTE = re.compile(
    r"(?m)^(?:[ \t]*\d{1,4}[ \t]*\n)?[ \t]*CÔNG BÁO/Số \d+(?:[ \t]*\+[ \t]*\d+)*/Ngày \d{1,2}-\d{1,2}-\d{4}[ \t]*\n(?:[ \t]*\d{1,4}[ \t]*\n)?(?:[ \t]*\n)*"
    r"|^[ \t]*(?:Ký bởi|Người ký):[^\n]*\n(?:[ \t]*(?:Cơ quan|Ngày ký|Email|Thời gian ký):[^\n]*\n)*(?:[ \t]*\n)*")
# A digit split off a date by conversion: "tháng 0 6 năm 2018".
_SPLIT_DATE_DIGIT = re.compile(r"\b(ngày|tháng) (\d) (?=\d\b)", re.IGNORECASE)
# NUL and the other C0/C1 control characters a text never means (tab, line feed, carriage
# return and form feed stay): stray bytes of binary tools, never stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BOLD = re.compile(r"\*\*|__")
_WORD_SEG = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")
# A line wrapped in the middle of a sentence: the next line goes on in lower case.
_WRAP = re.compile(r"(?<=[^\W\d_,])[ \t]*\n(?=[ \t]*[a-zà-ỹđ])(?![ \t]*[a-zđ][).][ \t])")


def clean(text: str) -> str:
    """Apply every repair; the result (NFC, without control characters) is what gets stored
    and indexed."""
    text = _GAZETTE.sub("", CONTROL.sub("", text))
    text = _SPLIT_DATE_DIGIT.sub(r"\1 \2", text)
    text = _BOLD.sub(lambda m: " " * len(m.group(0)), text)
    text = _WORD_SEG.sub(" ", text)
    text = _WRAP.sub(lambda m: " " * len(m.group(0)), text)
    text = join_split_syllables(text)
    # joining fragments can put a lone combining mark after its letter again
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def _tone(s: str) -> str:
    """The tone of a syllable: 'sac', 'nang' … or '' (level)."""
    marks = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
    for ch in unicodedata.normalize("NFD", s):
        if ch in marks:
            return marks[ch]
    return ""


@lru_cache(maxsize=65536)
def _base(s: str) -> str:
    """Lower case without tone marks but keeping vowel quality (ă â ê ô ơ ư đ)."""
    out = []
    for ch in unicodedata.normalize("NFD", s.lower()):
        if ch in "\u0301\u0300\u0309\u0303\u0323":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=65536)
def is_syllable(s: str) -> bool:
    b = _base(s)
    if not _SYLLABLE.fullmatch(b):
        return False
    # Syllables closed by c/ch/p/t take only the sắc or nặng tone.
    return not (_STOP_CODA.search(b) and _tone(s) not in ("sac", "nang"))


@lru_cache(maxsize=65536)
def _has_vowel(s: str) -> bool:
    return any(ch in _VOWELS for ch in _base(s))


@lru_cache(maxsize=65536)
def _onset(s: str) -> bool:
    """Letters that cannot stand alone: an onset without its vowel ('Qu', 'tr', 'C')."""
    return len(s) <= 3 and (not _has_vowel(s) or bool(_ONSET_ONLY.fullmatch(_base(s))))


def _fragment(s: str) -> bool:
    """An onset or coda split off its syllable, but not an abbreviation such as 'UBND'."""
    return _onset(s) and not (len(s) > 1 and s.isupper())


def _mergeable(a: str, b: str) -> bool:
    ab = a + b
    if _fragment(a) and b[:1].islower():
        return is_syllable(ab) or bool(_ONSET_ONLY.fullmatch(_base(ab)))
    if not _has_vowel(b) and b.islower() and _has_vowel(a):
        return is_syllable(ab)
    if a.isupper() and b.isupper() and len(a) <= 2 and not _has_vowel(a):
        return is_syllable(ab) or bool(_ONSET_ONLY.fullmatch(_base(ab)))  # "B AN", "C H Í"
    return False


_RUN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)+")


def join_split_syllables(text: str) -> str:
    """'Qu ả ng Ngãi' → 'Quảng Ngãi', 'T hủ tướ ng' → 'Thủ tướng'; whole words untouched."""
    def fix(m: re.Match) -> str:
        words = m.group(0).split(" ")
        out = [words[0]]
        for i, w in enumerate(words[1:], 1):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt and _fragment(w) and _base(nxt[:1]) in _VOWELS and _has_vowel(out[-1]):
                out.append(w)  # "c ontainer": the fragment opens the next word
            elif (len(out[-1]) <= 3 or len(w) <= 3) and _mergeable(out[-1], w):
                out[-1] += w
            else:
                out.append(w)
        return " ".join(out)

    return _RUN.sub(fix, text)
