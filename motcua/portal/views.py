"""Citizen-facing pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page."""
    return render(request, "portal/home.html")


def procedures(request: HttpRequest) -> HttpResponse:
    """The public catalogue (search and filters)."""
    return render(request, "portal/procedures.html")
