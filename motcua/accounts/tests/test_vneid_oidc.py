"""End to end: log in through a real OpenID Connect provider (npm oidc-provider) on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.conf import settings
from django.test import Client

from motcua.accounts.models import User, UserKind

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CALLBACK = "http://testserver/accounts/vneid/callback/"
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "test-client-secret"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None
    or not (settings.BASE_DIR / "node_modules" / "oidc-provider").is_dir(),
    reason="needs node and the oidc-provider package (npm ci)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        ["node", str(SCRIPT), str(port), CLIENT_ID, CLIENT_SECRET, CALLBACK],  # noqa: S607
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def vneid(provider: str, settings) -> str:
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    return provider


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, html
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return unescape(action.group(1)), fields


def _log_in_at_provider(start: str, login: str) -> str:
    """Drive the provider's own pages like a browser; return the redirect back to motcua."""
    browser = requests.Session()
    url = start
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _step in range(10):
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver/"):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
            continue
        action, fields = _form(response.text)
        if 'name="login"' in response.text:
            fields |= {"login": login, "password": "any"}
        url = urljoin(url, action)
        response = browser.post(url, data=fields, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")


def _login_through_vneid(client: Client, login: str) -> None:
    start = client.get("/accounts/vneid/?next=/thu-tuc/")
    assert start.status_code == 302
    assert start["Location"].startswith(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    assert "code_challenge=" in start["Location"]
    back = _log_in_at_provider(start["Location"], login)
    done = client.get(back.removeprefix("http://testserver"))
    assert done.status_code == 302
    assert done["Location"] == "/thu-tuc/"


@pytest.mark.django_db
def test_first_vneid_login_creates_a_verified_citizen_account_keyed_by_sub(vneid):
    client = Client()
    _login_through_vneid(client, "citizen-an")
    user = User.objects.get(oidc_subject="citizen-an")
    assert user.kind == UserKind.CITIZEN
    assert user.id_no == "001090000123"
    assert user.full_name == "Nguyễn Văn An"
    assert user.email == "an.nguyen@example.vn"
    assert user.email_verified_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    # A second login finds the same account instead of creating another.
    _login_through_vneid(Client(), "citizen-an")
    assert User.objects.filter(oidc_subject="citizen-an").count() == 1


@pytest.mark.django_db
def test_vneid_login_links_the_existing_account_with_the_same_personal_id(vneid):
    existing = User.objects.create_user(
        username="binh@example.vn",
        email="binh@example.vn",
        password="mat-khau-dai-123",
        id_no="079185000456",
        full_name="Tran Thi Binh",
    )
    client = Client()
    _login_through_vneid(client, "citizen-binh")
    existing.refresh_from_db()
    assert existing.oidc_subject == "citizen-binh"
    assert existing.full_name == "Trần Thị Bình"
    # The provider did not vouch for the new address: the verified one is kept.
    assert existing.email == "binh@example.vn"
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_forged_callback_logs_nobody_in(vneid):
    client = Client(raise_request_exception=False)
    client.get("/accounts/vneid/")
    response = client.get("/accounts/vneid/callback/?code=forged&state=not-the-state")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


@pytest.mark.django_db
def test_vneid_pages_are_absent_while_not_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get("/accounts/vneid/").status_code == 404
    assert "VNeID" not in client.get("/accounts/login/").content.decode()
