"""Citizen rating pages: from "my dossier" (own account) or from the receipt's tracking link."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.core.text import clean
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for
from motcua.portal.citizen import _user, citizen_view
from motcua.portal.tracking import is_valid_token
from motcua.ratings import services
from motcua.ratings.criteria import BY_KEY
from motcua.ratings.forms import RatingForm
from motcua.ratings.models import Rating


def _rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


def _page(
    request: HttpRequest,
    *,
    dossier: Dossier,
    form: RatingForm | None,
    rating: Rating | None,
    hidden: list[tuple[str, str]] | None = None,
    back_url: str = "",
    status: int = 200,
) -> HttpResponse:
    given = (
        [
            (BY_KEY[key].question, BY_KEY[key].answer_label(score))
            for key, score in rating.scores().items()
            if score is not None or BY_KEY[key].may_skip is not None
        ]
        if rating is not None
        else []
    )
    return render(
        request,
        "portal/citizen/rate.html",
        {
            "dossier": dossier,
            "form": form,
            "rating": rating,
            "given": given,
            "closes_at": services.closes_at(dossier),
            "hidden": hidden or [],
            "back_url": back_url,
        },
        status=status,
    )


def _status_of(exc: DomainError) -> int:
    return exc.http_status if exc.http_status in {404, 409} else 400


@citizen_view
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner rates their dossier (or changes the rating) once the result is ready."""
    user = _user(request)
    dossier = dossier_for(user, pk)
    rating = _rating_of(dossier)
    back_url = reverse("portal:my_dossier", args=[dossier.pk])
    if not services.can_rate(dossier):
        messages.error(request, _("Hồ sơ này chưa có kết quả hoặc đã hết thời hạn đánh giá."))
        status = 409 if request.method == "POST" else 200
        return _page(
            request, dossier=dossier, form=None, rating=rating, back_url=back_url, status=status
        )
    form = RatingForm(request.POST or None, online=services.is_online(dossier), rating=rating)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rate_online(dossier=dossier, by=user, data=form.to_input())
            except DomainError as exc:
                messages.error(request, exc.message)
                return _page(
                    request,
                    dossier=dossier,
                    form=form,
                    rating=_rating_of(dossier),
                    back_url=back_url,
                    status=_status_of(exc),
                )
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ."))
            return redirect("portal:my_dossier", pk=dossier.pk)
        return _page(
            request, dossier=dossier, form=form, rating=rating, back_url=back_url, status=400
        )
    return _page(request, dossier=dossier, form=form, rating=rating, back_url=back_url)


@never_cache
@require_http_methods(["GET", "POST"])
def rate_by_receipt(request: HttpRequest) -> HttpResponse:
    """Whoever holds the receipt rates from its tracking link, without an account."""
    source = request.POST if request.method == "POST" else request.GET
    code = clean(source.get("ma", "")).upper()
    token = clean(source.get("k", ""))
    dossier = Dossier.objects.select_related("procedure_version").filter(code=code).first()
    if dossier is None or not token or not is_valid_token(code, token):
        response = render(
            request,
            "portal/citizen/rate_invalid.html",
            {"error": _("Đường dẫn đánh giá không hợp lệ hoặc đã hết hiệu lực.")},
            status=404,
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    rating = _rating_of(dossier)
    hidden = [("ma", code), ("k", token)]
    back_url = f"{reverse('portal:tracking')}?{urlencode({'ma': code, 'k': token})}"
    if not services.can_rate(dossier):
        messages.error(request, _("Hồ sơ này chưa có kết quả hoặc đã hết thời hạn đánh giá."))
        status = 409 if request.method == "POST" else 200
        return _page(
            request, dossier=dossier, form=None, rating=rating, back_url=back_url, status=status
        )
    form = RatingForm(request.POST or None, online=services.is_online(dossier), rating=rating)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rating = services.rate_as_receipt_holder(dossier=dossier, data=form.to_input())
            except DomainError as exc:
                messages.error(request, exc.message)
                status = _status_of(exc)
                rating = _rating_of(dossier)
            else:
                messages.success(request, _("Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ."))
                return redirect(back_url)
        else:
            status = 400
    response = _page(
        request,
        dossier=dossier,
        form=form,
        rating=rating,
        hidden=hidden,
        back_url=back_url,
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
