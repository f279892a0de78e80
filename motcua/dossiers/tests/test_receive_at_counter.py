import datetime as dt

import pytest

from motcua.dossiers.errors import MissingComponentsError
from motcua.dossiers.models import (
    ApplicantNotice,
    Dossier,
    DossierCodeCounter,
    EventAction,
    NoticeKind,
)
from motcua.dossiers.services import receive_at_counter
from motcua.dossiers.states import Status

from .conftest import VN

pytestmark = pytest.mark.django_db


def test_a_complete_dossier_is_accepted_with_code_and_due_date(
    clock, desk_officer, procedure, applicant, components
):
    # when
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    # then
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.national_status == 2
    assert dossier.code == "000.00.17.H56-231027-0001"
    assert dossier.accepted_at == dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN)
    # DOMAIN §6: received Fri 27/10/2023 09:32, 5 working days → due Fri 03/11/2023 (17:00).
    assert dossier.due_at == dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN)
    assert dossier.due_explanation
    assert dossier.competent_agency == procedure.competent_agency
    assert dossier.received_by == desk_officer
    assert dossier.applicant_phone == "0912345678"
    assert [c.is_provided for c in dossier.components.order_by("position")] == [True, True, True]
    event = dossier.events.get()
    assert (event.action, event.from_status, event.to_status) == (
        EventAction.RECEIVED,
        "",
        Status.RECEIVED,
    )
    assert event.actor_agency == desk_officer.agency
    assert ApplicantNotice.objects.get(dossier=dossier).kind == NoticeKind.RECEIVED


def test_paper_received_before_the_cutoff_is_transferred_the_same_day(
    clock, desk_officer, procedure, applicant, components
):
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    assert dossier.transfer_due_at == dt.datetime(2023, 10, 27, 17, 0, tzinfo=VN)


def test_paper_received_after_15h_is_transferred_the_next_working_morning(
    clock, desk_officer, procedure, applicant, components
):
    clock.set(dt.datetime(2023, 10, 27, 15, 30, tzinfo=VN))  # a Friday
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    assert dossier.transfer_due_at == dt.datetime(2023, 10, 30, 12, 0, tzinfo=VN)


def test_missing_required_papers_are_all_listed_and_nothing_is_written(
    clock, desk_officer, procedure, applicant, components
):
    with pytest.raises(MissingComponentsError) as caught:
        receive_at_counter(
            by=desk_officer,
            procedure=procedure,
            applicant=applicant,
            components=components(without=("Tờ khai", "Bản sao giấy khai sinh", "Giấy ủy quyền")),
        )
    assert caught.value.missing == ("Tờ khai", "Bản sao giấy khai sinh")
    assert "Tờ khai; Bản sao giấy khai sinh" in caught.value.message
    assert not Dossier.objects.exists()
    assert not DossierCodeCounter.objects.exists()


def test_the_optional_paper_may_be_missing(clock, desk_officer, procedure, applicant, components):
    dossier = receive_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        components=components(without=("Giấy ủy quyền",)),
    )
    assert dossier.status == Status.RECEIVED


def test_reused_papers_count_for_the_reports(clock, desk_officer, procedure, applicant, components):
    dossier = receive_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        components=components(reused=("Bản sao giấy khai sinh",)),
    )
    assert dossier.reused_component_count == 1
    assert dossier.digitized is True


def test_codes_follow_each_other_and_restart_at_midnight_vietnam_time(
    clock, desk_officer, procedure, applicant, components
):
    def receive() -> str | None:
        dossier = receive_at_counter(
            by=desk_officer, procedure=procedure, applicant=applicant, components=components()
        )
        return dossier.code

    clock.set(dt.datetime(2023, 10, 27, 23, 59, 30, tzinfo=VN))
    first, second = receive(), receive()
    # 00:00:30 in Vietnam is still 26/10 17:00 UTC: the day is Vietnam's.
    clock.set(dt.datetime(2023, 10, 28, 0, 0, 30, tzinfo=VN))
    third = receive()
    assert (first, second, third) == (
        "000.00.17.H56-231027-0001",
        "000.00.17.H56-231027-0002",
        "000.00.17.H56-231028-0001",
    )


def test_the_10000th_dossier_of_the_day_widens_the_code(
    clock, desk_officer, procedure, applicant, components
):
    DossierCodeCounter.objects.create(
        agency=desk_officer.agency, day=dt.date(2023, 10, 27), last_value=9999
    )
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    assert dossier.code == "000.00.17.H56-231027-10000"
    dossier.refresh_from_db()
    assert dossier.code == "000.00.17.H56-231027-10000"
    assert dossier.applicant.id_no == "038090001234"
    assert dossier.components.count() == 3
    assert dossier.events.get().to_status == Status.RECEIVED
