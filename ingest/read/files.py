"""Bytes → stored text, for .txt, .md, .docx and .pdf (with a text layer).

A file that cannot be read raises ReadError with the reason shown to the user (empty, binary,
not UTF-8, scanned PDF without text, damaged file). The stored text is the cleaned text
(ingest/clean.py): provenance offsets index it; the original is named by file name and sha256.
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from ingest.model import SourceText
from ingest.read.clean import clean
from ingest.tables.text import normalize, slug

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
SUPPORTED_SUFFIXES = tuple(MEDIA_TYPES)
_MIN_LETTERS = 20  # fewer letters than this in a PDF means no usable text layer


class ReadError(Exception):
    """The file is not a readable document; the message says why (shown to the user)."""


def doc_id_for(path: Path) -> str:
    """Stable id from the file name, so re-ingesting a file replaces its graph."""
    return slug(path.stem) or hashlib.sha1(str(path).encode()).hexdigest()[:12]


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(f"damaged UTF-16 text at byte {e.start}") from e
    if b"\x00" in data[:4096]:
        raise ReadError("binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReadError(f"not valid UTF-8 text (byte {e.start}); re-save the file as UTF-8") from e


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in document order; a table row becomes '| a | b |' like markdown."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # zipfile/lxml errors: not a Word document
        raise ReadError(f"not a readable .docx file ({type(e).__name__})") from e
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text layer of every page; a PDF of scanned images has none and is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as e:
                raise ReadError("encrypted PDF") from e
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})") from e
    text = "\n".join(pages)
    if len(re.findall(r"[^\W\d_]", text)) < _MIN_LETTERS:
        raise ReadError(f"PDF has no text layer ({len(pages)} page(s), scanned images?); run OCR first")
    return text


def read_path(path: Path) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot open: {e.strerror or e}") from e
    return read_bytes(data, path.name, doc_id_for(path))


def read_bytes(data: bytes, name: str, doc_id: str) -> SourceText:
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise ReadError("empty file")
    if suffix == ".docx":
        raw = docx_text(data)
    elif suffix == ".pdf":
        raw = pdf_text(data)
    else:
        raw = decode(data, name)
    text = clean(normalize(raw))
    if not re.search(r"[^\W\d_]", text):
        raise ReadError("no text")
    return SourceText(doc_id=doc_id, text=text, source_name=name,
                      sha256=hashlib.sha256(data).hexdigest(),
                      media_type=MEDIA_TYPES.get(suffix, "text/plain"))
