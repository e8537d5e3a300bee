"""The tactical group list entries of a case, for the partial on the case page (shown only in full view)."""

from typing import Any

from django import template

from joinedup.cases.tactical_selectors import case_tactical_entries

register = template.Library()


@register.simple_tag(name="case_tactical_entries")
def case_tactical_entries_tag(case: Any) -> Any:
    return list(case_tactical_entries(case=case))
