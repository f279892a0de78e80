"""Forms of the citizen pages: they translate query strings into arguments of the selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Sector
from motcua.catalog.selectors import MAX_QUERY_LENGTH, CatalogueLevel


class CatalogueSearchForm(forms.Form):
    """The catalogue's search box and filters (all optional; a GET form).

    Any existing sector or agency is accepted, so an old bookmark keeps working; the page offers
    only those with published procedures (`catalogue_sectors`, `receiving_agencies`).
    """

    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Từ khóa dài tối đa %(limit_value)d ký tự.")},
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tất cả lĩnh vực"),
        error_messages={"invalid_choice": _("Không có lĩnh vực nào mang mã “%(value)s”.")},
    )
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        choices=[("", _("Tất cả các cấp")), *CatalogueLevel.choices],
        required=False,
        error_messages={"invalid_choice": _("Không có cấp thực hiện “%(value)s”.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Nơi tiếp nhận"),
        queryset=Agency.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tất cả nơi tiếp nhận"),
        error_messages={"invalid_choice": _("Không có cơ quan nào mang mã “%(value)s”.")},
    )

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments of `CatalogueSearch` (and `search_procedures`) from a valid form."""
        data = self.cleaned_data
        return {
            "query": data["q"],
            "sector": data["sector"],
            "level": CatalogueLevel(data["level"]) if data["level"] else None,
            "agency": data["agency"],
        }
