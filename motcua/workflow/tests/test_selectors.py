import datetime as dt

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.services import transfer
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.workflow.models import StepTask
from motcua.workflow.selectors import Urgency, delay_attribution, inbox, urgency
from motcua.workflow.services import pass_task

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(clock, centre, department, procedure, desk_officer):
    def start(name: str, due: dt.datetime):
        dossier = DossierFactory(
            procedure=procedure,
            receiving_agency=centre,
            competent_agency=department,
            applicant=ApplicantFactory(name=name),
            due_at=due,
        )
        transfer(dossier=dossier, by=desk_officer)
        return dossier

    return start


def test_the_inbox_lists_my_role_and_unit_most_urgent_first(started, specialist, head, department):
    later = started("Trần Thị Bình", dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN))
    sooner = started("Nguyễn Văn Ân", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    assert [t.dossier for t in inbox(officer=specialist)] == [sooner, later]
    assert list(inbox(officer=head)) == []
    other_unit = OfficerFactory(roles=[Role.SPECIALIST])
    assert list(inbox(officer=other_unit)) == []


def test_search_ignores_diacritics_and_filters_narrow(started, specialist):
    an = started("Nguyễn Văn Ân", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    started("Trần Thị Bình", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    assert [t.dossier for t in inbox(officer=specialist, query="nguyen van an")] == [an]
    assert [t.dossier for t in inbox(officer=specialist, applicant="NGUYỄN")] == [an]
    assert [t.dossier for t in inbox(officer=specialist, code=an.code)] == [an]
    assert list(inbox(officer=specialist, status=Status.SUPPLEMENT_REQUESTED)) == []


def test_urgency_marks(clock):
    now = clock.now
    assert urgency(now - dt.timedelta(minutes=1)) == Urgency.OVERDUE
    assert urgency(now + dt.timedelta(hours=2)) == Urgency.DUE_SOON
    assert urgency(now + dt.timedelta(days=3)) == Urgency.ON_TIME


def test_delay_is_attributed_to_the_step_that_overran(clock, started, specialist, department):
    dossier = started("Lê Văn Cường", dt.datetime(2023, 10, 30, 17, 0, tzinfo=VN))
    clock.set(dt.datetime(2023, 11, 2, 9, 32, tzinfo=VN))
    pass_task(task=StepTask.objects.open().get(dossier=dossier), by=specialist)
    found = delay_attribution()
    assert [d.dossier_id for d in found] == [dossier.pk]
    blamed = found[0].steps[0]
    assert blamed.task.agency == department
    assert blamed.lost > dt.timedelta(0)
    assert delay_attribution(agency=OfficerFactory().agency) == []
