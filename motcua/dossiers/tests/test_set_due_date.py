import datetime as dt

import pytest

from motcua.catalog.models import TimeUnit
from motcua.catalog.tests.factories import ExecutionMethodFactory
from motcua.core.errors import DomainError
from motcua.dossiers.services import receive_at_counter, set_due_date

from .conftest import VN

pytestmark = pytest.mark.django_db


def test_a_procedure_without_a_computable_time_is_flagged_and_set_by_hand(
    clock, desk_officer, procedure, applicant, components
):
    version = procedure.current_version
    version.methods.all().delete()
    ExecutionMethodFactory(version=version, processing_time=None, time_unit=TimeUnit.OTHER)
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    assert dossier.due_at is None
    assert dossier.is_due_manual
    assert "không tính tự động" in dossier.due_explanation[0]
    due = dt.datetime(2023, 11, 20, 17, 0, tzinfo=VN)
    dossier = set_due_date(
        dossier=dossier, by=desk_officer, due_at=due, reason="Theo mô tả: 15 ngày kể từ..."
    )
    assert dossier.due_at == due
    with pytest.raises(DomainError, match="sau thời điểm tiếp nhận"):
        set_due_date(
            dossier=dossier,
            by=desk_officer,
            due_at=dt.datetime(2023, 10, 1, tzinfo=VN),
            reason="sai",
        )


def test_a_computed_due_date_is_not_overwritten_by_hand(
    clock, desk_officer, procedure, applicant, components
):
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    with pytest.raises(DomainError, match="gia hạn"):
        set_due_date(
            dossier=dossier,
            by=desk_officer,
            due_at=dt.datetime(2023, 12, 1, 17, tzinfo=VN),
            reason="x",
        )
