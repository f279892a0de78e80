"""Request middleware that belongs to no domain: the interface language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Activate Vietnamese unless the user has chosen another language.

    Replaces Django's LocaleMiddleware, which would follow the browser's
    Accept-Language header: the one-stop shop is Vietnamese first, and English
    is only shown once the user picks it in the language selector (the
    ``set_language`` view stores that choice in the language cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def chosen_language(request: HttpRequest) -> str:
    """The language in the request's language cookie when supported, else LANGUAGE_CODE."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return translation.get_supported_language_variant(cookie)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)
