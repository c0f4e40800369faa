"""Bytes → stored text, for .txt, .md, .html, .docx, .doc and .pdf (with a text layer).

A file that cannot be read raises ReadError with the reason shown to the user (empty, binary,
too large, scanned PDF without text, encrypted or damaged file). What was repaired or guessed
on the way (damaged bytes replaced, a legacy encoding converted, control characters removed,
pypdf's complaints) is kept as the document's warnings. The stored text is the cleaned text
(clean.py): provenance offsets index it; the original is named by file name and sha256.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ingest.model import SourceText
from ingest.read import encodings, formats, ocr
from ingest.read.clean import CONTROL, clean
from ingest.read.errors import ReadError
from ingest.read.limits import Limits
from ingest.read.webpage import html_text
from ingest.tables.text import normalize, slug

__all__ = ["MEDIA_TYPES", "SUPPORTED_SUFFIXES", "Limits", "ReadError", "doc_id_for", "read_bytes", "read_path"]

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".pdf": "application/pdf",
}
SUPPORTED_SUFFIXES = tuple(MEDIA_TYPES)


def doc_id_for(path: Path) -> str:
    """Stable id from the file name, so re-ingesting a file replaces its graph."""
    return slug(path.stem) or hashlib.sha1(str(path).encode()).hexdigest()[:12]


def refuse_folder(path: Path) -> None:
    """A folder given where a document is expected (or one a folder walk could not list) is
    refused with what is wrong with it."""
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as e:
            raise ReadError(f"cannot read folder: {e.strerror or e}") from e
        raise ReadError("a folder, not a document")


def read_path(path: Path, limits: Limits = Limits(), *, ocr_scans: bool = False) -> SourceText:
    """Read a file, refusing it by its size before reading it."""
    path = Path(path)
    refuse_folder(path)
    try:
        limits.check_file(path.stat().st_size, path.suffix.lower())
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot open: {e.strerror or e}") from e
    return read_bytes(data, path.name, doc_id_for(path), limits, ocr_scans=ocr_scans)


def _raw_text(data: bytes, suffix: str, limits: Limits, ocr_scans: bool) -> tuple[str, list[str]]:
    """The text in the file's format, and the warnings met reading it. Text that came through
    a font (office files, PDF, web pages) may be in TCVN3 or VNI glyphs; a plain text file's
    bytes are decoded as they are (valid UTF-8 is taken as written)."""
    if suffix in (".docx", ".doc"):
        text, warnings = formats.word_text(data, suffix, limits)
    elif suffix == ".pdf":
        try:
            text, warnings = formats.pdf_text(data)
        except formats.NoTextLayer as e:
            if not ocr_scans:
                raise
            text, warnings = ocr.pdf_ocr(data, e.pages, limits.ocr_pages)
    elif suffix in (".html", ".htm"):
        decoded = encodings.decode(data)
        text, warnings = html_text(decoded.text), list(decoded.warnings)
    else:
        decoded = encodings.decode(data)
        return decoded.text, list(decoded.warnings)
    text, glyph_warnings = encodings.legacy_glyphs(text)
    return text, warnings + list(glyph_warnings)


def read_bytes(data: bytes, name: str, doc_id: str, limits: Limits = Limits(), *, ocr_scans: bool = False) -> SourceText:
    """The stored text of a file's bytes; a PDF without a text layer is read by OCR only when
    `ocr_scans` (slow, and a guess)."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise ReadError("empty file")
    limits.check_file(len(data), suffix)
    raw, warnings = _raw_text(data, suffix, limits, ocr_scans)
    limits.check_text(raw)
    controls = len(CONTROL.findall(raw))
    if controls:
        warnings.append(f"{controls} NUL or other control character(s) removed")
    text = clean(normalize(raw))
    if not re.search(r"[^\W\d_]", text):
        raise ReadError("no text")
    return SourceText(doc_id=doc_id, text=text, source_name=name,
                      sha256=hashlib.sha256(data).hexdigest(),
                      media_type=MEDIA_TYPES.get(suffix, "text/plain"), warnings=tuple(warnings))
