"""Which part of the agency tree an officer oversees.

Officers who oversee work read the dossiers and statistics of agencies other than their own:

- administrators: every agency;
- supervisors (giám sát): the whole administration of their level — a supervisor at a provincial
  body (the provincial centre) oversees the province, a supervisor at a commune centre the
  commune and everything under it;
- leaders and heads of unit: their own agency and the agencies under it;
- counter officers and specialists: only their own agency's work (no oversight).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from motcua.agencies.models import Agency, Officer, Role

OVERSIGHT_ROLES: Final = (Role.SUPERVISOR, Role.LEADER, Role.HEAD_OF_UNIT, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Oversight:
    """What an officer oversees: nothing, everything (`everything`), or `root` and its subtree."""

    everything: bool
    root: Agency | None

    @property
    def any(self) -> bool:
        """Whether the officer oversees any agency at all."""
        return self.everything or self.root is not None


NOTHING: Final = Oversight(everything=False, root=None)
EVERYTHING: Final = Oversight(everything=True, root=None)


def ancestors(agency: Agency) -> list[Agency]:
    """The agency's chain of parents, nearest first (a cycle in bad data stops the walk)."""
    chain: list[Agency] = []
    seen = {agency.pk}
    parent_id = agency.parent_id
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        parent = Agency.objects.filter(pk=parent_id).first()
        if parent is None:
            break
        chain.append(parent)
        parent_id = parent.parent_id
    return chain


def level_root(agency: Agency) -> Agency:
    """The highest agency above `agency` at the same level (province or commune)."""
    root = agency
    for parent in ancestors(agency):
        if parent.level != agency.level:
            break
        root = parent
    return root


def oversight_of(officer: Officer) -> Oversight:
    """The part of the agency tree `officer` oversees (see the module's rules)."""
    roles = officer.roles
    if Role.ADMINISTRATOR in roles:
        return EVERYTHING
    if Role.SUPERVISOR in roles:
        root = level_root(officer.agency)
        return EVERYTHING if root.parent_id is None else Oversight(everything=False, root=root)
    if roles & {Role.LEADER, Role.HEAD_OF_UNIT}:
        return Oversight(everything=False, root=officer.agency)
    return NOTHING


def oversees(officer: Officer, agency_id: int | None) -> bool:
    """Whether `officer` oversees the agency `agency_id` (itself or one under its root)."""
    oversight = oversight_of(officer)
    if oversight.everything:
        return True
    if oversight.root is None or agency_id is None:
        return False
    if agency_id == oversight.root.pk:
        return True
    agency = Agency.objects.filter(pk=agency_id).first()
    return agency is not None and any(a.pk == oversight.root.pk for a in ancestors(agency))
