"""The tracking link in messages is signed: the applicant opens it without typing 4 digits."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from motcua.dossiers.services import mark_result_ready
from motcua.notifications.links import is_valid_token, tracking_token, tracking_url

pytestmark = pytest.mark.django_db


def test_the_sms_and_email_links_open_the_dossier_without_the_digits(
    dossier, specialist, sms_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mark_result_ready(dossier=dossier, by=specialist)

    sms_link = re.search(r"https?://\S+", sms_log[0].text)
    mail_link = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert sms_link is not None
    assert mail_link is not None
    assert sms_link.group(0) == mail_link.group(0) == tracking_url(str(dossier.code))
    address = urlsplit(sms_link.group(0))
    page = Client().get(f"{address.path}?{address.query}")
    assert page.status_code == 200
    assert str(dossier.code) in page.content.decode()
    assert "Đã xử lý xong" in page.content.decode()


def test_a_token_is_bound_to_its_code():
    token = tracking_token("000.00.17.H22-261123-0001")

    assert is_valid_token("000.00.17.H22-261123-0001", token)
    assert not is_valid_token("000.00.17.H22-261123-0002", token)
    assert not is_valid_token("000.00.17.H22-261123-0001", token[:-1] + "x")
