"""The agenda pack as a PDF: the pack's print document through WeasyPrint (page numbers, running title)."""

from __future__ import annotations


def pack_pdf(html: str, *, base_url: str) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only the PDF needs.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
