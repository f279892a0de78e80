import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.services import transfer
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.workflow.models import StepTask
from motcua.workflow.selectors import Urgency, delay_attribution, inbox, inbox_page, urgency
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


def test_whole_codes_and_id_numbers_are_found_exactly(started, specialist):
    an = started("Nguyễn Văn Ân", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    binh = started("Trần Thị Bình", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    assert [t.dossier for t in inbox(officer=specialist, query=an.code)] == [an]
    assert [t.dossier for t in inbox(officer=specialist, query=an.code.lower())] == [an]
    assert [t.dossier for t in inbox(officer=specialist, code=binh.code)] == [binh]
    spaced = " ".join([binh.applicant_id_no[:6], binh.applicant_id_no[6:]])
    assert [t.dossier for t in inbox(officer=specialist, query=spaced)] == [binh]
    # A fragment of a code, typed in small letters, still finds it.
    fragment = an.code[-11:].lower()
    assert an in [t.dossier for t in inbox(officer=specialist, query=fragment)]
    assert [t.dossier for t in inbox(officer=specialist, code=an.code[3:].lower())] == [an]


def test_search_finds_procedure_names_whatever_the_diacritics(started, specialist, procedure):
    started("Nguyễn Văn Ân", dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN))
    version = procedure.current_version
    word = version.name_folded.split()[-1]
    assert len(inbox(officer=specialist, query=word.upper())) == 1
    assert list(inbox(officer=specialist, query="khong co thu tuc nao nhu the nay")) == []
    assert len(inbox(officer=specialist, procedure_code=procedure.code)) == 1
    assert list(inbox(officer=specialist, procedure_code="9.999999")) == []


def test_pages_read_one_row_more_and_never_count(
    started, specialist, django_assert_max_num_queries
):
    for day in range(3):
        started(f"Người nộp {day}", dt.datetime(2023, 11, 6 + day, 17, 0, tzinfo=VN))
    tasks = inbox(officer=specialist)
    with CaptureQueriesContext(connection) as queries:
        first = inbox_page(tasks, number=1, size=2)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert len(queries.captured_queries) == 2  # the page's ids, then those rows with their dossier
    assert (first.first, first.last, first.has_next, first.has_previous) == (1, 2, True, False)
    second = inbox_page(tasks, number=2, size=2)
    assert (second.first, second.last, second.has_next, second.has_previous) == (3, 3, False, True)
    order = [row.task.pk for row in (*first.rows, *second.rows)]
    assert order == [task.pk for task in tasks]
    with django_assert_max_num_queries(0):
        for row in (*first.rows, *second.rows):
            str(row.task.dossier.applicant_name)
            str(row.task.dossier.procedure_version.name)
            str(row.task.step.name)
    assert inbox_page(tasks, number=3, size=2).rows == ()
