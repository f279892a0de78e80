from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.core.errors import DomainError
from motcua.workflow.models import StepKind, StepPlace, StepUnit, Workflow
from motcua.workflow.services import StepInput, save_workflow

pytestmark = pytest.mark.django_db


def _steps(appraise: str = "3", approve: str = "1", unit: str = StepUnit.WORKING_DAY):
    return [
        StepInput(
            "Tiếp nhận", StepKind.RECEIVE, StepPlace.RECEIVING, Role.COUNTER_OFFICER, Decimal("0.5")
        ),
        StepInput(
            "Thẩm định",
            StepKind.APPRAISE,
            StepPlace.COMPETENT,
            Role.SPECIALIST,
            Decimal(appraise),
            unit,
        ),
        StepInput(
            "Phê duyệt", StepKind.APPROVE, StepPlace.COMPETENT, Role.HEAD_OF_UNIT, Decimal(approve)
        ),
        StepInput(
            "Trả kết quả",
            StepKind.RETURN,
            StepPlace.RECEIVING,
            Role.COUNTER_OFFICER,
            Decimal("0.5"),
        ),
    ]


def test_steps_adding_up_to_the_legal_time_are_saved(clock, procedure):
    workflow = save_workflow(procedure=procedure, case_code="", name="Quy trình", steps=_steps())
    assert list(workflow.steps.values_list("position", "kind")) == [
        (1, StepKind.RECEIVE),
        (2, StepKind.APPRAISE),
        (3, StepKind.APPROVE),
        (4, StepKind.RETURN),
    ]


def test_steps_exceeding_the_legal_time_are_refused_and_nothing_is_saved(clock, procedure):
    with pytest.raises(DomainError, match="vượt thời hạn") as caught:
        save_workflow(procedure=procedure, case_code="", name="Quá dài", steps=_steps("4"))
    assert "05 ngày làm việc" in caught.value.message or "5 ngày làm việc" in caught.value.message
    assert not Workflow.objects.exists()


def test_hours_count_against_working_days(clock, procedure):
    save_workflow(
        procedure=procedure,
        case_code="",
        name="Giờ",
        steps=_steps("24", unit=StepUnit.WORKING_HOUR),
    )
    with pytest.raises(DomainError, match="vượt thời hạn"):
        save_workflow(
            procedure=procedure,
            case_code="",
            name="Giờ",
            steps=_steps("25", unit=StepUnit.WORKING_HOUR),
        )


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([], "ít nhất một bước"),
        (
            [
                StepInput(
                    "Thẩm định", StepKind.APPRAISE, StepPlace.AGENCY, Role.SPECIALIST, Decimal(1)
                )
            ],
            "phải chọn cơ quan",
        ),
        (
            [
                StepInput(
                    "Thẩm định", StepKind.APPRAISE, StepPlace.COMPETENT, Role.SPECIALIST, Decimal(1)
                ),
                StepInput(
                    "Tiếp nhận",
                    StepKind.RECEIVE,
                    StepPlace.RECEIVING,
                    Role.COUNTER_OFFICER,
                    Decimal(1),
                ),
            ],
            "bước đầu tiên",
        ),
        (
            [
                StepInput(
                    "Thẩm định",
                    StepKind.APPRAISE,
                    StepPlace.RECEIVING,
                    Role.COUNTER_OFFICER,
                    Decimal(1),
                )
            ],
            "cơ quan giải quyết",
        ),
        (
            [
                StepInput(
                    "Thẩm định", StepKind.APPRAISE, StepPlace.COMPETENT, Role.SPECIALIST, Decimal(0)
                )
            ],
            "lớn hơn 0",
        ),
    ],
)
def test_malformed_workflows_are_refused(clock, procedure, steps, message):
    with pytest.raises(DomainError, match=message):
        save_workflow(procedure=procedure, case_code="", name="Sai", steps=steps)
    assert not Workflow.objects.exists()


def test_an_unknown_case_is_refused(clock, procedure):
    with pytest.raises(DomainError, match="không có trường hợp"):
        save_workflow(procedure=procedure, case_code="TH9", name="X", steps=_steps())
