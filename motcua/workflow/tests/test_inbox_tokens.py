"""The inbox search words of open tasks (ADR 0018): kept in step by the services, and the search."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from motcua.agencies.models import Role
from motcua.agencies.services import succeed_agency
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.dossiers import services as dossier_services
from motcua.dossiers.services import provide_supplement, request_supplement, transfer
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.workflow import selectors
from motcua.workflow.models import InboxToken, StepTask, search_words
from motcua.workflow.selectors import inbox
from motcua.workflow.services import assign_task, claim_task, pass_task, send_back

from .conftest import VN

pytestmark = pytest.mark.django_db


def _open(dossier) -> StepTask:
    return StepTask.objects.open().select_related("step").get(dossier=dossier)


def _tokens() -> set[tuple[int, int, str, str]]:
    """Every stored token as (task, unit, role, word)."""
    return set(InboxToken.objects.values_list("task_id", "agency_id", "role", "token"))


def _expected() -> set[tuple[int, int, str, str]]:
    """What the open tasks' own copies say the tokens must be."""
    return {
        (task.pk, task.agency_id, task.role, word)
        for task in StepTask.objects.open()
        for word in search_words(task.applicant_folded, task.dossier_code)
    }


@pytest.fixture
def started(clock, received, desk_officer):
    received.applicant_name = "Nguyễn Thị Đào"
    received.save(update_fields=["applicant_name"])
    transfer(dossier=received, by=desk_officer)
    return received


def test_words_are_folded_runs_of_letters_and_digits():
    assert search_words("Nguyễn Thị Đào", "000.00.17.H22-250124-0007") == [
        "nguyen", "thi", "dao", "000", "00", "17", "h22", "250124", "0007",
    ]  # fmt: skip
    assert search_words("Công ty TNHH A.B.C", "") == ["cong", "ty", "tnhh", "a", "b", "c"]
    assert search_words("x" * 50) == ["x" * 40]


def test_an_opened_step_gets_the_words_of_its_applicant_and_code(started):
    task = _open(started)
    assert {t[3] for t in _tokens()} == set(search_words("nguyen thi dao", started.code))
    assert _tokens() == _expected()
    assert {(t[0], t[1], t[2]) for t in _tokens()} == {(task.pk, task.agency_id, task.role)}


def test_claim_assign_and_a_supplement_leave_the_words_alone(
    clock, started, specialist, head, department, desk_officer
):
    before = _tokens()
    claim_task(task=_open(started), by=specialist)
    colleague = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    assign_task(task=_open(started), by=head, to=colleague)
    request_supplement(dossier=started, by=colleague, missing=["Bản sao"], reason="Thiếu giấy tờ")
    clock.advance(days=2)
    provide_supplement(dossier=started, by=desk_officer)
    assert _tokens() == before


def test_passing_on_and_sending_back_move_the_words_to_the_open_step(
    clock, started, specialist, head, leader, desk_officer
):
    first = _open(started)
    pass_task(task=first, by=specialist)
    approve = _open(started)
    assert _tokens() == _expected()
    assert {t[0] for t in _tokens()} == {approve.pk}
    assert {t[2] for t in _tokens()} == {Role.HEAD_OF_UNIT}
    reopened = send_back(task=approve, by=head, reason="Thiếu căn cứ")
    assert {t[0] for t in _tokens()} == {reopened.pk}
    assert _tokens() == _expected()
    pass_task(task=reopened, by=specialist)
    pass_task(task=_open(started), by=head)
    pass_task(task=_open(started), by=leader)
    assert _tokens() == _expected()  # the desk's return step
    dossier_services.return_result(
        dossier=started, by=desk_officer, collected_by_name="Nguyễn Thị Đào"
    )
    assert not StepTask.objects.open().filter(dossier=started).exists()
    assert _tokens() == set()


def test_the_words_follow_their_unit_to_its_successor(clock, started, department):
    successor = AgencyFactory(code="000.00.14.H56", name="Sở Tư pháp (mới)")
    heir = OfficerFactory(agency=successor, roles=[Role.SPECIALIST])
    succeed_agency(agency=department, successor=successor, on=dt.date(2023, 11, 1))
    assert {t[1] for t in _tokens()} == {successor.pk}
    assert _tokens() == _expected()
    assert list(inbox(officer=heir, query="dao nguyen")) == [_open(started)]
    stayed = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    assert list(inbox(officer=stayed, query="dao")) == []


