"""Message templates: the documented variables, rendering, and checking an edited template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import VariableNode

# Plain text (e-mail bodies and SMS): nothing is HTML-escaped.
ENGINE: Final = Engine(autoescape=False)

# The variables a template may use, with what they hold (shown in the admin).
VARIABLES: Final[Mapping[str, str]] = {
    "dossier_code": "Mã hồ sơ",
    "applicant_name": "Họ tên / tên tổ chức người nộp",
    "procedure_name": "Tên thủ tục",
    "due_on": "Ngày hẹn trả kết quả (dd/mm/yyyy)",
    "new_due_on": "Ngày hẹn trả mới khi gia hạn (dd/mm/yyyy)",
    "missing_papers": "Giấy tờ cần bổ sung, cách nhau bởi dấu chấm phẩy",
    "reason": "Lý do (bổ sung, gia hạn)",
    "answer_by": "Hạn bổ sung giấy tờ (dd/mm/yyyy)",
    "tracking_url": "Địa chỉ tra cứu hồ sơ",
}

# Filled-in values used by the admin preview and by the check of an edited template.
SAMPLE: Final[Mapping[str, str]] = {
    "dossier_code": "000.00.17.H56-231027-0001",
    "applicant_name": "Nguyễn Văn An",
    "procedure_name": "Đăng ký khai sinh",
    "due_on": "03/11/2023",
    "new_due_on": "08/11/2023",
    "missing_papers": "Bản sao giấy chứng nhận kết hôn; Giấy chứng sinh",
    "reason": "Cần xác minh thêm thông tin",
    "answer_by": "17/11/2023",
    "tracking_url": (
        "https://motcua.example.vn/tra-cuu/?ma=000.00.17.H56-231027-0001"
        "&k=Xn4Lq2pZ0yVb7sT1cR8mW3eH6uJ9kA5dF0gQ2iO4lNc"
    ),
}

# An SMS longer than this is split into many paid parts (UCS-2 text: 70 characters a part).
SMS_MAX_CHARS: Final = 320


def render(text: str, context: Mapping[str, str]) -> str:
    """Render one template text with the given variables."""
    return ENGINE.from_string(text).render(Context(dict(context), autoescape=False)).strip()


def _unknown_variables(text: str) -> set[str]:
    template = ENGINE.from_string(text)
    names: set[str] = set()
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        assert isinstance(node, VariableNode)  # noqa: S101 - narrows the type for mypy
        var = node.filter_expression.var
        name = getattr(var, "var", None)
        if isinstance(name, str):
            names.add(name.split(".")[0])
    return names - set(VARIABLES)


def template_problems(subject: str, body: str, *, channel: str) -> list[str]:
    """What is wrong with a template, in Vietnamese (an empty list when it is usable)."""
    problems: list[str] = []
    if not body.strip():
        problems.append("Nội dung không được để trống.")
    if channel == "email" and not subject.strip():
        problems.append("Email phải có tiêu đề.")
    for label, text in (("Tiêu đề", subject), ("Nội dung", body)):
        try:
            unknown = _unknown_variables(text)
        except TemplateSyntaxError as exc:
            problems.append(f"{label} sai cú pháp mẫu: {exc}")
            continue
        if unknown:
            allowed = ", ".join(VARIABLES)
            problems.append(
                f"{label} dùng biến không có: {', '.join(sorted(unknown))}. Các biến được dùng: "
                f"{allowed}."
            )
    if not problems and channel == "sms":
        length = len(render(body, SAMPLE))
        if length > SMS_MAX_CHARS:
            problems.append(
                f"Tin nhắn mẫu dài {length} ký tự, vượt quá {SMS_MAX_CHARS} ký tự cho phép."
            )
    return problems
