"""The components checklist: catalogue papers of the chosen set and what the applicant gave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from motcua.catalog.models import Component
from motcua.core.errors import DomainError
from motcua.core.text import clean
from motcua.dossiers.models import Dossier, DossierComponent


@dataclass(frozen=True)
class ComponentInput:
    """One catalogue component as checked at the desk (or declared by an online submission)."""

    component_id: int
    is_provided: bool = True
    is_reused: bool = False
    is_digitized: bool = False
    note: str = ""


def build_checklist(
    catalogue: Sequence[Component], inputs: Sequence[ComponentInput]
) -> tuple[list[DossierComponent], list[str]]:
    """The checklist lines of the catalogue's papers, and the names of missing required ones."""
    given = {item.component_id: item for item in inputs}
    if len(given) != len(inputs):
        raise DomainError("Một thành phần hồ sơ được khai hai lần.")
    unknown = set(given) - {c.pk for c in catalogue}
    if unknown:
        listed = ", ".join(str(pk) for pk in sorted(unknown))
        raise DomainError(f"Thành phần hồ sơ không có trong danh mục của thủ tục: {listed}.")
    lines: list[DossierComponent] = []
    missing: list[str] = []
    for component in catalogue:
        item = given.get(component.pk)
        provided = item is not None and (item.is_provided or item.is_reused)
        lines.append(
            DossierComponent(
                component=component,
                position=component.position,
                name=component.name,
                is_required=component.is_required,
                original_qty=component.original_qty,
                copy_qty=component.copy_qty,
                is_provided=provided,
                is_reused=bool(item and item.is_reused),
                is_digitized=bool(item and (item.is_digitized or item.is_reused)),
                note=clean(item.note)[:300] if item else "",
            )
        )
        if component.is_required and not provided:
            missing.append(component.name)
    return lines, missing


def update_checklist(dossier: Dossier, components: Sequence[ComponentInput]) -> list[str]:
    """Apply the officer's (or applicant's) check; return the names of missing required papers."""
    lines = {line.component_id: line for line in dossier.components.all()}
    given = {item.component_id: item for item in components}
    unknown = set(given) - set(lines)
    if unknown:
        listed = ", ".join(str(pk) for pk in sorted(unknown))
        raise DomainError(f"Thành phần hồ sơ không có trong danh mục của hồ sơ: {listed}.")
    changed = []
    for component_id, item in given.items():
        line = lines[component_id]
        line.is_provided = item.is_provided or item.is_reused
        line.is_reused = item.is_reused
        line.is_digitized = item.is_digitized or item.is_reused
        if item.note:
            line.note = clean(item.note)[:300]
        changed.append(line)
    if changed:
        DossierComponent.objects.bulk_update(
            changed, ["is_provided", "is_reused", "is_digitized", "note"]
        )
    return [line.name for line in lines.values() if line.is_required and not line.is_provided]


def checklist_flags(dossier: Dossier) -> dict[str, Any]:
    """The report flags that follow from the checklist (digitized, reused component count)."""
    lines = list(dossier.components.all())
    return {
        "digitized": any(line.is_digitized for line in lines),
        "reused_component_count": sum(1 for line in lines if line.is_reused),
    }
