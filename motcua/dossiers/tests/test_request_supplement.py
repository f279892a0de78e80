import datetime as dt

import pytest

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.models import ClockPause, NoticeKind
from motcua.dossiers.services import (
    receive_at_counter,
    request_supplement,
    transfer,
)
from motcua.dossiers.states import Status

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_progress(clock, desk_officer, procedure, applicant, components):
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    return transfer(dossier=dossier, by=desk_officer)


def test_a_supplement_request_stops_the_clock_and_tells_the_applicant(
    clock, in_progress, specialist
):
    clock.set(dt.datetime(2023, 10, 31, 10, 0, tzinfo=VN))
    dossier = request_supplement(
        dossier=in_progress,
        by=specialist,
        missing=["Bản sao giấy khai sinh có chứng thực"],
        reason="Bản sao chưa chứng thực",
    )
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    pause = ClockPause.objects.get(dossier=dossier)
    assert pause.started_at == clock.now
    assert pause.ended_at is None
    assert pause.expires_at == dt.datetime(2023, 11, 15, 10, 0, tzinfo=VN)
    assert pause.due_at_before == in_progress.due_at
    notice = dossier.notices.get(kind=NoticeKind.SUPPLEMENT_REQUESTED)
    assert notice.payload["missing"] == ["Bản sao giấy khai sinh có chứng thực"]


def test_supplementation_can_only_be_asked_within_3_working_days_of_receipt(
    clock, in_progress, specialist
):
    # Received Fri 27/10 → the window ends at the end of Wed 01/11.
    clock.set(dt.datetime(2023, 11, 2, 9, 0, tzinfo=VN))
    with pytest.raises(DomainError, match="03 ngày làm việc"):
        request_supplement(
            dossier=in_progress, by=specialist, missing=["Tờ khai"], reason="Tờ khai sai"
        )
    assert not ClockPause.objects.exists()


def test_the_request_must_list_the_papers(in_progress, specialist):
    with pytest.raises(DomainError, match="liệt kê"):
        request_supplement(dossier=in_progress, by=specialist, missing=[" "], reason="Thiếu")


def test_the_desk_cannot_ask_for_supplements_on_the_agencys_behalf(in_progress, desk_officer):
    with pytest.raises(PermissionDeniedError):
        request_supplement(dossier=in_progress, by=desk_officer, missing=["Tờ khai"], reason="x")
