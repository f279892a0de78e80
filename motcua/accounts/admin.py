"""Admin pages for user accounts."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    """Users with their kind and identity fields."""

    list_display = ("username", "full_name", "kind", "email", "phone", "is_active")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email", "phone", "id_no")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Thông tin định danh"),
            {
                "fields": (
                    "kind",
                    "full_name",
                    "phone",
                    "id_no",
                    "organization_name",
                    "email_verified_at",
                    "oidc_subject",
                )
            },
        ),
    )
