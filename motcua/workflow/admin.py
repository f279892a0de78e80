"""Admin of internal workflows: steps are checked against the legal time before they are saved."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from motcua.core.errors import DomainError
from motcua.workflow.models import Workflow, WorkflowStep
from motcua.workflow.services.definitions import StepInput, validate_steps


class StepFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Checks the whole list of steps (order, roles, total time) with the workflow service."""

    def clean(self) -> None:
        """Refuse the workflow when its steps are malformed or exceed the legal time."""
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row.get("position") or 0)
        steps = [
            StepInput(
                name=row.get("name") or "",
                kind=row.get("kind") or "",
                place=row.get("place") or "",
                role=row.get("role") or "",
                amount=row.get("amount") or Decimal(0),
                unit=row.get("unit") or "",
                agency=row.get("agency"),
            )
            for row in rows
        ]
        procedure = self.instance.procedure if self.instance.procedure_id else None
        if procedure is None:
            return
        try:
            validate_steps(procedure, self.instance.case_code, steps)
        except DomainError as error:
            raise ValidationError(error.message) from None


class StepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = WorkflowStep
    formset = StepFormSet
    extra = 0
    autocomplete_fields = ("agency",)
    fields = ("position", "name", "kind", "place", "agency", "role", "amount", "unit")


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Per-procedure internal workflows (quy trình nội bộ)."""

    list_display = ("name", "procedure", "case_code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "procedure__code")
    autocomplete_fields = ("procedure",)
    inlines = (StepInline,)
