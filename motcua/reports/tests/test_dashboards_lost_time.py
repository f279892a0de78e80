"""Where time is lost: late steps of overdue dossiers, added up by unit and by step."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.agencies.tests.factories import AgencyFactory
from motcua.dossiers.services import transfer
from motcua.dossiers.tests.conftest import *  # noqa: F403 (desk, department, procedure, clock)
from motcua.dossiers.tests.conftest import VN, _fresh_catalogues  # noqa: F401
from motcua.dossiers.tests.factories import DossierFactory
from motcua.reports.dashboards import lost_time_dossiers, lost_time_panel
from motcua.workflow.models import StepTask
from motcua.workflow.selectors import delay_attribution
from motcua.workflow.services import pass_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(clock, centre, department, procedure, desk_officer, specialist):
    """Two dossiers whose first step at the department overran, one still within time."""
    made = []
    for due in (dt.datetime(2023, 10, 30, 17, tzinfo=VN), dt.datetime(2023, 10, 31, 17, tzinfo=VN)):
        dossier = DossierFactory(
            procedure=procedure, receiving_agency=centre, competent_agency=department, due_at=due
        )
        transfer(dossier=dossier, by=desk_officer)
        made.append(dossier)
    DossierFactory(
        procedure=procedure,
        receiving_agency=centre,
        competent_agency=department,
        due_at=dt.datetime(2023, 11, 20, 17, tzinfo=VN),
    )
    clock.set(dt.datetime(2023, 11, 2, 9, 32, tzinfo=VN))
    pass_task(task=StepTask.objects.open().get(dossier=made[0]), by=specialist)
    return made


def test_lost_time_adds_up_by_unit_and_step(late, department):
    panel = lost_time_panel()
    assert panel.dossiers == 2
    assert not panel.is_truncated
    [unit] = panel.by_unit
    assert (unit.code, unit.dossiers) == (department.code, 2)
    found = delay_attribution(agency=department)
    assert unit.dossiers == len(found)
    assert unit.lost == sum((s.lost for d in found for s in d.steps), dt.timedelta())
    assert unit.steps == sum(len(d.steps) for d in found)
    assert unit.hours > 0
    assert sum(row.steps for row in panel.by_step) == unit.steps
    assert sum((row.lost for row in panel.by_step), dt.timedelta()) == unit.lost
    assert all(row.code == department.code and row.step for row in panel.by_step)


def test_lost_time_keeps_to_the_agency_and_period(late, department):
    elsewhere = AgencyFactory(code="000.00.99.H56", name="Sở khác")
    assert lost_time_panel(agency=elsewhere).by_unit == ()
    assert lost_time_panel(agency=department).dossiers == 2
    assert lost_time_panel(due_from=dt.date(2023, 10, 31)).dossiers == 1
    assert lost_time_panel(due_to=dt.date(2023, 10, 29)).by_unit == ()
    listed = lost_time_dossiers(agency=None, due_from=None, due_to=None, unit=department)
    assert [d.dossier_id for d in listed] == [d.pk for d in late]
    assert lost_time_dossiers(agency=elsewhere, due_from=None, due_to=None, unit=department) == []
