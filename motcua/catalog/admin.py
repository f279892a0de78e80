"""Admin pages of the procedure catalogue.

National records arrive through `motcua import-procedures` and are read-only here; what an
administrator edits is the province's own settings of each procedure.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Case,
    ComponentSet,
    ExecutionMethod,
    Procedure,
    ProcedureVersion,
    Sector,
)
from motcua.catalog.services.local_settings import configure_procedure, local_settings_problems
from motcua.core.text import fold

LEVELS: dict[str, tuple[str, Any]] = {
    "ministry": ("current_version__is_ministry_level", _("Cấp bộ")),
    "province": ("current_version__is_province_level", _("Cấp tỉnh")),
    "commune": ("current_version__is_commune_level", _("Cấp xã")),
    "other_agency": ("current_version__is_other_agency_level", _("Cơ quan khác")),
}


class LevelFilter(admin.SimpleListFilter):
    """Filter procedures by the level their current record flags."""

    title = _("cấp thực hiện")
    parameter_name = "cap"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [(key, label) for key, (_field, label) in LEVELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in LEVELS:
            return queryset.filter(**{LEVELS[value][0]: True})
        return queryset


class ProcedureForm(forms.ModelForm[Procedure]):
    """The local settings of a procedure, checked like the service checks them."""

    class Meta:
        model = Procedure
        fields = (
            "receiving_agencies",
            "competent_agency",
            "is_on_the_spot",
            "cutoff_time",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = local_settings_problems(
            receiving_agencies=data.get("receiving_agencies") or [],
            competent_agency=data.get("competent_agency"),
            cutoff_time=data.get("cutoff_time"),
        )
        if problems:
            raise forms.ValidationError(problems)
        return data


class VersionInline(admin.TabularInline[ProcedureVersion, Procedure]):
    """The versions of a procedure, newest first, each linking to its full record."""

    model = ProcedureVersion
    fk_name = "procedure"
    fields = ("version_link", "name", "sector", "source_updated_at", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name = _("phiên bản")
    verbose_name_plural = _("các phiên bản (mới nhất trước)")

    def has_add_permission(self, request: HttpRequest, obj: Procedure | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Procedure | None = None) -> bool:
        return False

    @admin.display(description=_("phiên bản"))
    def version_link(self, version: ProcedureVersion) -> SafeString:
        url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
        return format_html('<a href="{}">v{}</a>', url, version.number)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin[Procedure]):
    """Procedures: the national record read-only, the province's settings editable."""

    form = ProcedureForm
    list_display = (
        "code",
        "current_name",
        "sector",
        "competent_agency",
        "is_on_the_spot",
        "cutoff_time",
        "is_active",
    )
    list_display_links = ("code", "current_name")
    list_filter = (
        "is_active",
        "is_on_the_spot",
        LevelFilter,
        ("current_version__is_full_process", admin.BooleanFieldListFilter),
        ("current_version__sector", admin.RelatedOnlyFieldListFilter),
        ("receiving_agencies", admin.RelatedOnlyFieldListFilter),
        "is_placeholder",
    )
    list_select_related = ("current_version", "current_version__sector", "competent_agency")
    search_fields = ("code",)
    search_help_text = _("Tìm theo mã thủ tục hoặc tên (không cần gõ dấu).")
    autocomplete_fields = ("receiving_agencies", "competent_agency")
    readonly_fields = ("code", "current_version_link", "current_summary", "is_placeholder")
    fieldsets = (
        (
            _("Thủ tục (theo Cơ sở dữ liệu quốc gia)"),
            {"fields": ("code", "current_version_link", "current_summary", "is_placeholder")},
        ),
        (
            _("Thiết lập tại địa phương"),
            {
                "fields": (
                    "receiving_agencies",
                    "competent_agency",
                    "is_on_the_spot",
                    "cutoff_time",
                    "is_active",
                ),
                "description": _(
                    'Nơi tiếp nhận, cơ quan giải quyết, "4 tại chỗ" và giờ chốt nhận hồ sơ '
                    "được giữ nguyên khi nhập phiên bản mới của thủ tục."
                ),
            },
        ),
    )
    inlines = [VersionInline]
    ordering = ("code",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        return super().get_queryset(request).select_related("current_version__sector")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            by_name = queryset
            for word in words:
                by_name = by_name.filter(current_version__name_folded__contains=word)
            results = results | by_name
        return results, may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Procedures come from the national database (motcua import-procedures).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Procedure | None = None) -> bool:
        # Dossiers point at procedure versions: stop offering a procedure with "đang áp dụng".
        return False

    def save_model(
        self, request: HttpRequest, obj: Procedure, form: forms.ModelForm[Procedure], change: bool
    ) -> None:
        data = form.cleaned_data
        configure_procedure(
            procedure=obj,
            receiving_agencies=data["receiving_agencies"],
            competent_agency=data["competent_agency"],
            is_on_the_spot=data["is_on_the_spot"],
            cutoff_time=data["cutoff_time"],
            is_active=data["is_active"],
        )

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Procedure],
        formsets: Any,
        change: bool,
    ) -> None:
        # configure_procedure already stored the receiving agencies; the inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.display(description=_("tên thủ tục"), ordering="current_version__name_folded")
    def current_name(self, procedure: Procedure) -> str:
        version = procedure.current_version
        return version.name if version else "—"

    @admin.display(description=_("lĩnh vực"), ordering="current_version__sector__name")
    def sector(self, procedure: Procedure) -> str:
        version = procedure.current_version
        return str(version.sector) if version and version.sector else "—"

    @admin.display(description=_("phiên bản hiện hành"))
    def current_version_link(self, procedure: Procedure) -> SafeString | str:
        version = procedure.current_version
        if version is None:
            return "—"
        url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
        return format_html('<a href="{}">v{} – {}</a>', url, version.number, version.name)

    @admin.display(description=_("cách thức và thời hạn"))
    def current_summary(self, procedure: Procedure) -> SafeString | str:
        version = procedure.current_version
        if version is None:
            return "—"
        return methods_table(version)


