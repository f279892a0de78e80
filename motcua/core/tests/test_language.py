"""Vietnamese first: the browser's Accept-Language never switches the interface language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def choose_language(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_accept_language_english_still_gets_the_vietnamese_page(client: Client) -> None:
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Thủ tục hành chính" in html
    assert response.headers["Content-Language"] == "vi"


def test_choosing_english_switches_the_page_to_english(client: Client) -> None:
    choose_language(client, "en")

    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="vi")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response.headers["Content-Language"] == "en"
    assert "Cookie" in response.headers["Vary"]


def test_choosing_vietnamese_again_switches_back(client: Client) -> None:
    choose_language(client, "en")
    choose_language(client, "vi")

    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="vi">' in response.content.decode()


def test_an_unsupported_language_cookie_falls_back_to_vietnamese(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="fr,en")

    assert '<html lang="vi">' in response.content.decode()
