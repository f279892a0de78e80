"""Factories for agencies, officers and users."""

from __future__ import annotations

import factory

from motcua.accounts.models import User, UserKind
from motcua.agencies.models import Agency, AgencyKind, AgencyLevel, Officer, Role, RoleGrant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    kind = UserKind.CITIZEN
    password = factory.django.Password("matkhau-demo-123")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"000.{n // 100:02d}.{n % 100:02d}.H99")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = AgencyKind.DEPARTMENT
    level = AgencyLevel.PROVINCE

    class Params:
        centre = factory.Trait(
            kind=AgencyKind.SERVICE_CENTRE, name="Trung tâm Phục vụ hành chính công tỉnh"
        )
        commune = factory.Trait(kind=AgencyKind.PEOPLES_COMMITTEE, level=AgencyLevel.COMMUNE)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, kind=UserKind.OFFICER)
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        for role in extracted or [Role.SPECIALIST]:
            RoleGrant.objects.get_or_create(officer=self, role=role)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    officer = factory.SubFactory(OfficerFactory)
    role = Role.SPECIALIST
