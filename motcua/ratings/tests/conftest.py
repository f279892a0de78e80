"""Fixtures of the rating tests: a desk, a citizen, and dossiers of theirs with a result."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Officer, Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.catalog.models import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.ratings.services import RatingInput

ALL_GOOD = {
    "time_to_result": 2,
    "bodies_contacted": 2,
    "desk_contacts": 2,
    "published_info": 2,
    "staff_attitude": 2,
    "legality_and_costs": 2,
    "feedback_answers": None,
}


def answers(
    verdict: str = "very_satisfied", revision: int = 0, **scores: int | None
) -> RatingInput:
    """A complete set of answers for a counter dossier, with some scores overridden."""
    return RatingInput(
        scores={**ALL_GOOD, **scores}, verdict=verdict, comment="", expected_revision=revision
    )


@pytest.fixture
def centre() -> Agency:
    return AgencyFactory(code="000.00.17.H22", centre=True)


@pytest.fixture
def desk(centre: Agency) -> Officer:
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER], counter_number=3)


@pytest.fixture
def citizen() -> User:
    return UserFactory(username="congdan", full_name="Nguyễn Văn An")


@pytest.fixture
def returned(centre: Agency, desk: Officer, citizen: User) -> Dossier:
    """A counter dossier of the citizen's, result returned just now."""
    return DossierFactory(
        receiving_agency=centre,
        status=Status.RETURNED,
        returned_at=timezone.now(),
        finished_at=timezone.now(),
        owner=citizen,
        received_by=desk,
    )


@pytest.fixture
def online_ready(centre: Agency, citizen: User) -> Dossier:
    """An online dossier of the citizen's whose result is ready, not yet collected."""
    return DossierFactory(
        receiving_agency=centre,
        channel=Channel.ONLINE,
        status=Status.RESULT_READY,
        finished_at=timezone.now(),
        owner=citizen,
    )
