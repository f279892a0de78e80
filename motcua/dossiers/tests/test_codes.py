import datetime as dt

import pytest
from django.db import transaction

from motcua.agencies.tests.factories import AgencyFactory
from motcua.dossiers.models import DossierCodeCounter
from motcua.dossiers.services import allocate_code, format_code

from .conftest import VN


def test_the_code_format_is_agency_yymmdd_and_four_digits_widening_past_9999():
    day = dt.date(2025, 1, 24)
    assert format_code("000.00.17.H22", day, 7) == "000.00.17.H22-250124-0007"
    assert format_code("000.00.17.H22", day, 10000) == "000.00.17.H22-250124-10000"


@pytest.mark.django_db
def test_the_sequence_continues_past_9999():
    agency = AgencyFactory(code="H15.50.05.13")
    DossierCodeCounter.objects.create(agency=agency, day=dt.date(2026, 10, 8), last_value=9999)
    at = dt.datetime(2026, 10, 8, 10, 0, tzinfo=VN)
    with transaction.atomic():
        assert allocate_code(agency, at) == "H15.50.05.13-261008-10000"


@pytest.mark.django_db
def test_a_rolled_back_intake_gives_its_number_back():
    agency = AgencyFactory(code="H15.50.05.13")
    at = dt.datetime(2026, 10, 8, 10, 0, tzinfo=VN)

    def failing_intake() -> None:
        with transaction.atomic():
            allocate_code(agency, at)
            raise RuntimeError("intake failed")

    with pytest.raises(RuntimeError, match="intake failed"):
        failing_intake()
    with transaction.atomic():
        assert allocate_code(agency, at).endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_a_code_is_never_taken_outside_a_transaction():
    agency = AgencyFactory()
    with pytest.raises(RuntimeError, match="transaction"):
        allocate_code(agency, dt.datetime(2026, 10, 8, 10, 0, tzinfo=VN))
