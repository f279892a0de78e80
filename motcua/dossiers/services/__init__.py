"""Use cases that change dossiers, one module per stage of the lifecycle.

The public names are re-exported here: `from motcua.dossiers import services`.
"""

from motcua.dossiers.services.applicants import ApplicantData, clean_applicant, remember_applicant
from motcua.dossiers.services.checklist import ComponentInput
from motcua.dossiers.services.codes import allocate_code, format_code
from motcua.dossiers.services.files import attach_file, validate_upload
from motcua.dossiers.services.intake import guide_at_counter, receive_at_counter, refuse_at_counter
from motcua.dossiers.services.lifecycle import Actor, move, record
from motcua.dossiers.services.online import (
    accept_online,
    refuse_dossier,
    request_correction,
    resubmit_online,
    submit_online,
)
from motcua.dossiers.services.processing import (
    close_unanswered,
    extend_due,
    mark_result_ready,
    provide_supplement,
    request_supplement,
    return_result,
    set_due_date,
    stop_processing,
    transfer,
    withdraw,
)

__all__ = [
    "Actor",
    "ApplicantData",
    "ComponentInput",
    "accept_online",
    "allocate_code",
    "attach_file",
    "clean_applicant",
    "close_unanswered",
    "extend_due",
    "format_code",
    "guide_at_counter",
    "mark_result_ready",
    "move",
    "provide_supplement",
    "receive_at_counter",
    "record",
    "refuse_at_counter",
    "refuse_dossier",
    "remember_applicant",
    "request_correction",
    "request_supplement",
    "resubmit_online",
    "return_result",
    "set_due_date",
    "stop_processing",
    "submit_online",
    "transfer",
    "validate_upload",
    "withdraw",
]
