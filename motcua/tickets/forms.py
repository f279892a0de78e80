"""The kiosk's form: which area, and the one-time token rendered with the page."""

from __future__ import annotations

from django import forms


class KioskForm(forms.Form):
    """One tap on an area button; the token makes a second tap of the same page harmless."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    area = forms.IntegerField(min_value=1)
