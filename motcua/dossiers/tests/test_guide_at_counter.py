import pytest

from motcua.core.errors import DomainError
from motcua.dossiers.models import ApplicantNotice, DossierCodeCounter, NoticeKind
from motcua.dossiers.services import guide_at_counter, receive_at_counter
from motcua.dossiers.states import Status

pytestmark = pytest.mark.django_db


def test_guidance_lists_every_missing_paper_once_and_consumes_no_code(
    clock, desk_officer, procedure, applicant, components
):
    dossier = guide_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        components=components(without=("Tờ khai", "Bản sao giấy khai sinh")),
        guidance="Tờ khai phải có chữ ký của người đề nghị.",
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.NEEDS_COMPLETION
    assert dossier.national_status == 5
    assert dossier.code is None
    assert dossier.accepted_at is None
    assert dossier.missing_components == ["Tờ khai", "Bản sao giấy khai sinh"]
    assert dossier.intake_note == "Tờ khai phải có chữ ký của người đề nghị."
    assert not DossierCodeCounter.objects.exists()
    assert ApplicantNotice.objects.get(dossier=dossier).kind == NoticeKind.GUIDED


def test_guidance_on_a_complete_dossier_without_a_note_is_refused(
    clock, desk_officer, procedure, applicant, components
):
    with pytest.raises(DomainError, match="đã đủ thành phần"):
        guide_at_counter(
            by=desk_officer, procedure=procedure, applicant=applicant, components=components()
        )


def test_the_applicant_comes_back_and_the_guided_record_is_received(
    clock, desk_officer, procedure, applicant, components
):
    guided = guide_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        components=components(without=("Tờ khai",)),
    )
    clock.advance(days=3)
    dossier = receive_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        components=components(),
        guidance=guided,
        expected_version=guided.version,
    )
    assert dossier.pk == guided.pk
    assert dossier.status == Status.RECEIVED
    assert dossier.code == "000.00.17.H56-231030-0001"
    assert dossier.missing_components == []
    assert dossier.components.filter(is_provided=True).count() == 3
    assert list(dossier.events.values_list("to_status", flat=True)) == [
        Status.NEEDS_COMPLETION,
        Status.RECEIVED,
    ]