class MethodInline(admin.TabularInline[ExecutionMethod, ProcedureVersion]):
    """Submission methods with their processing time and fees, read-only."""

    model = ExecutionMethod
    fields = ("channel", "processing_time", "time_unit", "time_text", "fees_list", "description")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExecutionMethod]:
        return super().get_queryset(request).prefetch_related("fees")

    def has_add_permission(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ProcedureVersion | None = None
    ) -> bool:
        return False

    @admin.display(description=_("phí, lệ phí"))
    def fees_list(self, method: ExecutionMethod) -> SafeString | str:
        fees = list(method.fees.all())
        if not fees:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} đ{}</li>",
                (
                    (
                        fee.get_kind_display(),
                        f"{fee.amount_vnd:,}".replace(",", "."),
                        f" – {fee.description}" if fee.description else "",
                    )
                    for fee in fees
                ),
            ),
        )


class CaseInline(admin.TabularInline[Case, ProcedureVersion]):
    """Sub-cases with their own processing time, read-only."""

    model = Case
    fields = ("code", "name", "processing_time", "time_unit")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ProcedureVersion | None = None
    ) -> bool:
        return False


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin[ProcedureVersion]):
    """One imported version of a national record, read-only, with its methods, cases and papers."""

    list_display = ("procedure", "number", "name", "sector", "source_updated_at", "is_current")
    list_filter = (("sector", admin.RelatedOnlyFieldListFilter), "is_full_process")
    list_select_related = ("procedure", "sector")
    search_fields = ("procedure__code", "name")
    ordering = ("procedure__code", "-number")
    fieldsets = (
        (
            _("Thông tin chung"),
            {
                "fields": (
                    "procedure",
                    "number",
                    "name",
                    "sector",
                    "levels",
                    "is_full_process",
                    "is_internal",
                    "record_type",
                    "state",
                )
            },
        ),
        (
            _("Cơ quan"),
            {
                "fields": (
                    "executing_list",
                    "coordinating_list",
                    "authority_list",
                    "authorized_list",
                    "promulgating_agency_name",
                    "decision_number",
                    "decision_on",
                    "published_at",
                )
            },
        ),
        (
            _("Hồ sơ và kết quả"),
            {
                "fields": (
                    "components_table",
                    "results_list",
                    "subject_types_list",
                    "legal_bases_list",
                    "returning_list",
                )
            },
        ),
        (
            _("Trình tự, điều kiện"),
            {
                "fields": ("steps_text", "requirements_text", "receiving_addresses_text"),
                "classes": ("collapse",),
            },
        ),
        (
            _("Nguồn"),
            {
                "fields": ("portal_id", "source_updated_at", "source_hash", "created_at"),
                "classes": ("collapse",),
            },
        ),
    )
    readonly_fields = (
        "procedure",
        "number",
        "name",
        "sector",
        "levels",
        "is_full_process",
        "is_internal",
        "record_type",
        "state",
        "executing_list",
        "coordinating_list",
        "authority_list",
        "authorized_list",
        "promulgating_agency_name",
        "decision_number",
        "decision_on",
        "published_at",
        "components_table",
        "results_list",
        "subject_types_list",
        "legal_bases_list",
        "returning_list",
        "steps_text",
        "requirements_text",
        "receiving_addresses_text",
        "portal_id",
        "source_updated_at",
        "source_hash",
        "created_at",
    )
    inlines = [MethodInline, CaseInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ProcedureVersion | None = None
    ) -> bool:
        # An imported version is what the national record said; a dossier may point at it.
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ProcedureVersion | None = None
    ) -> bool:
        return False

    @admin.display(description=_("hiện hành"), boolean=True)
    def is_current(self, version: ProcedureVersion) -> bool:
        return version.procedure.current_version_id == version.pk

    @admin.display(description=_("cấp thực hiện"))
    def levels(self, version: ProcedureVersion) -> str:
        flags = (
            (version.is_ministry_level, _("Cấp bộ")),
            (version.is_province_level, _("Cấp tỉnh")),
            (version.is_commune_level, _("Cấp xã")),
            (version.is_other_agency_level, _("Cơ quan khác")),
        )
        return ", ".join(str(label) for flag, label in flags if flag) or "—"

    @admin.display(description=_("cơ quan thực hiện"))
    def executing_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.executing_agencies)

    @admin.display(description=_("cơ quan phối hợp"))
    def coordinating_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.coordinating_agencies)

    @admin.display(description=_("cơ quan có thẩm quyền"))
    def authority_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.authority_agencies)

    @admin.display(description=_("cơ quan được ủy quyền"))
    def authorized_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.authorized_agencies)

    @admin.display(description=_("kết quả thực hiện"))
    def results_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.results)

    @admin.display(description=_("đối tượng thực hiện"))
    def subject_types_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.subject_types)

    @admin.display(description=_("căn cứ pháp lý"))
    def legal_bases_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(version.legal_bases)

    @admin.display(description=_("cách thức trả kết quả"))
    def returning_list(self, version: ProcedureVersion) -> SafeString | str:
        return named_list(
            [
                {"code": e.get("type", ""), "name": e.get("value", "")}
                for e in version.returning_methods
            ]
        )

    @admin.display(description=_("thành phần hồ sơ"))
    def components_table(self, version: ProcedureVersion) -> SafeString | str:
        sets = version.component_sets.prefetch_related("components")
        if not sets:
            return "—"
        return format_html_join(
            "",
            "<p><strong>{}</strong></p>{}",
            ((str(s), component_rows(s)) for s in sets),
        )


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin[Sector]):
    """Sectors (lĩnh vực) as the national records name them."""

    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("name",)


