"""Online submission by a citizen: start a draft, fill it, attach or reuse papers, submit."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.db.models import Q

from motcua.accounts.models import User, UserKind
from motcua.accounts.services import require_verified
from motcua.agencies.models import Agency
from motcua.catalog.models import Case, Component, Procedure
from motcua.core.errors import ConflictError, DomainError, NotFoundError
from motcua.core.text import clean
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import ApplicantData, ComponentInput, attach_file, submit_online
from motcua.dossiers.services.files import validate_upload
from motcua.notifications.tasks import alert_desk
from motcua.portal.models import DossierDraft, DraftFile

APPLICANT_FIELDS = ("name", "id_no", "phone", "email", "address")


def draft_components(draft: DossierDraft) -> list[Component]:
    """The catalogue papers of the draft's procedure version (the dossier's checklist)."""
    version = draft.procedure.current_version
    if version is None:
        return []
    return list(
        Component.objects.filter(component_set__version=version).order_by(
            "component_set__position", "position", "pk"
        )
    )


def prefilled_applicant(user: User) -> dict[str, str]:
    """Applicant data from the account, completed from the citizen's latest dossier."""
    is_business = user.kind == UserKind.BUSINESS
    data = {
        "name": (user.organization_name if is_business else user.full_name) or "",
        "id_no": user.id_no,
        "phone": user.phone,
        "email": user.email,
        "address": "",
    }
    last = Dossier.objects.owned_by(user).order_by("-submitted_at").first()
    if last is not None:
        earlier = {
            "name": last.applicant_name,
            "id_no": last.applicant_id_no,
            "phone": last.applicant_phone,
            "email": last.applicant_email,
            "address": last.applicant_address,
        }
        data = {key: data[key] or earlier[key] for key in APPLICANT_FIELDS}
    return data


@transaction.atomic
def start_draft(
    *, user: User, procedure: Procedure, agency: Agency, case: Case | None
) -> DossierDraft:
    """Open a draft for one procedure, desk and case, prefilled with the applicant's data."""
    version = procedure.current_version
    if version is None or not procedure.is_active:
        raise DomainError(f"Thủ tục {procedure.code} hiện không nhận hồ sơ.")
    receivers = set(procedure.receiving_agencies.values_list("pk", flat=True))
    if receivers and agency.pk not in receivers:
        raise DomainError(f"{agency.name} không tiếp nhận thủ tục {procedure.code}.")
    if case is not None and case.version_id != version.pk:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.")
    return DossierDraft.objects.create(
        owner=user,
        procedure=procedure,
        agency=agency,
        case=case,
        applicant=prefilled_applicant(user),
    )


def draft_for(user: User, pk: int) -> DossierDraft:
    """One of the user's drafts; 404 for anyone else's."""
    draft = (
        DossierDraft.objects.select_related("procedure", "agency", "case")
        .filter(pk=pk, owner=user)
        .first()
    )
    if draft is None:
        raise NotFoundError("Không tìm thấy hồ sơ nháp.")
    return draft


def _open_draft(user: User, pk: int) -> DossierDraft:
    draft = DossierDraft.objects.select_for_update().filter(pk=pk, owner=user).first()
    if draft is None:
        raise NotFoundError("Không tìm thấy hồ sơ nháp.")
    if draft.submitted_dossier_id is not None:
        raise ConflictError("Hồ sơ này đã được nộp; không sửa được bản nháp nữa.")
    return draft


@transaction.atomic
def save_applicant(*, user: User, draft_id: int, data: dict[str, str]) -> DossierDraft:
    """Keep the applicant data typed so far (checked fully at submission)."""
    draft = _open_draft(user, draft_id)
    draft.applicant = {key: clean(data.get(key, ""))[:300] for key in APPLICANT_FIELDS}
    draft.save(update_fields=["applicant", "updated_at"])
    return draft


def _component_of(draft: DossierDraft, component_id: int) -> Component:
    component = next((c for c in draft_components(draft) if c.pk == component_id), None)
    if component is None:
        raise DomainError(f"Thành phần {component_id} không thuộc thủ tục này.")
    return component


