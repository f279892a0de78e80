"""Reading rendered PDFs back in tests."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The text of every page, NFC-normalised, with runs of whitespace collapsed to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_pages(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    """The document information dictionary (title, author...)."""
    meta = PdfReader(io.BytesIO(pdf)).metadata
    return {str(key): str(value) for key, value in (meta or {}).items()}
