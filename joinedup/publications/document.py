"""A document as data: sections of paragraphs, tables, charts and maps, each figure with its source.

Builders (`documents/`) make a `Document`; renderers (`rendering/`) turn the same object into an HTML
page, a PDF or a Word file, so the three never disagree. Every block that states a figure names the
`Source` it came from (which selector, which filters, which period); the document lists its sources in
a closing "How these figures were made" appendix, numbered in the order they first appear.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from matplotlib.figure import Figure

from joinedup.intelligence.charts import png_bytes, svg_markup


@dataclass(frozen=True)
class Source:
    """Where figures came from, in words an analyst can repeat: the selector, its filters, the period."""

    query: str
    filters: str
    period: str

    def __str__(self) -> str:
        return f"{self.query}; {self.filters}; {self.period}."


@dataclass
class Block:
    source: Source | None = field(default=None, kw_only=True)
    # Set when the document is finished: the source's number in the appendix.
    source_number: int | None = field(default=None, init=False, kw_only=True)


@dataclass
class Paragraph(Block):
    text: str


@dataclass
class NoData(Block):
    """Said instead of figures when the period holds none, so zeros are never printed as facts."""

    text: str


@dataclass
class Table(Block):
    caption: str
    headings: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # column indexes right-aligned as numbers


@dataclass
class Chart(Block):
    """A Matplotlib figure, drawn on demand as SVG (page, PDF) or PNG (Word), with its text alternative."""

    id: str
    figure: Figure
    description: str

    @cached_property
    def svg(self) -> str:
        return svg_markup(self.figure, description_id=f"{self.id}-description")

    @cached_property
    def png(self) -> bytes:
        return png_bytes(self.figure)

    @property
    def svg_data_uri(self) -> str:
        """For print: WeasyPrint draws an SVG image with its own SVG renderer, colours and all."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


@dataclass
class MapImage(Block):
    """A map already drawn as a PNG (the intelligence hotspot map), with its text alternative."""

    png: bytes
    description: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    kind: str  # the catalogue's slug, e.g. "ward-briefing"
    title: str
    subject: str  # what it is about, e.g. "Cathedral ward (E05007883)"
    partnership: str
    period_label: str
    as_of: dt.datetime  # point-in-time figures (open reports, open cases) are taken here
    generated_at: dt.datetime
    reader: str  # whose access the figures reflect, in words
    marking: str = "Official"
    summary: str = ""
    sections: list[Section] = field(default_factory=list)

    def section(self, heading: str) -> Section:
        found = Section(heading)
        self.sections.append(found)
        return found

    @property
    def sources(self) -> list[Source]:
        """Each source once, in the order it first appears; numbers every block that cites one."""
        numbered: dict[Source, int] = {}
        for section in self.sections:
            for block in section.blocks:
                if block.source is not None:
                    block.source_number = numbered.setdefault(block.source, len(numbered) + 1)
        return list(numbered)

    @property
    def headings(self) -> list[str]:
        return [self.title, *(s.heading for s in self.sections), APPENDIX_HEADING]


APPENDIX_HEADING = "How these figures were made"
