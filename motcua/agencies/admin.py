"""Admin pages for the organisation: agencies as a tree with history, officers and their roles."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer, RoleGrant
from motcua.agencies.services import succeed_agency
from motcua.core.errors import DomainError
from motcua.core.text import clean


class ValidityFilter(admin.SimpleListFilter):
    """Agencies that exist today, or those already dissolved or merged away."""

    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [("con", _("Đang hiệu lực")), ("het", _("Đã hết hiệu lực"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "con":
            return queryset.filter(pk__in=Agency.objects.valid_on(today).values("pk"))
        if self.value() == "het":
            return queryset.exclude(pk__in=Agency.objects.valid_on(today).values("pk"))
        return queryset


class AgencyForm(forms.ModelForm[Agency]):
    """An agency; the identifier code is kept as typed, without stray spaces."""

    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "address",
            "phone",
            "email",
        )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code") or "").split())
        if not code:
            raise forms.ValidationError(_("Mã định danh không được để trống."))
        return code

    def clean_name(self) -> str:
        # Names pasted from decisions carry double spaces and line breaks.
        return clean(self.cleaned_data.get("name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent = data.get("parent")
        if parent is not None and self.instance.pk is not None:
            ancestor: Agency | None = parent
            while ancestor is not None:
                if ancestor.pk == self.instance.pk:
                    raise forms.ValidationError(
                        {
                            "parent": _(
                                "Cơ quan cấp trên không thể là chính nó hay đơn vị con của nó."
                            )
                        }
                    )
                ancestor = ancestor.parent
        return data


class SuccessionForm(forms.Form):
    """The successor and the first day it takes over (used by the succession action)."""

    successor = forms.ModelChoiceField(
        label=_("Cơ quan kế thừa"),
        queryset=Agency.objects.none(),
        help_text=_("Cơ quan nhận toàn bộ hồ sơ đang xử lý và thủ tục của các cơ quan đã chọn."),
    )
    on = forms.DateField(
        label=_("Kế thừa từ ngày"),
        help_text=_("Các cơ quan đã chọn hết hiệu lực vào cuối ngày hôm trước."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, excluded: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Agency]", self.fields["successor"])
        field.queryset = (
            Agency.objects.valid_on(timezone.localdate())
            .exclude(pk__in=excluded.values("pk"))
            .order_by("name")
        )


class ChildInline(admin.TabularInline[Agency, Agency]):
    """The units directly under an agency."""

    model = Agency
    fk_name = "parent"
    fields = ("code", "name", "kind", "level", "valid_from", "valid_to")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("đơn vị trực thuộc")
    verbose_name_plural = _("đơn vị trực thuộc")

    def has_add_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    """Agencies as a tree with validity and successor; succession goes through its action."""

    form = AgencyForm
    list_display = (
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
        "is_valid_today",
    )
    list_filter = (ValidityFilter, "kind", "level", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent", "successor")
    search_fields = ("code", "name", "short_name")
    search_help_text = _("Tìm theo mã định danh, tên hoặc tên viết tắt.")
    autocomplete_fields = ("parent",)
    readonly_fields = ("successor", "predecessors_list", "officer_count")
    fieldsets = (
        (_("Định danh"), {"fields": ("code", "name", "short_name", "kind", "level", "parent")}),
        (
            _("Hiệu lực và kế thừa"),
            {
                "fields": ("valid_from", "valid_to", "successor", "predecessors_list"),
                "description": _(
                    "Khi sáp nhập, chia tách hay giải thể, dùng thao tác "
                    '"Chuyển giao cho cơ quan kế thừa" trên danh sách: hồ sơ đang xử lý và '
                    "thủ tục được chuyển theo."
                ),
            },
        ),
        (_("Liên hệ"), {"fields": ("address", "phone", "email", "officer_count")}),
    )
    inlines = [ChildInline]
    actions = ["succeed_selected"]
    ordering = ("code",)

    @admin.display(description=_("đang hiệu lực"), boolean=True)
    def is_valid_today(self, agency: Agency) -> bool:
        return agency.is_valid_on(timezone.localdate())

    @admin.display(description=_("kế thừa từ"))
    def predecessors_list(self, agency: Agency) -> str:
        if agency.pk is None:
            return "—"
        names = [str(a) for a in agency.predecessors.order_by("code")]
        return "; ".join(names) or "—"

    @admin.display(description=_("số cán bộ"))
    def officer_count(self, agency: Agency) -> int:
        if agency.pk is None:
            return 0
        counts = Agency.objects.filter(pk=agency.pk).aggregate(
            n=Count("officers", filter=Q(officers__user__is_active=True))
        )
        return int(counts["n"])

    @admin.action(description=_("Chuyển giao cho cơ quan kế thừa (sáp nhập, giải thể)"))
    def succeed_selected(
        self, request: HttpRequest, queryset: QuerySet[Agency]
    ) -> HttpResponse | None:
        """Ask for the successor and the date, then run `succeed_agency` for each agency."""
        form = SuccessionForm(
            request.POST if "apply" in request.POST else None,
            excluded=queryset,
            initial={"on": timezone.localdate() + dt.timedelta(days=1)},
        )
        if "apply" in request.POST and form.is_valid():
            successor: Agency = form.cleaned_data["successor"]
            on: dt.date = form.cleaned_data["on"]
            for agency in queryset.order_by("code"):
                try:
                    moved = succeed_agency(agency=agency, successor=successor, on=on)
                except DomainError as exc:
                    self.message_user(request, f"{agency.code}: {exc.message}", messages.ERROR)
                    continue
                summary = ", ".join(f"{key}={count}" for key, count in sorted(moved.items()))
                self.message_user(
                    request,
                    gettext("%(old)s hết hiệu lực từ %(day)s; %(new)s kế thừa (%(moved)s).")
                    % {
                        "old": agency.code,
                        "day": on.strftime("%d/%m/%Y"),
                        "new": successor.code,
                        "moved": summary or gettext("không có việc đang mở"),
                    },
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Chuyển giao cho cơ quan kế thừa"),
            "opts": self.model._meta,
            "agencies": queryset.order_by("code"),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action_name": "succeed_selected",
        }
        return TemplateResponse(request, "admin/agencies/agency/succeed.html", context)


class RoleGrantInline(admin.TabularInline[RoleGrant, Officer]):
    """The roles an officer holds."""

    model = RoleGrant
    extra = 1


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin[Officer]):
    """Officers with their agency and roles."""

    list_display = (
        "user",
        "agency",
        "title",
        "roles_list",
        "counter_number",
        "can_decide_on_spot",
        "is_active",
    )
    list_filter = (
        "role_grants__role",
        "can_decide_on_spot",
        ("agency", admin.RelatedOnlyFieldListFilter),
        "user__is_active",
    )
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "user__full_name", "agency__name", "agency__code")
    autocomplete_fields = ("user", "agency", "seconded_from")
    fieldsets = (
        (None, {"fields": ("user", "agency", "seconded_from", "title")}),
        (_("Tại Bộ phận Một cửa"), {"fields": ("counter_number", "can_decide_on_spot")}),
    )
    inlines = [RoleGrantInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Officer]:
        return super().get_queryset(request).prefetch_related("role_grants")

    @admin.display(description=_("vai trò"))
    def roles_list(self, officer: Officer) -> str:
        return ", ".join(grant.get_role_display() for grant in officer.role_grants.all())

    @admin.display(description=_("hoạt động"), boolean=True, ordering="user__is_active")
    def is_active(self, officer: Officer) -> bool:
        return bool(officer.user.is_active)
