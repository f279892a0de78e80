"""Vietnamese first, English available.

The browser's Accept-Language never switches the interface language; the language selector
does, and the English catalogue covers the public pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_vietnamese() -> Iterator[None]:
    """The chosen language stays active in this thread: keep English out of later tests."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
    assert ENGLISH_CATALOGUE.with_suffix(".mo").exists(), "run `make install` to compile it"
    assert "Administrative procedures" in html
    assert "Track a dossier" in html
    assert "Thủ tục hành chính" not in html


def test_choosing_vietnamese_again_switches_back(client: Client) -> None:
    choose_language(client, "en")
    choose_language(client, "vi")

    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="vi">' in response.content.decode()


def test_an_unsupported_language_cookie_falls_back_to_vietnamese(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="fr,en")

    assert '<html lang="vi">' in response.content.decode()


ENGLISH_CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
PUBLIC_SOURCES = ("motcua/templates/", "motcua/portal/")
MSGFMT = shutil.which("msgfmt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogue() -> polib.POFile:
    return polib.pofile(str(ENGLISH_CATALOGUE))


def is_public(entry: polib.POEntry) -> bool:
    return any(path.startswith(PUBLIC_SOURCES) for path, _line in entry.occurrences)


def test_every_public_page_string_has_a_reviewed_english_translation() -> None:
    public = [entry for entry in catalogue() if is_public(entry)]

    missing = [entry.msgid for entry in public if not entry.translated()]
    fuzzy = [entry.msgid for entry in public if "fuzzy" in entry.flags]

    assert public, f"no strings from {PUBLIC_SOURCES} in {ENGLISH_CATALOGUE}"
    assert missing == [], "untranslated (run makemessages -l en and translate them)"
    assert fuzzy == [], "fuzzy (review the translation and drop the fuzzy flag)"


def test_translations_keep_every_placeholder() -> None:
    broken = []
    for entry in catalogue().translated_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        for source, english in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(english)):
                broken.append(source)

    assert broken == []


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
def test_the_catalogue_compiles_with_format_checks(tmp_path: Path) -> None:
    assert MSGFMT is not None
    result = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [MSGFMT, "--check", "-o", str(tmp_path / "django.mo"), str(ENGLISH_CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
