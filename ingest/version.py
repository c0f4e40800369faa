"""The extractor's version: package version plus a digest of the code, tables and vocabulary.

Stored on every ingest run (cdo:toolVersion), so a batch ingest can skip a document only
when both its bytes and the extractor that read it are unchanged.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

_ROOTS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "ontology")


def _digest() -> str:
    h = hashlib.sha256()
    for root in _ROOTS:
        for f in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json", ".ttl", ".jsonl")):
            h.update(f.relative_to(root.parent).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _package_version() -> str:
    try:
        return metadata.version("chidao")
    except metadata.PackageNotFoundError:
        return "0+unknown"


TOOL_VERSION = f"chidao-ingest {_package_version()} ({_digest()})"
