"""The catalogue's search index: the words of each version's folded name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.db import transaction

from motcua.catalog.models import ProcedureVersion, ProcedureVersionWord
from motcua.catalog.words import words_of

_BATCH: Final = 5000


@transaction.atomic
def index_version_words(versions: Iterable[ProcedureVersion]) -> int:
    """Store the words of these versions' folded names; returns how many rows were written.

    Safe to run twice (words already stored are skipped). Versions are never edited, so a
    version's words are written once, when it is created.
    """
    rows = [
        ProcedureVersionWord(version_id=version.pk, word=word)
        for version in versions
        for word in words_of(version.name_folded)
    ]
    ProcedureVersionWord.objects.bulk_create(rows, batch_size=_BATCH, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def index_unindexed_versions() -> int:
    """Index every version that has no words yet; returns how many versions were indexed.

    For versions written outside the catalogue services (placeholders of the dossier history
    import, rows loaded by hand): until indexed, a version cannot be found by name.
    """
    versions = list(ProcedureVersion.objects.filter(words__isnull=True).only("pk", "name_folded"))
    index_version_words(versions)
    return len(versions)
