import io

import pytest
from django.test import override_settings

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.models import DossierFile, EventAction
from motcua.dossiers.services import attach_file, validate_upload
from motcua.dossiers.states import Status

from .factories import DossierComponentFactory, DossierFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")],
)
def test_accepted_types_are_recognised_by_their_content(content, content_type):
    kind = validate_upload(io.BytesIO(content), name="tep.bin", size=len(content))
    assert kind.content_type == content_type


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03", "giay-khai-sinh.pdf"),
        (b"<html><script>", "anh.png"),
        (b"PK\x03\x04", "to-khai.jpg"),
    ],
)
def test_other_content_is_refused_whatever_its_name(content, name):
    with pytest.raises(DomainError, match=name):
        validate_upload(io.BytesIO(content), name=name, size=len(content))


def test_a_200_mb_upload_is_refused_by_its_declared_size_without_reading_it():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("must not be read")

    with pytest.raises(DomainError, match="200,0 MB"):
        validate_upload(Unreadable(), name="scan.pdf", size=200 * 1024 * 1024)


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="rỗng"):
        validate_upload(io.BytesIO(b""), name="scan.pdf", size=0)


@pytest.mark.django_db
@override_settings(UPLOAD_MAX_BYTES=100)
def test_an_upload_larger_than_declared_is_refused_while_reading(desk_officer):
    dossier = DossierFactory(receiving_agency=desk_officer.agency)
    with pytest.raises(DomainError, match="vượt quá"):
        attach_file(
            dossier_id=dossier.pk,
            by=desk_officer,
            upload=io.BytesIO(PDF + b"x" * 500),
            name="scan.pdf",
            size=None,
        )
    assert not DossierFile.objects.exists()


@pytest.mark.django_db
def test_a_file_is_attached_to_a_checklist_line_and_logged(desk_officer):
    dossier = DossierFactory(receiving_agency=desk_officer.agency)
    line = DossierComponentFactory(dossier=dossier)
    stored = attach_file(
        dossier_id=dossier.pk,
        by=desk_officer,
        upload=io.BytesIO(PNG),
        name="to-khai.png",
        size=len(PNG),
        component_id=line.pk,
    )
    assert stored.component == line
    assert stored.size_bytes == len(PNG)
    assert str(stored.file.name).endswith(".png")
    assert stored.file.read() == PNG
    event = dossier.events.latest("pk")
    assert event.action == EventAction.FILE_ATTACHED
    assert event.data["file_id"] == stored.pk


@pytest.mark.django_db
def test_files_cannot_be_added_to_a_closed_dossier_or_by_strangers(desk_officer, specialist):
    closed = DossierFactory(status=Status.RETURNED, receiving_agency=desk_officer.agency)
    with pytest.raises(DomainError, match="đã kết thúc"):
        attach_file(dossier_id=closed.pk, by=desk_officer, upload=io.BytesIO(PDF), name="a.pdf")
    other = DossierFactory()
    with pytest.raises(PermissionDeniedError):
        attach_file(dossier_id=other.pk, by=desk_officer, upload=io.BytesIO(PDF), name="a.pdf")
    mine = DossierFactory(receiving_agency=desk_officer.agency)
    with pytest.raises(PermissionDeniedError, match="kết quả"):
        attach_file(
            dossier_id=mine.pk,
            by=desk_officer,
            upload=io.BytesIO(PDF),
            name="a.pdf",
            is_result=True,
        )
