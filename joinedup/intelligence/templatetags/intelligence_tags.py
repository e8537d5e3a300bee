"""Template filters for import summaries."""

from django import template

from joinedup.intelligence.importing.reading import problem_text

register = template.Library()


@register.filter
def problem_texts(warnings: list[dict]) -> list[str]:
    """Stored warnings ({"message", "lines", "count"}) as "Lines 4, 9: message" sentences."""
    return [problem_text(**w) for w in warnings]
