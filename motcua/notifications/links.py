"""Signed public tracking links: whoever holds one may track that dossier without the 4 digits.

The token is an HMAC of the dossier code under the server's SECRET_KEY (`django.core.signing`,
own salt), so nobody can forge one for another code. It is printed in the receipt's QR code and
carried by the messages sent to the applicant (e-mail, SMS): the applicant opens the link and
sees the dossier at once. Rotating SECRET_KEY voids the links; the page then asks for the digits.
"""

from __future__ import annotations

import hmac
from typing import Final
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

# Kept from the first version of the tracking page so that printed receipts stay valid.
_SALT: Final = "motcua.portal.tracking"


def tracking_token(code: str) -> str:
    """The token that stands in for the 4 digits for this dossier code."""
    return str(signing.Signer(salt=_SALT).signature(code))


def is_valid_token(code: str, token: str) -> bool:
    """Whether `token` was issued for `code` by this server."""
    return hmac.compare_digest(tracking_token(code), token)


def tracking_url(code: str) -> str:
    """The absolute address of the dossier's public tracking page, token included."""
    query = urlencode({"ma": code, "k": tracking_token(code)})
    return f"{settings.PUBLIC_BASE_URL}{reverse('portal:tracking')}?{query}"
