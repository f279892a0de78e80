"""Typed contents of the standard forms: what each paper prints, independent of the database.

A context is a frozen snapshot taken when the paper is issued. Builders (`builders.py`) fill one
from a dossier; the templates read nothing else, so a form is only as right as its context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from motcua.core.errors import DomainError


@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    """The top of an administrative paper: the governing body, the issuing desk and its place."""

    governing_body: str
    agency_name: str
    place: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplicantInfo:
    """The person or organisation a paper is addressed to, as they gave their details."""

    name: str
    id_no: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaperLine:
    """One paper of a dossier with the number of originals and copies (received or missing)."""

    name: str
    originals: int = 0
    copies: int = 0
    note: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise DomainError("Tên giấy tờ không được để trống.")
        if self.originals < 0 or self.copies < 0:
            raise DomainError(f"Số bản của giấy tờ «{self.name}» không được âm.")


@dataclass(frozen=True, slots=True, kw_only=True)
class FormContext:
    """What every form prints: header, dossier code, applicant, request, issuing officer, date."""

    letterhead: Letterhead
    desk_name: str
    dossier_code: str
    applicant: ApplicantInfo
    request_content: str
    officer_name: str
    issued_at: dt.datetime

    def __post_init__(self) -> None:
        if self.issued_at.utcoffset() is None:
            raise DomainError("Thời điểm lập phiếu phải có múi giờ.")
        if not self.applicant.name.strip():
            raise DomainError("Phiếu phải ghi tên người nộp hồ sơ.")
        if not self.request_content.strip():
            raise DomainError("Phiếu phải ghi nội dung yêu cầu giải quyết (tên thủ tục).")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptContext(FormContext):
    """Mẫu 01: the receipt with the appointment to return the result."""

    papers: tuple[PaperLine, ...]
    sets: int = 1
    processing_time: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    return_place: str
    tracking_url: str
    register_book: str = ""
    register_entry: str = ""

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.dossier_code:
            raise DomainError("Giấy tiếp nhận phải có mã hồ sơ.")
        if not self.papers:
            raise DomainError("Giấy tiếp nhận phải liệt kê ít nhất một thành phần hồ sơ.")
        if self.sets < 1:
            raise DomainError("Số lượng hồ sơ phải từ 1 bộ trở lên.")
        if self.due_at is not None and self.due_at < self.received_at:
            raise DomainError("Thời gian trả kết quả không được trước thời gian nhận hồ sơ.")


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementRequestContext(FormContext):
    """Mẫu 02: everything the applicant must add or correct, listed once and in full."""

    missing: tuple[PaperLine, ...]
    reason: str = ""
    contact: str = ""

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.missing:
            raise DomainError("Phiếu yêu cầu bổ sung phải nêu ít nhất một nội dung cần bổ sung.")


@dataclass(frozen=True, slots=True, kw_only=True)
class RefusalContext(FormContext):
    """Mẫu 03: why the desk refuses to receive and handle the dossier."""

    reasons: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.reasons or not all(reason.strip() for reason in self.reasons):
            raise DomainError("Phiếu từ chối phải nêu rõ lý do từ chối.")


@dataclass(frozen=True, slots=True, kw_only=True)
class ApologyContext(FormContext):
    """Mẫu 04: the unit at fault apologises for the delay and sets a new return date."""

    fault_agency_name: str
    received_at: dt.datetime
    previous_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    head_name: str = ""

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.dossier_code:
            raise DomainError("Phiếu xin lỗi phải có mã hồ sơ.")
        if not self.reason.strip():
            raise DomainError("Phiếu xin lỗi phải nêu lý do chậm trả kết quả.")
        if not self.fault_agency_name.strip():
            raise DomainError("Phiếu xin lỗi phải nêu cơ quan, đơn vị để xảy ra chậm trễ.")
        if self.new_due_at <= self.previous_due_at:
            raise DomainError("Ngày hẹn trả mới phải sau ngày hẹn trả cũ.")


class StepResult(StrEnum):
    """How a step or the whole dossier ended against its deadline (Mẫu 05's result column)."""

    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True, slots=True, kw_only=True)
class HandOver:
    """One row of the control sheet: who gave the dossier to whom, when, and how the giver did."""

    giver: str
    receiver: str
    at: dt.datetime
    result: StepResult | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise DomainError("Thời điểm giao, nhận hồ sơ phải có múi giờ.")


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlSheetContext(FormContext):
    """Mẫu 05: the dossier's journey between agencies, one row per hand-over."""

    lead_agency_name: str
    coordinating_agency_names: tuple[str, ...] = ()
    hand_overs: tuple[HandOver, ...]

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.dossier_code:
            raise DomainError("Phiếu kiểm soát phải có mã hồ sơ.")
        if not self.hand_overs:
            raise DomainError("Phiếu kiểm soát phải có ít nhất một lần giao, nhận hồ sơ.")


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferLeg:
    """One agency's part of a liên thông dossier on the transfer slip."""

    agency_name: str
    assignment: str
    time_text: str
    due_at: dt.datetime
    is_lead: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferSlipContext(FormContext):
    """The liên thông transfer slip: each agency's task and its own deadline, in order."""

    lead_agency_name: str
    legs: tuple[TransferLeg, ...]
    due_at: dt.datetime | None

    def __post_init__(self) -> None:
        FormContext.__post_init__(self)
        if not self.legs:
            raise DomainError("Phiếu chuyển xử lý phải nêu ít nhất một cơ quan và nhiệm vụ.")
        if not all(leg.assignment.strip() for leg in self.legs):
            raise DomainError("Phiếu chuyển xử lý phải ghi nhiệm vụ của từng cơ quan.")
