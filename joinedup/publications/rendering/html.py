"""The document as a standalone HTML file laid out for A4, and the PDF WeasyPrint makes of it."""

from __future__ import annotations

from django.template.loader import render_to_string

from joinedup.core.printing import pdf_from_html

from ..document import Document


def html_string(document: Document) -> str:
    return render_to_string(
        "publications/document_print.html",
        {"document": document, "sources": document.sources, "printed": True},
    )


def html_bytes(document: Document) -> bytes:
    return html_string(document).encode("utf-8")


def pdf_bytes(document: Document) -> bytes:
    # Charts are inline SVG and maps data URIs: the document needs nothing from the server.
    return pdf_from_html(html_string(document))
