"""Size limits checked before a file is read, so a huge or hostile file is refused at once
with a reason instead of taking minutes or all the memory."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ingest.read.errors import ReadError

MB = 1 << 20
PACKED = (".docx", ".doc", ".pdf")  # formats whose file holds more than its text (images, fonts)


def size(n: float) -> str:
    """A size as people read it: '1.5 GB', '100 MB', '900 KB'."""
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.3g} GB"
    return f"{n / MB:.3g} MB" if n >= MB / 10 else f"{n / 1024:.3g} KB"


@dataclass(frozen=True)
class Limits:
    text_bytes: int = 20 * MB  # a text file (.txt .md .html), and the text read from any file
    packed_bytes: int = 100 * MB  # a .docx, .doc or .pdf file
    unpacked_bytes: int = 200 * MB  # everything a .docx unpacks to
    zip_members: int = 10_000  # files inside a .docx
    ocr_pages: int = 100  # pages of one scanned PDF read by OCR (~5 s a page)

    def check_file(self, nbytes: int, suffix: str) -> None:
        """Refuse a file by its size alone (before reading it)."""
        limit = self.packed_bytes if suffix in PACKED else self.text_bytes
        if nbytes > limit:
            raise ReadError(f"file too large: {size(nbytes)}, the limit for {suffix or 'text'} files is {size(limit)}")

    def check_text(self, text: str) -> None:
        if len(text) > self.text_bytes:
            raise ReadError(f"text too large: {len(text):,} characters, the limit is {self.text_bytes:,}")

    def check_zip(self, data: bytes) -> None:
        """A .docx is a zip: refuse it when its members would unpack to more than the limit
        (a zip bomb), from the sizes its directory declares. zipfile never inflates a member
        past its declared size, so the check bounds what reading it can take. The member
        count is read first from the end record, before zipfile lists them all in memory."""
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
        if end >= 0 and end + 12 <= len(data) and int.from_bytes(data[end + 10:end + 12], "little") > self.zip_members:
            raise ReadError(f"refused: the .docx has more than {self.zip_members:,} members (a Word file has a few dozen)")
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as e:
            raise ReadError(f"not a readable .docx file ({type(e).__name__})") from e
        if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
            raise ReadError("refused: a .docx member is compressed with a method Word does not use")
        total = sum(m.file_size for m in members)
        if total > self.unpacked_bytes:
            raise ReadError(f"refused: the .docx unpacks to {size(total)}, over the limit of {size(self.unpacked_bytes)} (a zip bomb?)")
