"""Factories for the procedure catalogue."""

from __future__ import annotations

import decimal

import factory

from motcua.catalog.models import (
    Case,
    Channel,
    Component,
    ComponentSet,
    ExecutionMethod,
    Fee,
    FeeKind,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeUnit,
)
from motcua.core.text import fold


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"H99-LV{n:02d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A procedure with a current version (pass `version__name=...` to name it)."""

    class Meta:
        model = Procedure
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}")

    @factory.post_generation
    def version(
        self, create: bool, extracted: ProcedureVersion | bool | None, **kwargs: object
    ) -> None:
        # version=False: the caller builds the version itself (ProcedureVersionFactory does).
        if not create or extracted is False:
            return
        version = extracted if isinstance(extracted, ProcedureVersion) else None
        version = version or ProcedureVersionFactory(procedure=self, **kwargs)
        self.current_version = version
        self.save(update_fields=["current_version"])


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory, version=False)
    number = 1
    source_hash = factory.Sequence(lambda n: f"{n:064x}")
    name = factory.Sequence(lambda n: f"Cấp giấy phép thử nghiệm số {n}")
    name_folded = factory.LazyAttribute(lambda v: fold(v.name))
    sector = factory.SubFactory(SectorFactory)
    is_province_level = True


class ExecutionMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutionMethod

    version = factory.SubFactory(ProcedureVersionFactory)
    channel = Channel.DIRECT
    processing_time = decimal.Decimal(5)
    time_unit = TimeUnit.WORKING_DAY


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    method = factory.SubFactory(ExecutionMethodFactory)
    kind = FeeKind.CHARGE
    amount_vnd = 50_000


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    version = factory.SubFactory(ProcedureVersionFactory)
    code = factory.Sequence(lambda n: f"1.000001.{n:02d}")
    name = factory.Sequence(lambda n: f"Trường hợp {n}")
    processing_time = decimal.Decimal(5)
    time_unit = TimeUnit.WORKING_DAY


class ComponentSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComponentSet

    version = factory.SubFactory(ProcedureVersionFactory)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    component_set = factory.SubFactory(ComponentSetFactory)
    name = factory.Sequence(lambda n: f"Tờ khai số {n}")
    original_qty = 1
    copy_qty = 0
    is_required = True