@transaction.atomic
def add_upload(
    *, user: User, draft_id: int, component_id: int, upload: IO[bytes], name: str, size: int | None
) -> DraftFile:
    """Attach an uploaded scan to one paper of the draft, checked by its content."""
    draft = _open_draft(user, draft_id)
    component = _component_of(draft, component_id)
    kind = validate_upload(upload, name=name, size=size)
    item = DraftFile(
        draft=draft,
        component=component,
        original_name=clean(name)[:255] or f"tep.{kind.extension}",
        content_type=kind.content_type,
        size_bytes=size or 0,
    )
    item.file.save(f"upload.{kind.extension}", upload, save=False)  # type: ignore[arg-type]
    item.size_bytes = item.file.size
    item.save()
    return item


def reusable_files(user: User) -> list[DossierFile]:
    """Documents the citizen already has in the system: files of their earlier dossiers."""
    return list(
        DossierFile.objects.filter(dossier__owner=user)
        .filter(Q(is_result=True) | Q(uploaded_by=user))
        .select_related("dossier")
        .order_by("-uploaded_at")[:200]
    )


@transaction.atomic
def reuse_file(*, user: User, draft_id: int, component_id: int, file_id: int) -> DraftFile:
    """Use a document from one of the citizen's earlier dossiers for one paper (reused)."""
    draft = _open_draft(user, draft_id)
    component = _component_of(draft, component_id)
    earlier = next((f for f in reusable_files(user) if f.pk == file_id), None)
    if earlier is None:
        raise NotFoundError("Không tìm thấy giấy tờ đã có để dùng lại.")
    return DraftFile.objects.create(
        draft=draft,
        component=component,
        reused_from=earlier,
        original_name=earlier.original_name,
        content_type=earlier.content_type,
        size_bytes=earlier.size_bytes,
    )


@transaction.atomic
def remove_file(*, user: User, draft_id: int, file_id: int) -> None:
    """Take a file off the draft."""
    draft = _open_draft(user, draft_id)
    item = draft.files.filter(pk=file_id).first()
    if item is None:
        raise NotFoundError("Không tìm thấy tệp trong hồ sơ nháp.")
    if item.file:
        item.file.delete(save=False)
    item.delete()


@transaction.atomic
def submit_draft(*, user: User, draft_id: int) -> tuple[Dossier, bool]:
    """Submit the draft as an online dossier (status 1) with its files; alert the desk.

    Submitting twice (a double click, a resent form) returns the dossier of the first
    submission: the draft is locked, and the dossier core's idempotency key is the draft.
    """
    require_verified(user)
    draft = DossierDraft.objects.select_for_update().filter(pk=draft_id, owner=user).first()
    if draft is None:
        raise NotFoundError("Không tìm thấy hồ sơ nháp.")
    if draft.submitted_dossier is not None:
        return draft.submitted_dossier, False
    files = list(draft.files.select_related("reused_from"))
    given: dict[int, bool] = {}
    for item in files:
        given[item.component_id] = given.get(item.component_id, False) or item.is_reused
    applicant = ApplicantData(**{key: draft.applicant.get(key, "") for key in APPLICANT_FIELDS})
    dossier, created = submit_online(
        by=user,
        procedure=draft.procedure,
        agency=draft.agency,
        applicant=applicant,
        case=draft.case,
        components=[
            ComponentInput(component_id=cid, is_provided=True, is_reused=reused)
            for cid, reused in given.items()
        ],
        idempotency_key=f"draft-{draft.pk}",
    )
    lines = {line.component_id: line.pk for line in dossier.components.all()}
    for item in files:
        source = item.reused_from.file if item.reused_from is not None else item.file
        with source.open("rb") as handle:
            attach_file(
                dossier_id=dossier.pk,
                by=user,
                upload=handle,
                name=item.original_name,
                size=item.size_bytes,
                component_id=lines.get(item.component_id),
            )
    draft.submitted_dossier = dossier
    draft.save(update_fields=["submitted_dossier", "updated_at"])
    if created:
        transaction.on_commit(lambda: alert_desk.enqueue(dossier_id=dossier.pk))
    return dossier, created
