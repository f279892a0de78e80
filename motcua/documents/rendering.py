"""Turn a form context into HTML and a PDF with WeasyPrint."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.documents.contexts import FormContext, ReceiptContext
from motcua.documents.kinds import CURRENT_BASIS, LegalBasis
from motcua.documents.registry import FormSpec, spec_for_context

# Forms embed everything they show (styles inline, QR code as a data: URI). Refusing every other
# scheme keeps text typed by applicants from ever making the renderer fetch a file or a URL.
_FETCHER = URLFetcher(allowed_protocols=("data",))


@dataclass(frozen=True, slots=True)
class RenderedForm:
    """A rendered paper: which form it is and its PDF bytes."""

    spec: FormSpec
    pdf: bytes

    @property
    def content_type(self) -> str:
        """The media type to serve it with."""
        return "application/pdf"


def qr_data_uri(url: str) -> str:
    """An SVG QR code for `url` as a data: URI (medium error correction survives a smudge)."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


def render_html(context: FormContext, *, basis: LegalBasis = CURRENT_BASIS) -> str:
    """The form's HTML, as WeasyPrint will lay it out."""
    spec = spec_for_context(context, basis)
    extra: dict[str, object] = {}
    if isinstance(context, ReceiptContext) and context.tracking_url:
        extra["qr_code"] = qr_data_uri(context.tracking_url)
    html = render_to_string(spec.template_name, {"form": spec, "doc": context, **extra})
    # Text typed on some keyboards arrives decomposed (NFD); fonts and PDF text extraction handle
    # precomposed Vietnamese letters best, and the paper must read the same either way.
    return unicodedata.normalize("NFC", html)


def render_pdf(context: FormContext, *, basis: LegalBasis = CURRENT_BASIS) -> RenderedForm:
    """The form as a PDF (A4, fonts embedded, Vietnamese text as typed)."""
    spec = spec_for_context(context, basis)
    html = render_html(context, basis=basis)
    pdf = HTML(string=html, url_fetcher=_FETCHER).write_pdf()
    if not isinstance(pdf, bytes):  # write_pdf() without a target always returns bytes
        raise TypeError("WeasyPrint returned no PDF")
    return RenderedForm(spec=spec, pdf=pdf)
