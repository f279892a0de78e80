"""Use cases of internal processing: workflows, routes and tasks, liên thông, consultation, delays.

The public names are re-exported here: `from motcua.workflow import services`.
"""

from motcua.workflow.services.consultations import (
    answer_opinion,
    ask_opinion,
    escalate_late_consultations,
)
from motcua.workflow.services.definitions import (
    StepInput,
    legal_time,
    save_workflow,
    validate_steps,
)
from motcua.workflow.services.reappointment import reappoint
from motcua.workflow.services.routing import (
    LegInput,
    assign_task,
    claim_task,
    decide_on_the_spot,
    follow_move,
    pass_task,
    send_back,
    step_due,
    transfer_inter_agency,
)

__all__ = [
    "LegInput",
    "StepInput",
    "answer_opinion",
    "ask_opinion",
    "assign_task",
    "claim_task",
    "decide_on_the_spot",
    "escalate_late_consultations",
    "follow_move",
    "legal_time",
    "pass_task",
    "reappoint",
    "save_workflow",
    "send_back",
    "step_due",
    "transfer_inter_agency",
    "validate_steps",
]
