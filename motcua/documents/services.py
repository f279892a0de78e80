"""Issue standard forms for dossiers: render once, store, and hand back the same paper later."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from motcua.accounts.models import User
from motcua.core.errors import NotFoundError
from motcua.documents.builders import EVENTS_OF, context_for
from motcua.documents.kinds import FormKind
from motcua.documents.models import IssuedForm
from motcua.documents.rendering import render_pdf
from motcua.dossiers.models import Dossier, DossierEvent, EventAction
from motcua.workflow.models import Route


def issue_form(
    *,
    dossier: Dossier,
    event: DossierEvent,
    kind: FormKind,
    by: User | None,
    tracking_url: str = "",
) -> IssuedForm:
    """The form `kind` documenting `event`, rendered and stored on first request.

    Safe to call twice, also concurrently: the first stored copy wins and is returned to both.
    Rendering happens outside any row lock (it takes a good fraction of a second).
    """
    existing = IssuedForm.objects.filter(event=event, kind=kind).first()
    if existing is not None:
        return existing
    rendered = render_pdf(context_for(kind, dossier, event, tracking_url=tracking_url))
    issued = IssuedForm(
        dossier=dossier,
        event=event,
        kind=kind,
        basis=rendered.spec.basis,
        number=rendered.spec.number,
        size_bytes=len(rendered.pdf),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        issued_by=by,
    )
    issued.file.save(
        rendered.spec.file_name(dossier.code or str(dossier.pk)),
        ContentFile(rendered.pdf),
        save=False,
    )
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError:
        issued.file.delete(save=False)
        return IssuedForm.objects.get(event=event, kind=kind)
    return issued


def latest_event_for(dossier: Dossier, kind: FormKind) -> DossierEvent:
    """The most recent history event that form `kind` documents.

    Raises NotFoundError when the dossier never reached such a step.
    """
    event = (
        DossierEvent.objects.filter(dossier=dossier, action__in=EVENTS_OF[kind])
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        raise NotFoundError(f"Hồ sơ này không có {kind.label.lower()}.")
    return event


def issue_latest(
    *, dossier: Dossier, kind: FormKind, by: User | None, tracking_url: str = ""
) -> IssuedForm:
    """The form `kind` for the dossier's latest matching event (issued now if not yet)."""
    event = latest_event_for(dossier, kind)
    return issue_form(dossier=dossier, event=event, kind=kind, by=by, tracking_url=tracking_url)


def available_forms(dossier: Dossier) -> list[tuple[FormKind, DossierEvent]]:
    """Every form the dossier's history calls for, oldest first: one per documented event."""
    kind_of = {action: kind for kind, actions in EVENTS_OF.items() for action in actions}
    if not Route.objects.filter(dossier=dossier, is_inter_agency=True).exists():
        # Every dossier handed to its unit has a transfer event; only liên thông ones get a slip.
        kind_of.pop(EventAction.TRANSFERRED)
    events = DossierEvent.objects.filter(dossier=dossier, action__in=kind_of).order_by("at", "pk")
    return [(kind_of[EventAction(event.action)], event) for event in events]


def read_pdf(issued: IssuedForm) -> bytes:
    """The stored PDF bytes of an issued form."""
    with issued.file.open("rb") as handle:
        data: bytes = handle.read()
    return data
