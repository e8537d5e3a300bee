"""The document as a Word file, for officers who edit a draft before it goes to a committee.

Sections, paragraphs and tables as Word headings, paragraphs and tables; charts and maps as PNG
pictures with their text alternative as the picture's description and a caption; the sources appendix last.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..document import APPENDIX_HEADING, Block, Chart, Document, MapImage, NoData, Paragraph, Table


def docx_bytes(document: Document) -> bytes:
    sources = document.sources
    word = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.subject = f"{document.subject}, {document.period_label}"
    word.core_properties.author = document.partnership
    header = word.sections[0].header.paragraphs[0]
    header.text = f"{document.title} · {document.period_label} · {document.marking}"
    header.runs[0].font.size = Pt(8)
    word.add_heading(document.title, level=0)
    word.add_paragraph(f"{document.subject} · {document.partnership} · {document.period_label}")
    if document.summary:
        word.add_paragraph(document.summary)
    for section in document.sections:
        word.add_heading(section.heading, level=1)
        for block in section.blocks:
            _block(word, block)
    word.add_heading(APPENDIX_HEADING, level=1)
    word.add_paragraph(
        f"Generated {timezone.localtime(document.generated_at):%-d %B %Y at %H:%M}. Point-in-time figures "
        "as at "
        f"{timezone.localtime(document.as_of):%-d %B %Y %H:%M}. {document.reader}"
    )
    for number, source in enumerate(sources, start=1):
        word.add_paragraph(f"[{number}] {source}")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _cite(block: Block) -> str:
    return f" [{block.source_number}]" if block.source_number else ""


def _block(word, block: Block) -> None:
    if isinstance(block, NoData):
        word.add_paragraph().add_run(block.text + _cite(block)).italic = True
    elif isinstance(block, Paragraph):
        word.add_paragraph(block.text + _cite(block))
    elif isinstance(block, Table):
        word.add_paragraph(block.caption + _cite(block), style="Caption")
        table = word.add_table(rows=1, cols=len(block.headings))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, block.headings, strict=True):
            cell.text = heading
            cell.paragraphs[0].runs[0].bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.text = value
                if index in block.numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif isinstance(block, Chart | MapImage):
        shape = word.add_picture(io.BytesIO(block.png), width=Cm(16))
        shape._inline.docPr.set("descr", block.description)  # the picture's alternative text
        word.add_paragraph(block.description + _cite(block), style="Caption")
