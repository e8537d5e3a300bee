"""Who may see and do what with perception surveys. Selectors and services ask here.

The rules, in the partnership's words:
- Every member of staff who works in a partnership sees its surveys and their results.
- The partnership's coordinators build surveys, add rounds, publish and close them.
- The public answer a published, open round through its link, and see nothing else.
"""

from __future__ import annotations

from typing import Any

from .models import Survey
from .policy import coordinates, works_in


def can_see(user: Any, survey: Survey) -> bool:
    return works_in(user, survey.partnership_id)


def can_run(user: Any, survey: Survey) -> bool:
    return coordinates(user, survey.partnership_id)
