"""Public Spaces Protection Orders in a document: the orders in force in a period, as the register has them.

The orders come from `plan.registers_selectors.pspos_in_force` (for a partnership, optionally one
ward); this module words them for the ward briefing and the annual scrutiny report alike. Orders are
public (councils must publish them), so they are named in full.
"""

from __future__ import annotations

import datetime as dt

from joinedup.plan.models import Pspo
from joinedup.plan.models.pspo import Terms
from joinedup.plan.registers_selectors import penalty_on

from ..document import Source, Table

SHORT = 3  # prohibitions or requirements listed before "and N more"


def period_words(start: dt.date, end: dt.date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def pspo_source(*, partnership: str, start: dt.date, end: dt.date, where: str = "") -> Source:
    return Source(
        query="PSPO register (plan pspos_in_force): orders in force on any day of the period, with the fixed "
        "penalty that applied at the period's end or when the order expired",
        filters=f"orders of {partnership}{where}",
        period=period_words(start, end),
    )


def _short(items: list[str]) -> str:
    shown = "; ".join(items[:SHORT])
    return shown + (f"; and {len(items) - SHORT} more" if len(items) > SHORT else "")


def _rules(terms: Terms) -> str:
    parts = []
    if terms.prohibitions:
        parts.append("Prohibits: " + _short(terms.prohibitions))
    if terms.requirements:
        parts.append("Requires: " + _short(terms.requirements))
    varied = f" (as varied from {terms.varied_from:%-d %B %Y})" if terms.varied_from else ""
    return (". ".join(parts) or "See the order") + varied


def _penalty(pspo: Pspo, end: dt.date) -> str:
    penalty = penalty_on(pspo, min(end, pspo.last_day))
    if penalty is None:
        return "None recorded"
    early = f" (£{penalty.early_payment_amount} if paid early)" if penalty.early_payment_amount else ""
    return f"£{penalty.amount}{early}"


def _row(pspo: Pspo, end: dt.date) -> list[str]:
    # The order as it stood at the period's end (or its own last day): variations and a discharge count.
    last = min(end, pspo.last_day)
    terms = pspo.terms_on(last)
    ended = " (discharged)" if pspo.discharged and pspo.last_day <= end else ""
    return [
        f"{pspo.title} ({pspo.reference})",
        terms.area_description,
        _rules(terms),
        f"{pspo.in_force_from:%-d %b %Y} to {pspo.last_day:%-d %b %Y}{ended}",
        _penalty(pspo, end),
    ]


def pspo_table(pspos: list[Pspo], *, end: dt.date, caption: str, source: Source) -> Table:
    return Table(
        caption=caption,
        headings=["Order", "Where", "What it prohibits or requires", "In force", "Fixed penalty"],
        rows=[_row(p, end) for p in sorted(pspos, key=lambda p: (p.title, p.reference))],
        source=source,
    )
