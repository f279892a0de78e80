"""Ready-made form contexts for tests: realistic Vietnamese content, overridable per test."""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.documents.contexts import (
    ApplicantInfo,
    Letterhead,
    PaperLine,
    ReceiptContext,
    RefusalContext,
    SupplementRequestContext,
)
from motcua.documents.formatting import VN_TZ

RECEIVED_AT = dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN_TZ)
DUE_AT = dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN_TZ)


def letterhead(**overrides: Any) -> Letterhead:
    values: dict[str, Any] = {
        "governing_body": "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
        "agency_name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "place": "Thanh Hóa",
    }
    return Letterhead(**(values | overrides))


def applicant(**overrides: Any) -> ApplicantInfo:
    values: dict[str, Any] = {
        "name": "Nguyễn Thị Hương Giang",
        "id_no": "038190001234",
        "address": "Số 12 đường Lê Lợi, phường Hạc Thành",
        "phone": "0912345678",
        "email": "giang@example.vn",
    }
    return ApplicantInfo(**(values | overrides))


def _common(overrides: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "letterhead": letterhead(),
        "desk_name": "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
        "dossier_code": "000.00.17.H56-231027-0361",
        "applicant": applicant(),
        "request_content": "Cấp giấy phép lao động cho người lao động nước ngoài",
        "officer_name": "Trần Văn Đức",
        "issued_at": RECEIVED_AT,
    }
    return values | overrides


def receipt(**overrides: Any) -> ReceiptContext:
    values = _common(overrides)
    values.setdefault(
        "papers",
        (
            PaperLine(name="Tờ khai đề nghị cấp giấy phép lao động", originals=1),
            PaperLine(name="Giấy chứng nhận sức khỏe", originals=1, copies=2),
        ),
    )
    values.setdefault("processing_time", "05 ngày làm việc")
    values.setdefault("received_at", RECEIVED_AT)
    values.setdefault("due_at", DUE_AT)
    values.setdefault("return_place", "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa")
    values.setdefault("tracking_url", "http://testserver/tra-cuu/?ma=000.00.17.H56-231027-0361")
    return ReceiptContext(**values)


def supplement_request(**overrides: Any) -> SupplementRequestContext:
    values = _common(overrides)
    values.setdefault(
        "missing",
        (
            PaperLine(name="Lý lịch tư pháp", originals=1, note="Bản chính cấp trong vòng 6 tháng"),
            PaperLine(name="Ảnh màu 4x6", copies=2, note="Nền trắng, chụp không quá 6 tháng"),
        ),
    )
    values.setdefault("reason", "Hồ sơ còn thiếu giấy tờ theo quy định")
    values.setdefault("contact", "Trần Văn Đức, điện thoại 0237 3753 999")
    return SupplementRequestContext(**values)


def refusal(**overrides: Any) -> RefusalContext:
    values = _common(overrides)
    values.setdefault(
        "reasons",
        ("Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận",),
    )
    return RefusalContext(**values)
