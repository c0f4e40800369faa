"""Bytes → stored text. A file that cannot be read raises ReadError with the reason."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.model import SourceText
from ingest.text import normalize, slug


class ReadError(Exception):
    """The file is not a readable document; the message says why (shown to the user)."""


def doc_id_for(path: Path) -> str:
    """Stable id from the file name, so re-ingesting a file replaces its graph."""
    return slug(path.stem) or hashlib.sha1(str(path).encode()).hexdigest()[:12]


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary content, not text")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("not valid UTF-8 text (re-save the file as UTF-8)")


def read_path(path: Path) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot open: {e.strerror or e}") from e
    return read_bytes(data, path.name, doc_id_for(path))


def read_bytes(data: bytes, name: str, doc_id: str) -> SourceText:
    text = normalize(decode(data, name))
    if not text.strip():
        raise ReadError("no text")
    return SourceText(doc_id=doc_id, text=text, source_name=name,
                      sha256=hashlib.sha256(data).hexdigest())
