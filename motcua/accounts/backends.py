"""Password login by user name, e-mail address or phone number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.accounts.services import login_phone


class EmailOrPhoneBackend(ModelBackend):
    """Citizens log in with their e-mail or phone; officers keep their user names.

    An identifier that matches more than one account logs nobody in: guessing would hand one
    person's account to another.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        identifier = username.strip()
        condition = Q(username=identifier)
        if "@" in identifier:
            condition |= Q(email__iexact=identifier)
        phone = login_phone(identifier)
        if phone:
            condition |= Q(phone=phone)
        matches = list(User.objects.filter(condition)[:2])
        if len(matches) != 1:
            # Run the hasher anyway so that timing does not tell which identifiers exist.
            User().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
