"""Office formats → raw text: .docx (python-docx), .pdf with a text layer (pypdf) and Word
97–2003 .doc (Debian's antiword). Each returns the text and the warnings met reading it."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
import subprocess
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator

from ingest.read import legacy
from ingest.read.errors import ReadError
from ingest.read.limits import Limits

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of Word 97–2003 files (and of password-protected .docx)
_MIN_LETTERS = 20  # fewer letters than this in a PDF means no usable text layer
_ANTIWORD_SECONDS = 120
_PYPDF_SHOWN = 10  # a damaged PDF can make pypdf complain once per object


def word_text(data: bytes, suffix: str, limits: Limits) -> tuple[str, list[str]]:
    """A Word file read by what its bytes are, not its name: a .docx renamed .doc, or a .doc
    renamed .docx, is common in offices' folders."""
    if suffix == ".docx" and data.startswith(OLE2):
        try:
            return doc_text(data), ["a Word 97–2003 .doc file named .docx: read as .doc"]
        except ReadError as e:
            raise ReadError("not a readable .docx: an OLE2 file (password-protected, or an old .doc renamed) "
                            f"that antiword cannot read ({e})") from e
    if suffix == ".doc" and data.startswith(b"PK\x03\x04"):
        text, warnings = docx_text(data, limits)
        return text, ["a .docx file named .doc: read as .docx", *warnings]
    return docx_text(data, limits) if suffix == ".docx" else (doc_text(data), [])


def docx_text(data: bytes, limits: Limits) -> tuple[str, list[str]]:
    """Paragraphs and tables in document order; a table row becomes '| a | b |' like markdown.
    The zip's declared sizes are checked first (a .docx that unpacks to gigabytes is refused).
    Runs in a TCVN3 or VNI font (by the font's name) are converted to Unicode."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    limits.check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # zipfile/lxml errors: not a Word document
        raise ReadError(f"not a readable .docx file ({type(e).__name__})") from e
    converted: Counter[str] = Counter()
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_text(Paragraph(block, document), converted))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    text = " ".join(t for t in (_paragraph_text(p, converted).strip() for p in cell.paragraphs) if t)
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines), [f"{n} run(s) in {legacy.NAMES[enc]} converted to Unicode"
                              for enc, n in sorted(converted.items())]


def _paragraph_text(paragraph, converted: Counter[str]) -> str:
    """A paragraph's text run by run (as python-docx's Paragraph.text), each run in a legacy
    font converted: the font's name says its encoding, and .VnTimeH-like fonts show capitals."""
    from docx.text.run import Run

    style, style_font = paragraph.style, None
    while style is not None and style_font is None:
        style_font, style = style.font.name, style.base_style
    parts = []
    for r in paragraph._p.xpath("w:r | w:hyperlink/w:r"):
        text, font = r.text, Run(r, paragraph).font.name or style_font
        legacy_font = legacy.font_encoding(font) if font and text else None
        if legacy_font:
            encoding, upper = legacy_font
            text = legacy.from_glyphs(text, encoding)
            text = text.upper() if upper else text
            converted[encoding] += 1
        parts.append(text)
    return "".join(parts)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """pypdf's logged warnings and Python warnings while reading one PDF, kept for that file's
    report instead of printed on stderr without the file's name."""
    logger, handler = logging.getLogger("pypdf"), _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
        handler.messages.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class NoTextLayer(ReadError):
    """A PDF of scanned pages: only OCR can read it."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"PDF has no text layer ({pages} page(s), scanned images?); read it with --ocr")
        self.pages = pages


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """The text layer of every page; a PDF of scanned images has none and is refused, and so
    is one encrypted with a password (pypdf would fail later with FileNotDecryptedError)."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    with _pypdf_warnings() as messages:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (PyPdfError, DependencyError, NotImplementedError) as e:  # e.g. AES without `cryptography`
                    raise ReadError(f"encrypted PDF ({e})") from e
                if opened == PasswordType.NOT_DECRYPTED:
                    raise ReadError("encrypted PDF: it needs a password to open")
            pages = [page.extract_text() or "" for page in reader.pages]
        except ReadError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError) as e:
            raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})") from e
    text = "\n".join(pages)
    if len(re.findall(r"[^\W\d_]", text)) < _MIN_LETTERS:
        raise NoTextLayer(len(pages))
    unique = list(dict.fromkeys(messages))
    more = [f"pypdf: {len(unique) - _PYPDF_SHOWN} more warning(s)"] if len(unique) > _PYPDF_SHOWN else []
    return text, [f"pypdf: {m}" for m in unique[:_PYPDF_SHOWN]] + more


def doc_text(data: bytes) -> str:
    """Word 97–2003 text through antiword, asked for UTF-8 (its default output is Latin-1)."""
    antiword = shutil.which("antiword")
    if antiword is None:
        raise ReadError("cannot read .doc: the converter antiword is not installed (make system-deps installs it)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as f:
        f.write(data)
        f.flush()
        try:
            done = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", f.name], capture_output=True,
                                  timeout=_ANTIWORD_SECONDS, check=False)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"not a readable .doc file (antiword took over {_ANTIWORD_SECONDS} s)") from e
    if done.returncode != 0:  # antiword's reason names the temporary file: say "the file"
        reason = done.stderr.decode("utf-8", errors="replace").replace(f.name, "the file").strip().splitlines()
        raise ReadError("not a readable .doc file" + (f" ({reason[-1]})" if reason else ""))
    return done.stdout.decode("utf-8", errors="replace")
