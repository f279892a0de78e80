"""Citizen-facing pages: the home page and the public procedure catalogue."""

from __future__ import annotations

from typing import Final

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from motcua.catalog.models import Channel
from motcua.catalog.selectors import (
    CatalogueLevel,
    CatalogueSearch,
    catalogue_page,
    catalogue_sectors,
    named_items,
    procedure_for_page,
    receiving_agencies,
    sector_counts,
)
from motcua.core.errors import NotFoundError
from motcua.portal.forms import CatalogueSearchForm

PAGE_SIZE: Final = 20
# Online submission happens only on the National Public Service Portal (ND 118/2025); its home
# page is the one address of it that is stable enough to print.
NATIONAL_PORTAL_URL: Final = "https://dichvucong.gov.vn/"


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (not htmx restoring a page from history)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: search box and the catalogue's sectors."""
    sectors = sector_counts()
    return render(
        request,
        "portal/home.html",
        {"sectors": sectors, "procedure_count": sum(s.procedure_count for s in sectors)},
    )


@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    """The public catalogue: search (without diacritics too), filters and pages of results.

    htmx requests (live search, paging) get only the results fragment; everything else the
    whole page, so the catalogue works without JavaScript.
    """
    form = CatalogueSearchForm(request.GET)
    page = None
    if form.is_valid():
        search = CatalogueSearch(**form.search_arguments())
        page = catalogue_page(search, number=request.GET.get("page"), size=PAGE_SIZE)
    context: dict[str, object] = {
        "form": form,
        "page": page,
        "is_filtered": any(request.GET.get(name) for name in form.fields),
    }
    if _wants_fragment(request):
        response = render(request, "portal/_procedure_results.html", {**context, "oob": True})
    else:
        context |= {
            "sector_options": catalogue_sectors(),
            "agency_options": receiving_agencies(),
            "level_options": CatalogueLevel.choices,
        }
        response = render(request, "portal/procedures.html", context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A procedure's page: what to bring, what it costs, how long it takes, on what legal basis."""
    try:
        procedure = procedure_for_page(code)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    version = procedure.current_version
    methods = list(version.methods.all()) if version else []
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "methods": methods,
            "channels": sorted({m.channel for m in methods}, key=list(Channel).index),
            "receiving_agencies": list(procedure.receiving_agencies.all()),
            "executing_agencies": named_items(version.executing_agencies) if version else [],
            "subject_types": named_items(version.subject_types) if version else [],
            "national_portal_url": NATIONAL_PORTAL_URL,
        },
    )
