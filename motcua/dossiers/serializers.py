"""API shapes of dossiers: small input serializers per use case, output serializers per view."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.catalog.models import Channel
from motcua.dossiers.models import (
    ApplicantKind,
    ClockPause,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFile,
    ReturnMethod,
)
from motcua.dossiers.services import ComponentInput
from motcua.dossiers.states import NATIONAL_CODE, Status

# --- input ---------------------------------------------------------------------------------------


class ApplicantInput(serializers.Serializer[Any]):
    """Who submits; the ID number decides between a person and an organisation."""

    name = serializers.CharField(max_length=300)
    id_no = serializers.CharField(
        max_length=20, help_text="Số định danh cá nhân (12 số) hoặc mã số thuế (10 hoặc 10-3)."
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(
        choices=ApplicantKind.choices, required=False, allow_blank=True, default=""
    )


class ComponentInputSerializer(serializers.Serializer[Any]):
    """One catalogue component (by id) as given by the applicant."""

    component_id = serializers.IntegerField(min_value=1)
    is_provided = serializers.BooleanField(default=True)
    is_reused = serializers.BooleanField(default=False)
    is_digitized = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def component_inputs(items: list[dict[str, Any]]) -> list[ComponentInput]:
    """Validated component dicts as service input."""
    return [ComponentInput(**item) for item in items]


# Online submission is intake's hot path: a nested serializer costs more than the database work
# (bench/bench_intake.py), so the applicant and the components are checked by these two fields,
# which the schema documents with the serializers above.
_APPLICANT_LIMITS: dict[str, int] = {
    "name": 300,
    "id_no": 20,
    "phone": 20,
    "email": 254,
    "address": 300,
    "kind": 16,
}
_APPLICANT_REQUIRED = frozenset({"name", "id_no"})
_COMPONENT_FLAGS = {"is_provided": True, "is_reused": False, "is_digitized": False}
MAX_COMPONENTS = 200


@extend_schema_field(ApplicantInput)
class ApplicantField(serializers.Field):  # type: ignore[type-arg]
    """`{"name", "id_no", "phone", "email", "address", "kind"}`, all strings."""

    default_error_messages = {"invalid": "Cần một đối tượng {{name, id_no, phone, ...}}."}

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            self.fail("invalid")
        values: dict[str, str] = {}
        errors: dict[str, list[str]] = {}
        for key, limit in _APPLICANT_LIMITS.items():
            value = data.get(key)
            if value is None:
                value = ""
            if not isinstance(value, str):
                errors[key] = ["Cần một chuỗi ký tự."]
            elif key in _APPLICANT_REQUIRED and not value.strip():
                errors[key] = ["Trường này là bắt buộc."]
            elif len(value) > limit:
                errors[key] = [f"Tối đa {limit} ký tự."]
            else:
                values[key] = value
        if "kind" in values and values["kind"] not in ("", *ApplicantKind.values):
            errors["kind"] = [f"Chọn một trong: {', '.join(ApplicantKind.values)}."]
        if errors:
            raise serializers.ValidationError(errors)
        return values

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field(ComponentInputSerializer(many=True))
class ComponentsField(serializers.Field):  # type: ignore[type-arg]
    """A list of `{"component_id", "is_provided", "is_reused", "is_digitized", "note"}`."""

    default_error_messages = {
        "invalid": "Cần một danh sách thành phần hồ sơ.",
        "too_many": f"Tối đa {MAX_COMPONENTS} thành phần.",
    }

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if not isinstance(data, list):
            self.fail("invalid")
        if len(data) > MAX_COMPONENTS:
            self.fail("too_many")
        items: list[dict[str, Any]] = []
        errors: dict[str, dict[str, list[str]]] = {}
        for index, raw in enumerate(data):
            item, problems = _component_item(raw)
            if problems:
                errors[str(index)] = problems
            else:
                items.append(item)
        if errors:
            raise serializers.ValidationError(errors)
        return items

    def to_representation(self, value: Any) -> Any:
        return value


def _component_item(raw: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    if not isinstance(raw, dict):
        return {}, {"non_field_errors": ["Cần một đối tượng {component_id, ...}."]}
    problems: dict[str, list[str]] = {}
    component_id = raw.get("component_id")
    if isinstance(component_id, bool) or not isinstance(component_id, int) or component_id < 1:
        problems["component_id"] = ["Cần mã thành phần (số nguyên dương)."]
    item: dict[str, Any] = {"component_id": component_id}
    for flag, default in _COMPONENT_FLAGS.items():
        value = raw.get(flag, default)
        if not isinstance(value, bool):
            problems[flag] = ["Cần true hoặc false."]
        item[flag] = value
    note = raw.get("note") or ""
    if not isinstance(note, str) or len(note) > 300:
        problems["note"] = ["Cần một chuỗi tối đa 300 ký tự."]
    item["note"] = note
    return item, problems


class DossierCreateInput(serializers.Serializer[Any]):
    """CONTRACT §7: an online dossier pushed by the national portal or a citizen's client."""

    procedure_code = serializers.CharField(max_length=64)
    agency_code = serializers.CharField(max_length=64, help_text="Mã định danh của nơi tiếp nhận.")
    applicant = ApplicantField()
    case = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    component_set = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )
    components = ComponentsField(required=False, default=list)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.ONLINE)


