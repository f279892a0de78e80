"""Output shapes of the public catalogue API: agencies and procedures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.agencies.models import Agency
from motcua.catalog.models import (
    Case,
    Component,
    ComponentSet,
    ExecutionMethod,
    Fee,
    Procedure,
    ProcedureVersion,
)
from motcua.catalog.selectors import (
    CatalogueLevel,
    named_items,
    procedure_levels,
    returning_method_labels,
    template_file_names,
)


class NamedItemSerializer(serializers.Serializer[Any]):
    """An entry of a list kept from the national record: a code (may be empty) and a name."""

    code = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(NamedItemSerializer(many=True))
class NamedItemListField(serializers.Field):  # type: ignore[type-arg]
    """A stored list of the national record, normalised to [{code, name}]."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: object) -> list[dict[str, str]]:
        return [{"code": item.code, "name": item.name} for item in named_items(value)]


class AgencyRefSerializer(serializers.ModelSerializer[Agency]):
    """Another agency named by a record: its code and name."""

    class Meta:
        model = Agency
        fields = ("code", "name")


class AgencySerializer(serializers.ModelSerializer[Agency]):
    """An agency of the province with its place in the tree and its validity."""

    parent_code = serializers.SlugRelatedField[Agency](
        source="parent", slug_field="code", read_only=True
    )
    successor_code = serializers.SlugRelatedField[Agency](
        source="successor", slug_field="code", read_only=True
    )

    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent_code",
            "valid_from",
            "valid_to",
            "successor_code",
            "address",
            "phone",
            "email",
        )


class SectorRefSerializer(serializers.Serializer[Any]):
    """The sector (lĩnh vực) of a procedure."""

    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureListSerializer(serializers.ModelSerializer[Procedure]):
    """A procedure in the catalogue list: enough to choose one and fetch its detail."""

    name = serializers.SerializerMethodField()
    sector = serializers.SerializerMethodField()
    levels = serializers.SerializerMethodField()
    is_full_process = serializers.SerializerMethodField(
        help_text="Dịch vụ công trực tuyến toàn trình."
    )

    class Meta:
        model = Procedure
        fields = ("code", "name", "sector", "levels", "is_full_process")

    def _version(self, procedure: Procedure) -> ProcedureVersion:
        version = procedure.current_version
        if version is None:  # the selectors only return published procedures
            raise ValueError(f"procedure {procedure.code} has no current version")
        return version

    def get_name(self, procedure: Procedure) -> str:
        return self._version(procedure).name

    @extend_schema_field(SectorRefSerializer(allow_null=True))
    def get_sector(self, procedure: Procedure) -> dict[str, str] | None:
        sector = self._version(procedure).sector
        return {"code": sector.code, "name": sector.name} if sector else None

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(CatalogueLevel.choices))
    )
    def get_levels(self, procedure: Procedure) -> list[str]:
        return [str(level) for level in procedure_levels(self._version(procedure))]

    def get_is_full_process(self, procedure: Procedure) -> bool:
        return self._version(procedure).is_full_process


class FeeSerializer(serializers.ModelSerializer[Fee]):
    """A charge of a submission method; `description` often states the real rule."""

    class Meta:
        model = Fee
        fields = ("kind", "amount_vnd", "description")


class ExecutionMethodSerializer(serializers.ModelSerializer[ExecutionMethod]):
    """A way to submit, with its processing time and charges."""

    processing_time = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    fees = FeeSerializer(many=True)

    class Meta:
        model = ExecutionMethod
        fields = ("channel", "processing_time", "time_unit", "time_text", "description", "fees")


class CaseSerializer(serializers.ModelSerializer[Case]):
    """A sub-variant of the procedure with its own processing time."""

    processing_time = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = Case
        fields = ("code", "name", "processing_time", "time_unit")


class ComponentSerializer(serializers.ModelSerializer[Component]):
    """A paper of the dossier with the number of originals and copies required."""

    template_files = serializers.SerializerMethodField(
        help_text="Tên tệp mẫu đơn, tờ khai (lưu trên Cổng DVCQG)."
    )

    class Meta:
        model = Component
        fields = (
            "code",
            "name",
            "original_qty",
            "copy_qty",
            "is_required",
            "has_electronic_form",
            "is_prior_result",
            "template_files",
        )

    def get_template_files(self, component: Component) -> list[str]:
        return template_file_names(component.templates)


class ComponentSetSerializer(serializers.ModelSerializer[ComponentSet]):
    """One list of dossier components (a record may have one per variant)."""

    components = ComponentSerializer(many=True)

    class Meta:
        model = ComponentSet
        fields = ("name", "components")


class ProcedureVersionSerializer(serializers.ModelSerializer[ProcedureVersion]):
    """What the current national record says about a procedure (name and sector are above)."""

    methods = ExecutionMethodSerializer(many=True)
    cases = CaseSerializer(many=True)
    component_sets = ComponentSetSerializer(many=True)
    legal_bases = NamedItemListField()
    results = NamedItemListField()
    subject_types = NamedItemListField()
    executing_agencies = NamedItemListField()
    coordinating_agencies = NamedItemListField()
    returning_methods = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureVersion
        fields = (
            "number",
            "record_type",
            "promulgating_agency_code",
            "promulgating_agency_name",
            "decision_number",
            "decision_on",
            "source_updated_at",
            "methods",
            "cases",
            "component_sets",
            "legal_bases",
            "results",
            "subject_types",
            "executing_agencies",
            "coordinating_agencies",
            "returning_methods",
            "steps_text",
            "requirements_text",
            "receiving_addresses_text",
        )

    def get_returning_methods(self, version: ProcedureVersion) -> list[str]:
        return returning_method_labels(version.returning_methods)


class ProcedureDetailSerializer(ProcedureListSerializer):
    """A procedure of the catalogue: local settings plus its current national record."""

    version = ProcedureVersionSerializer(source="current_version")
    receiving_agencies = AgencyRefSerializer(many=True)
    competent_agency = AgencyRefSerializer(allow_null=True)

    class Meta:
        model = Procedure
        fields = (
            *ProcedureListSerializer.Meta.fields,
            "is_on_the_spot",
            "receiving_agencies",
            "competent_agency",
            "version",
        )
