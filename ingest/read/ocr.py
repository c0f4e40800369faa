"""Scanned PDFs (pages that are only images) read by OCR, when asked for (`--ocr`): poppler's
pdftoppm renders each page, Tesseract with its Vietnamese model reads it. OCR guesses, so a
text read this way always carries a warning saying so."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.read.errors import ReadError

_DPI = 300
_SECONDS_A_PAGE = 120
_MISSING = "cannot OCR: {} is not installed (make system-deps installs tesseract-ocr, tesseract-ocr-vie and poppler-utils)"


def _tools() -> tuple[str, str]:
    pdftoppm, tesseract = shutil.which("pdftoppm"), shutil.which("tesseract")
    if not pdftoppm:
        raise ReadError(_MISSING.format("pdftoppm"))
    if not tesseract:
        raise ReadError(_MISSING.format("tesseract"))
    langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False).stdout.split()
    if "vie" not in langs:
        raise ReadError(_MISSING.format("Tesseract's Vietnamese model"))
    return pdftoppm, tesseract


def _run(command: list[str], what: str, seconds: int) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired as e:
        raise ReadError(f"OCR gave up: {what} took over {seconds} s") from e
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ReadError(f"OCR failed: {what}" + (f" ({reason[-1]})" if reason else ""))
    return done


def pdf_ocr(data: bytes, pages: int, max_pages: int) -> tuple[str, list[str]]:
    """The text of every page of a scanned PDF of `pages` pages, and the warning that it is
    OCR. Pages are rendered and read one at a time (one page image on disk at once)."""
    if pages > max_pages:
        raise ReadError(f"scanned PDF of {pages} page(s): over the OCR limit of {max_pages} pages")
    pdftoppm, tesseract = _tools()
    texts = []
    with tempfile.TemporaryDirectory(prefix="chidao-ocr-") as tmp:
        pdf, image = Path(tmp) / "scan.pdf", Path(tmp) / "page"
        pdf.write_bytes(data)
        for n in range(1, pages + 1):
            _run([pdftoppm, "-r", str(_DPI), "-gray", "-png", "-singlefile", "-f", str(n), "-l", str(n), str(pdf), str(image)],
                 f"rendering page {n}", _SECONDS_A_PAGE)
            done = _run([tesseract, f"{image}.png", "stdout", "-l", "vie"], f"reading page {n}", _SECONDS_A_PAGE)
            texts.append(done.stdout.decode("utf-8", errors="replace"))
    return "\n".join(texts), [f"text read by OCR (Tesseract, Vietnamese) from {len(texts)} scanned page(s): "
                              "check names and numbers against the original"]