class VersionedInput(serializers.Serializer[Any]):
    """Every action may carry the `version` the client saw; a stale one is refused (409)."""

    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class NoteInput(VersionedInput):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AcceptInput(NoteInput):
    components = ComponentsField(required=False, default=list)


class MissingInput(VersionedInput):
    missing = serializers.ListField(
        child=serializers.CharField(max_length=500), allow_empty=False, max_length=100
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReasonsInput(VersionedInput):
    reasons = serializers.CharField(max_length=4000)


class ReasonInput(VersionedInput):
    reason = serializers.CharField(max_length=4000)


class SupplementInput(NoteInput):
    components = ComponentsField(required=False, default=list)


class ResultReadyInput(NoteInput):
    has_e_result = serializers.BooleanField(default=False)


class ReturnResultInput(NoteInput):
    collected_by_name = serializers.CharField(max_length=300)
    collected_by_id_no = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    method = serializers.ChoiceField(choices=ReturnMethod.choices, default=ReturnMethod.COUNTER)


class ExtendInput(ReasonInput):
    new_due_at = serializers.DateTimeField()


class SetDueInput(ReasonInput):
    due_at = serializers.DateTimeField()


class FileUploadInput(serializers.Serializer[Any]):
    """A PDF, JPEG or PNG file (checked by content), optionally for one checklist line."""

    file = serializers.FileField(allow_empty_file=False, use_url=False)
    component_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    is_result = serializers.BooleanField(default=False)


# --- output --------------------------------------------------------------------------------------


class DossierCreatedOutput(serializers.ModelSerializer[Dossier]):
    """What `POST /dossiers/` answers: at least `code`, `status` (national code) and `due_at`."""

    status = serializers.SerializerMethodField(help_text="Mã trạng thái quốc gia 1–10.")
    status_detail = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = Dossier
        fields = ("id", "code", "status", "status_detail", "version", "submitted_at", "due_at")

    def get_status(self, dossier: Dossier) -> int:
        return NATIONAL_CODE[Status(dossier.status)]


class DossierListOutput(DossierCreatedOutput):
    """A dossier in a list."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    procedure_code = serializers.CharField(source="procedure.code", read_only=True)
    procedure_name = serializers.CharField(source="procedure_version.name", read_only=True)
    receiving_agency = serializers.CharField(source="receiving_agency.code", read_only=True)
    competent_agency = serializers.CharField(source="competent_agency.code", read_only=True)

    class Meta:
        model = Dossier
        fields = (
            "id",
            "code",
            "status",
            "status_detail",
            "status_label",
            "version",
            "channel",
            "procedure_code",
            "procedure_name",
            "receiving_agency",
            "competent_agency",
            "applicant_name",
            "submitted_at",
            "accepted_at",
            "due_at",
            "finished_at",
            "returned_at",
        )


class ComponentOutput(serializers.ModelSerializer[DossierComponent]):
    class Meta:
        model = DossierComponent
        fields = (
            "id",
            "component_id",
            "name",
            "is_required",
            "original_qty",
            "copy_qty",
            "is_provided",
            "is_reused",
            "is_digitized",
            "note",
        )


class FileOutput(serializers.ModelSerializer[DossierFile]):
    class Meta:
        model = DossierFile
        fields = (
            "id",
            "component_id",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "is_result",
            "uploaded_at",
        )


class EventOutput(serializers.ModelSerializer[DossierEvent]):
    from_status = serializers.CharField(read_only=True, help_text="Trạng thái trước (chi tiết).")
    to_status = serializers.CharField(read_only=True, help_text="Trạng thái sau (chi tiết).")

    class Meta:
        model = DossierEvent
        fields = ("at", "action", "from_status", "to_status", "actor_name", "note")


class PauseOutput(serializers.ModelSerializer[ClockPause]):
    class Meta:
        model = ClockPause
        fields = ("started_at", "ended_at", "expires_at", "reason", "missing")


class DossierDetailOutput(DossierListOutput):
    """A dossier with its applicant, checklist, files, pauses, extension and history."""

    applicant = serializers.SerializerMethodField()
    return_method = serializers.CharField(read_only=True, help_text="counter, post hoặc online.")
    components = ComponentOutput(many=True, read_only=True)
    files = FileOutput(many=True, read_only=True)
    clock_pauses = PauseOutput(many=True, read_only=True)
    history = EventOutput(source="events", many=True, read_only=True)
    extension = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = (
            *DossierListOutput.Meta.fields,
            "applicant",
            "transfer_due_at",
            "transferred_at",
            "due_explanation",
            "is_due_manual",
            "missing_components",
            "refusal_reasons",
            "returned_to_name",
            "return_method",
            "paid_online",
            "digitized",
            "has_e_result",
            "reused_component_count",
            "components",
            "files",
            "clock_pauses",
            "extension",
            "history",
        )

    def get_applicant(self, dossier: Dossier) -> dict[str, str]:
        return {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "id_no": dossier.applicant_id_no,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        }

    def get_extension(self, dossier: Dossier) -> dict[str, str] | None:
        extension = getattr(dossier, "extension", None)
        if extension is None:
            return None
        return {
            "previous_due_at": extension.previous_due_at.isoformat(),
            "new_due_at": extension.new_due_at.isoformat(),
            "reason": extension.reason,
        }
