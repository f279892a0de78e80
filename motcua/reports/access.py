"""Who may read statistics and the dossiers behind them, and over which agencies.

Figures are public (the transparency page), but the lists behind them name applicants, so the
back-office statistics pages are for the officers who oversee work, each over their own part of
the agency tree:

- administrators: every agency;
- supervisors (giám sát): the whole administration of their level — a supervisor at a provincial
  body (the provincial centre) oversees the province, a supervisor at a commune centre the
  commune and everything under it;
- leaders and heads of unit: their own agency and the agencies under it;
- counter officers and specialists: no statistics pages (their own lists serve them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from motcua.agencies.models import Agency, Officer
from motcua.agencies.oversight import OVERSIGHT_ROLES, oversight_of
from motcua.core.errors import PermissionDeniedError
from motcua.reports.selectors import agency_scope

STATISTICS_ROLES: Final = OVERSIGHT_ROLES


@dataclass(frozen=True)
class StatisticsScope:
    """The agencies an officer may read statistics of: `root` and everything under it.

    `root` None means every agency (`agency_ids` is then None too).
    """

    root: Agency | None
    agency_ids: frozenset[int] | None

    def covers(self, agency: Agency | None) -> bool:
        """Whether the report of `agency` (None: every agency) stays inside the scope."""
        if self.agency_ids is None:
            return True
        return agency is not None and agency.pk in self.agency_ids

    def narrow(self, agency: Agency | None) -> Agency | None:
        """The agency a request should report on: the one asked for, or the scope's root.

        Raises PermissionDeniedError when the agency asked for lies outside the scope.
        """
        if agency is None:
            return self.root
        if not self.covers(agency):
            raise PermissionDeniedError(
                f"Bạn không được xem số liệu của {agency.name} ({agency.code})."
            )
        return agency


def statistics_scope(officer: Officer) -> StatisticsScope:
    """The part of the agency tree whose statistics and dossier lists `officer` may read.

    Raises PermissionDeniedError for officers without a role that oversees work.
    """
    oversight = oversight_of(officer)
    if oversight.everything:
        return StatisticsScope(None, None)
    if oversight.root is None:
        needed = ", ".join(str(role.label) for role in STATISTICS_ROLES)
        raise PermissionDeniedError(f"Cần một trong các vai trò: {needed}.")
    ids = agency_scope(oversight.root)
    return StatisticsScope(oversight.root, frozenset(ids or ()))
