"""Vietnamese text helpers: folding for diacritic-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace.

    "Giấy phép  Lao động" → "giay phep lao dong". Used for search columns and queries alike,
    so both sides are folded by the same function.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def clean(text: object) -> str:
    """Normalise a free-text value from outside: NFC, trimmed, inner whitespace collapsed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return _SPACES.sub(" ", value).strip()
