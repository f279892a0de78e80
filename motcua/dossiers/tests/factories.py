"""Factories for dossiers: traits, not setup code (`DossierFactory(overdue=True)`)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import factory
from django.utils import timezone

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Channel, TimeUnit
from motcua.catalog.tests.factories import ProcedureFactory
from motcua.core.text import fold
from motcua.dossiers.models import (
    Applicant,
    ApplicantKind,
    ClockPause,
    Dossier,
    DossierComponent,
    DossierEvent,
    EventAction,
)
from motcua.dossiers.services.codes import format_code
from motcua.dossiers.states import Status


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant
        django_get_or_create = ("id_no",)

    kind = ApplicantKind.PERSON
    id_no = factory.Sequence(lambda n: f"001{n:09d}")
    name = factory.Faker("name", locale="vi_VN")
    name_folded = factory.LazyAttribute(lambda a: fold(a.name))
    phone = "0912345678"
    email = factory.LazyAttribute(lambda a: f"nguoinop{a.id_no}@example.vn")
    address = "Số 1 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa"


def _code(dossier: Any) -> str:
    return format_code(
        dossier.receiving_agency.code, timezone.localdate(dossier.submitted_at), dossier.seq
    )


class DossierFactory(factory.django.DjangoModelFactory):
    """A received dossier, 5 working days, with a code (pass `code=None` for a counter record)."""

    class Meta:
        model = Dossier
        exclude = ("seq",)
        skip_postgeneration_save = True

    class Params:
        overdue = factory.Trait(
            status=Status.IN_PROGRESS,
            accepted_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=20)),
            due_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2)),
        )
        online = factory.Trait(
            status=Status.SUBMITTED, channel=Channel.ONLINE, accepted_at=None, due_at=None
        )

    seq = factory.Sequence(lambda n: n + 1)
    status = Status.RECEIVED
    channel = Channel.DIRECT
    procedure = factory.SubFactory(ProcedureFactory)
    procedure_version = factory.LazyAttribute(lambda d: d.procedure.current_version)
    receiving_agency = factory.SubFactory(AgencyFactory, centre=True)
    competent_agency = factory.SubFactory(AgencyFactory)
    applicant = factory.SubFactory(ApplicantFactory)
    applicant_kind = factory.LazyAttribute(lambda d: d.applicant.kind)
    applicant_name = factory.LazyAttribute(lambda d: d.applicant.name)
    applicant_id_no = factory.LazyAttribute(lambda d: d.applicant.id_no)
    applicant_phone = factory.LazyAttribute(lambda d: d.applicant.phone)
    submitted_at = factory.LazyFunction(timezone.now)
    accepted_at = factory.LazyAttribute(lambda d: d.submitted_at)
    due_at = factory.LazyAttribute(
        lambda d: d.accepted_at + dt.timedelta(days=7) if d.accepted_at else None
    )
    transfer_due_at = factory.LazyAttribute(lambda d: d.accepted_at)
    processing_time = decimal.Decimal(5)
    time_unit = TimeUnit.WORKING_DAY
    code = factory.LazyAttribute(_code)

    @factory.post_generation
    def history(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        DossierEvent.objects.create(
            dossier=self,
            at=self.submitted_at,
            action=EventAction.RECEIVED if self.accepted_at else EventAction.SUBMITTED,
            from_status="",
            to_status=self.status,
            actor_name="Nhà máy dữ liệu thử",
        )
        if self.status == Status.SUPPLEMENT_REQUESTED:
            ClockPause.objects.create(
                dossier=self,
                started_at=timezone.now(),
                expires_at=timezone.now() + dt.timedelta(days=15),
                reason="Thiếu giấy tờ",
                missing=["Bản sao giấy khai sinh"],
            )


class DossierComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierComponent

    dossier = factory.SubFactory(DossierFactory)
    name = factory.Sequence(lambda n: f"Giấy tờ {n}")
    is_required = True
    original_qty = 1
    is_provided = True
