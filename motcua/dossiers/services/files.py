"""Files of a dossier: checked by content (PDF, JPEG, PNG), limited in size, stored privately."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO, Final

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import clean
from motcua.dossiers.models import DossierComponent, DossierFile, EventAction
from motcua.dossiers.policies import can_view, is_applicant_side
from motcua.dossiers.services.lifecycle import Actor, lock, record
from motcua.dossiers.states import FINAL, Status


@dataclass(frozen=True)
class FileKind:
    """An accepted file type, recognised by its first bytes."""

    content_type: str
    extension: str
    label: str


# Magic numbers: the content decides, never the name or the client's Content-Type.
_SIGNATURES: Final[tuple[tuple[bytes, FileKind], ...]] = (
    (b"%PDF-", FileKind("application/pdf", "pdf", "PDF")),
    (b"\xff\xd8\xff", FileKind("image/jpeg", "jpg", "JPEG")),
    (b"\x89PNG\r\n\x1a\n", FileKind("image/png", "png", "PNG")),
)
_HEAD_BYTES: Final = 16
_CHUNK: Final = 64 * 1024


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


def sniff(head: bytes) -> FileKind | None:
    """The accepted type whose signature starts `head`, if any."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def validate_upload(upload: IO[bytes], *, name: str, size: int | None) -> FileKind:
    """Check size and content of an upload; raise a message naming the file and the problem."""
    limit = int(settings.UPLOAD_MAX_BYTES)
    if size is not None and size > limit:
        raise DomainError(
            f"Tệp “{name}” dung lượng {_human_size(size)}, vượt quá giới hạn {_human_size(limit)}."
        )
    if size == 0:
        raise DomainError(f"Tệp “{name}” rỗng.")
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            f"Tệp “{name}” không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp, không theo "
            "phần mở rộng): chỉ nhận bản quét dạng PDF, JPEG hoặc PNG."
        )
    return kind


def digest_upload(upload: IO[bytes], *, name: str) -> tuple[str, int]:
    """SHA-256 and real size of an upload, refusing as soon as it outgrows the upload limit."""
    limit = int(settings.UPLOAD_MAX_BYTES)
    digest = hashlib.sha256()
    total = 0
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise DomainError(f"Tệp “{name}” vượt quá giới hạn {_human_size(limit)}.")
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), total


def _may_attach(by: Actor, dossier_status: Status, *, can_see: bool, applicant: bool) -> None:
    if dossier_status in FINAL:
        raise DomainError("Hồ sơ đã kết thúc: không thể đính kèm thêm tệp.")
    if isinstance(by, Officer) and can_see:
        return
    if applicant:
        return
    raise PermissionDeniedError("Bạn không có quyền đính kèm tệp vào hồ sơ này.")


@transaction.atomic
def attach_file(
    *,
    dossier_id: int,
    by: Actor,
    upload: IO[bytes],
    name: str,
    size: int | None = None,
    component_id: int | None = None,
    is_result: bool = False,
) -> DossierFile:
    """Attach a checked file to a dossier (optionally to one checklist line) and log it."""
    kind = validate_upload(upload, name=name, size=size)
    locked = lock(dossier_id)
    _may_attach(
        by,
        Status(locked.status),
        can_see=can_view(by, locked),
        applicant=is_applicant_side(by, locked),
    )
    if is_result and not (isinstance(by, Officer) and by.agency_id == locked.competent_agency_id):
        raise PermissionDeniedError("Chỉ cơ quan giải quyết được đính kèm tệp kết quả.")
    line: DossierComponent | None = None
    if component_id is not None:
        line = locked.components.filter(pk=component_id).first()
        if line is None:
            raise DomainError(f"Thành phần {component_id} không thuộc hồ sơ này.")
    sha256, real_size = digest_upload(upload, name=name)
    original = clean(name)[:255] or f"tep.{kind.extension}"
    stored = DossierFile(
        dossier=locked,
        component=line,
        original_name=original,
        content_type=kind.content_type,
        size_bytes=real_size,
        sha256=sha256,
        is_result=is_result,
        uploaded_by=_user_of(by),
        uploaded_at=timezone.now(),
    )
    stored.file.save(f"upload.{kind.extension}", File(upload), save=False)
    # The blob is written before the rows; if recording fails it is removed again.
    try:
        stored.save()
        changes: dict[str, object] = {}
        if is_result:
            changes["has_e_result"] = True
        record(
            locked,
            by=by,
            action=EventAction.FILE_ATTACHED,
            note=original,
            data={"file_id": stored.pk, "sha256": sha256, "component_id": component_id},
            changes=changes,
        )
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


def _user_of(by: Actor) -> User | None:
    if isinstance(by, Officer):
        return by.account
    if isinstance(by, User):
        return by
    return None
