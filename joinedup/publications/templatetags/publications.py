"""How a document's blocks are told apart in templates."""

from django import template

from ..document import Block, Chart, MapImage, NoData, Paragraph, Table

register = template.Library()

KINDS = ((NoData, "nodata"), (Paragraph, "paragraph"), (Table, "table"), (Chart, "chart"), (MapImage, "map"))


@register.filter
def block_kind(block: Block) -> str:
    return next((name for cls, name in KINDS if isinstance(block, cls)), "")