def named_list(items: object) -> SafeString | str:
    """A stored list of {code, name} as an HTML list."""
    rows = [
        (str(item.get("name", "")), str(item.get("code", "")))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    if not rows:
        return "—"
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{} <small>{}</small></li>", rows),
    )


def component_rows(component_set: ComponentSet) -> SafeString:
    """The papers of one set as an HTML table."""
    header = format_html(
        "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        _("Tên giấy tờ"),
        _("Bản chính"),
        _("Bản sao"),
        _("Bắt buộc"),
        _("Mẫu"),
    )
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                component.name or component.code or "—",
                component.original_qty,
                component.copy_qty,
                _("Có") if component.is_required else _("Không"),
                ", ".join(
                    t.get("file_name", "") for t in component.templates if isinstance(t, dict)
                ),
            )
            for component in component_set.components.all()
        ),
    )
    return format_html("<table>{}{}</table>", header, rows)


def methods_table(version: ProcedureVersion) -> SafeString | str:
    """The methods of a version with their processing time, one line each."""
    methods = list(version.methods.all())
    if not methods:
        return "—"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{}: {}</li>",
            ((method.get_channel_display(), method_time(method)) for method in methods),
        ),
    )


def method_time(method: ExecutionMethod) -> str:
    """A method's processing time as people read it ("7 Ngày làm việc", "Không")."""
    if method.processing_time is None:
        return method.time_text or "—"
    number = f"{method.processing_time.normalize():f}"
    return f"{number} {method.get_time_unit_display()}"
