"""Documents on paper: HTML laid out for A4 by WeasyPrint (page numbers, a running title).

Shared by every printed document (the tasking agenda pack, the publications). Templates extend
`print/document.html`, which sets the page box; this module turns the rendered HTML into PDF bytes.
"""

from __future__ import annotations


def pdf_from_html(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of a document rendered from a `print/document.html` template."""
    # Imported here: WeasyPrint loads Pango, which only the PDF needs.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
