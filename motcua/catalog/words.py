"""Words of folded text, as the catalogue search stores and matches them."""

from __future__ import annotations

import re
from typing import Final

# A word is a run of letters and digits: punctuation and underscores separate words alike in
# the names stored and in the queries typed.
WORD: Final = re.compile(r"[^\W_]+")
# Longer words are cut: a query is at most this long, so a cut word still matches every
# query word that begins it, and no index entry grows past what a btree accepts.
MAX_WORD_LENGTH: Final = 200


def words_of(folded: str) -> list[str]:
    """The distinct words of an already folded text, in order ("cap giay, giay" → cap, giay)."""
    words: list[str] = []
    for match in WORD.finditer(folded):
        word = match.group()[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words
