"""One document object, three renderers: standalone HTML (print-ready), PDF and Word."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from .docx import docx_bytes
from .html import html_bytes, pdf_bytes

RENDERERS: dict[str, Callable[[Document], bytes]] = {"html": html_bytes, "pdf": pdf_bytes, "docx": docx_bytes}