def test_the_migration_fills_the_words_of_open_steps_as_the_services_write_them(started):
    written = _tokens()
    InboxToken.objects.all().delete()
    migration = importlib.import_module("motcua.workflow.migrations.0005_inbox_tokens")
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.fill_tokens(apps, editor)
    assert _tokens() == written


# --- the search -----------------------------------------------------------------------------------


@pytest.fixture
def people(clock, centre, department, procedure, desk_officer):
    """Five open steps at the specialist's, due one day apart in this order."""
    found = {}
    for day, name in enumerate(
        ("Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Anh", "Nguyễn Thị Thu Hà", "Lê Đức An"),
        start=6,
    ):
        dossier = DossierFactory(
            procedure=procedure,
            receiving_agency=centre,
            competent_agency=department,
            applicant=ApplicantFactory(name=name),
            due_at=dt.datetime(2023, 11, day, 17, 0, tzinfo=VN),
        )
        transfer(dossier=dossier, by=desk_officer)
        found[name] = dossier
    return found


def _names(people, specialist, **filters) -> list[str]:
    by_id = {d.pk: name for name, d in people.items()}
    return [by_id[t.dossier_id] for t in inbox(officer=specialist, **filters)]


@pytest.fixture(params=["by_id", "walk"])
def path(request, monkeypatch):
    """Both ways the search answers: a few matches read by id, or looked for in due order."""
    if request.param == "walk":
        monkeypatch.setattr(selectors, "FEW_MATCHES", 0)
    return request.param


def test_search_words_ignore_diacritics_and_d_stroke(people, specialist, path):
    assert _names(people, specialist, query="dang") == ["Đặng Văn Anh"]
    assert _names(people, specialist, query="ĐẶNG") == ["Đặng Văn Anh"]
    assert _names(people, specialist, query="Trần thị BÌNH") == ["Trần Thị Bình"]


def test_every_word_must_start_a_word_in_any_order(people, specialist, path):
    assert _names(people, specialist, query="nguyen") == ["Nguyễn Văn An", "Nguyễn Thị Thu Hà"]
    assert _names(people, specialist, query="an nguyen") == ["Nguyễn Văn An"]
    assert _names(people, specialist, query="an") == ["Nguyễn Văn An", "Đặng Văn Anh", "Lê Đức An"]
    assert _names(people, specialist, query="van an") == ["Nguyễn Văn An", "Đặng Văn Anh"]
    assert _names(people, specialist, query="an anh") == ["Đặng Văn Anh"]  # "an" is implied
    # A word is matched at the start of a word only, not inside one.
    assert _names(people, specialist, query="guyen") == []
    assert _names(people, specialist, query="nguyen binh") == []
    assert _names(people, specialist, query="—") == []


def test_codes_by_their_parts_and_id_numbers_by_equality(people, specialist, path):
    an = people["Nguyễn Văn An"]
    day_and_number = an.code.split("-", 1)[1]
    assert "Nguyễn Văn An" in _names(people, specialist, query=day_and_number)
    assert _names(people, specialist, query=an.code.lower()) == ["Nguyễn Văn An"]
    assert _names(people, specialist, query=f"an {an.code[-4:]}") == ["Nguyễn Văn An"]
    binh = people["Trần Thị Bình"]
    assert _names(people, specialist, query=binh.applicant_id_no) == ["Trần Thị Bình"]


def test_search_and_filters_combine(people, specialist, department, path):
    assert _names(people, specialist, query="an", applicant="Lê") == ["Lê Đức An"]
    assert _names(people, specialist, query="an", status=Status.SUPPLEMENT_REQUESTED) == []
    first = _open(people["Đặng Văn Anh"])
    claim_task(task=first, by=specialist)
    colleague = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    assert _names(people, colleague, query="van", mine_only=True) == ["Nguyễn Văn An"]
    head = OfficerFactory(agency=department, roles=[Role.HEAD_OF_UNIT])
    assert _names(people, head, query="an") == []


def test_procedure_names_match_by_words_too(people, specialist, procedure, path):
    word = procedure.current_version.name_folded.split()[0]
    assert len(_names(people, specialist, query=word.upper())) == len(people)
    assert _names(people, specialist, query=f"{word} khong co tu nay") == []
