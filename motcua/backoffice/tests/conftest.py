import io

import pytest

from motcua.documents.tests.intake_fixtures import *  # noqa: F403 (shared fixtures)


def tiny_pdf() -> bytes:
    """A minimal one-page PDF, as a scanner would produce (only the magic bytes matter)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


@pytest.fixture
def pdf_upload():
    def build(name: str = "to-khai.pdf", content: bytes | None = None) -> io.BytesIO:
        handle = io.BytesIO(tiny_pdf() if content is None else content)
        handle.name = name
        return handle

    return build


@pytest.fixture
def desk_client(client, desk_officer):
    client.force_login(desk_officer.account)
    return client
