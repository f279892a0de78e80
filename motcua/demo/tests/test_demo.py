"""`motcua demo`: a sample province, one login per role, the catalogue, the calendar; idempotent."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Model

from motcua.accounts.models import User, UserKind
from motcua.agencies.models import Agency, AgencyKind, AgencyLevel, Officer, Role, RoleGrant
from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.deadlines.models import CalendarDay, CalendarYear
from motcua.demo import data
from motcua.demo.data import DEMO_PASSWORD
from motcua.demo.services import load_demo, logins_table
from motcua.tickets.models import Counter, CounterArea, ServiceArea

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
DOCS = Path(__file__).resolve().parents[3] / "docs" / "demo.md"


def snapshot() -> dict[str, list[dict[str, object]]]:
    """Every row the demo writes, with every column, so any change shows."""
    models: list[type[Model]] = [
        Agency,
        User,
        Officer,
        RoleGrant,
        Sector,
        Procedure,
        ProcedureVersion,
        CalendarDay,
        CalendarYear,
        ServiceArea,
        Counter,
        CounterArea,
    ]
    rows = {m.__name__: list(m._default_manager.order_by("pk").values()) for m in models}
    through = Procedure.receiving_agencies.through
    rows["receiving"] = [dict(row) for row in through.objects.order_by("pk").values()]
    return rows


def test_the_demo_builds_a_province_with_its_centre_departments_and_communes():
    load_demo(today=TODAY)

    province = Agency.objects.get(code="000.00.00.H22")
    assert province.kind == AgencyKind.PEOPLES_COMMITTEE
    centre = Agency.objects.get(code=data.CENTRE)
    assert centre.kind == AgencyKind.SERVICE_CENTRE
    departments = Agency.objects.filter(kind=AgencyKind.DEPARTMENT, parent=province)
    assert departments.count() >= 4
    communes = Agency.objects.filter(
        kind=AgencyKind.PEOPLES_COMMITTEE, level=AgencyLevel.COMMUNE
    ).valid_on(TODAY)
    assert set(communes.values_list("code", flat=True)) == {"H22.151", "H22.152"}
    for commune in communes:
        assert commune.children.receiving().exists(), commune.code
    old = Agency.objects.get(code=data.OLD_DISTRICT)
    assert not old.is_valid_on(TODAY)
    assert old.current().code == "H22.151"


def test_there_is_one_officer_per_role_and_every_demo_login_works(client):
    load_demo(today=TODAY)

    for role in Role:
        officers = Officer.objects.with_role(role)
        assert officers.count() == 1, role
    admin = Officer.objects.with_role(Role.ADMINISTRATOR).get().user
    assert admin.is_superuser
    assert admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()
    assert User.objects.filter(kind=UserKind.CITIZEN, username="congdan").exists()
    for item in data.USERS:
        assert client.login(username=item.username, password=DEMO_PASSWORD), item.username
        client.logout()


def test_the_catalogue_comes_from_the_shipped_records_with_local_settings():
    load_demo(today=TODAY)

    assert Procedure.objects.published().count() == 80
    centre = Agency.objects.get(code=data.CENTRE)
    assert Procedure.objects.received_by(centre).count() == 80

    def competent(code: str) -> str | None:
        agency = Procedure.objects.get(code=code).competent_agency
        return agency.code if agency else None

    assert competent("1.001686") == data.AGRICULTURE_ENVIRONMENT  # Thú y (G10)
    assert competent("1.009824") == data.TAX  # Thuế, by its sector code
    assert competent("1.004628") == data.CULTURE_SPORTS_TOURISM  # Du lịch (G16)
    assert competent("1.014000") == data.PROVINCE_OFFICE  # Công tác Văn phòng
    assert competent("3.000576") == data.TAN_PHU  # commune level only
    assert competent("1.001207") is None  # ministry level: received and forwarded
    commune_procedure = Procedure.objects.get(code="3.000576")
    assert set(commune_procedure.receiving_agencies.values_list("code", flat=True)) == {
        data.CENTRE,
        *data.COMMUNE_CENTRES,
    }
    on_the_spot = Procedure.objects.filter(is_on_the_spot=True)
    assert set(on_the_spot.values_list("code", flat=True)) == data.ON_THE_SPOT
    assert Procedure.objects.get(code="1.012789").cutoff_time == dt.time(15)
    assert Procedure.objects.filter(cutoff_time__isnull=False).count() == len(data.CUTOFF_TIMES)


def test_the_working_calendar_is_loaded():
    load_demo(today=TODAY)

    assert CalendarDay.objects.filter(on=dt.date(2024, 9, 2)).exists()  # from the shipped file
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert {2019, 2024, 2025, 2026, 2027} <= years


def test_the_centre_has_a_queue_with_the_counter_officer_seated():
    load_demo(today=TODAY)

    centre = Agency.objects.get(code=data.CENTRE)
    prefixes = list(ServiceArea.objects.filter(agency=centre).values_list("prefix", flat=True))
    assert prefixes == [item.prefix for item in data.QUEUE_AREAS]
    assert ServiceArea.objects.get(prefix="U").is_priority
    land = ServiceArea.objects.get(prefix="A")
    assert [a.code for a in land.competent_agencies.all()] == [data.AGRICULTURE_ENVIRONMENT]
    first = Counter.objects.get(agency=centre, number=1)
    assert first.officer is not None
    assert first.officer.user.username == "motcua"
    served = CounterArea.objects.filter(counter=first).order_by("priority")
    assert [link.area.prefix for link in served] == ["U", "A"]
    assert Counter.objects.filter(agency=centre).count() == len(data.QUEUE_COUNTERS)


def test_running_the_demo_twice_changes_nothing():
    first = load_demo(today=TODAY)
    before = snapshot()

    second = load_demo(today=TODAY)

    assert first.changed
    assert not second.changed
    assert second.procedures == "imported=0 updated=0 unchanged=80 failed=0"
    assert snapshot() == before


def test_settings_an_administrator_changed_survive_a_second_run():
    load_demo(today=TODAY)
    procedure = Procedure.objects.get(code="1.001686")
    point = Agency.objects.get(code=data.TAN_PHU_POINT)
    procedure.receiving_agencies.set([point])
    procedure.is_on_the_spot = True
    procedure.save()
    user = User.objects.get(username="congdan")
    user.set_password("mat-khau-rieng-2026")
    user.save()

    load_demo(today=TODAY)

    procedure.refresh_from_db()
    assert list(procedure.receiving_agencies.all()) == [point]
    assert procedure.is_on_the_spot
    user.refresh_from_db()
    assert user.check_password("mat-khau-rieng-2026")


def test_the_command_prints_the_logins_last_and_says_when_nothing_changed():
    out = io.StringIO()
    call_command("demo", stdout=out)
    out_again = io.StringIO()
    call_command("demo", stdout=out_again)

    assert out.getvalue().rstrip().endswith(logins_table())
    assert "imported=80" in out.getvalue()
    assert out_again.getvalue().startswith("Dữ liệu mẫu đã có sẵn: không thay đổi gì.")
    assert out_again.getvalue().rstrip().endswith(logins_table())


def test_docs_demo_md_lists_the_same_logins_as_the_command():
    assert logins_table() in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("sector", ["G10-NN12", "G13-TN02", "G99-XX01", "12345", ""])
def test_every_sector_gets_a_demo_department(sector):
    codes = {item.code for item in data.AGENCIES}
    assert data.department_for_sector(sector) in codes
