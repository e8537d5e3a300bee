"""Harm weights per police.uk crime type, and harm-weighted counts and rankings beside plain counts.

Two published measures weight an offence by how serious it is:

- ONS Crime Severity Score (CSS; ONS research output "Developing a Crime Severity Score for
  England and Wales using data on crimes recorded by the police", 29 November 2016, updated with
  each year's offence weights): the weight of an offence is the average sentence it receives,
  e.g. homicide 7,979 and cannabis possession 3.
- Cambridge Crime Harm Index (CCHI; Sherman, Neyroud & Neyroud, Policing 10(3), 2016): the
  weight is the days of imprisonment at the starting point of the England and Wales Sentencing
  Guidelines for a first offender (a fine converts to days of minimum-wage work to pay it).

Both weight individual offences; police.uk publishes only 14 broad categories. A category's
weight is therefore a blend: the offence weights of the offences inside it, averaged with each
offence's share of the category's recorded crime. Each default below says how its blend was
made. None of the blended figures could be checked against the published offence weight tables
while this was written, so each carries `confirmed=False`: treat them as starting points and
check them (ONS publishes the CSS offence weights as a dataset; the CCHI offence list is in the
2016 paper's appendix) before a harm ranking goes in front of a committee. The weights are
defaults: an administrator can set the partnership's own.

Anti-social behaviour is not a recorded crime, so neither measure weights it: its default weight
is 0 (confirmed, by the measures' scope). Give it a local weight if ASB should count towards harm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

ONS_CSS = "ons-css"
CAMBRIDGE_CHI = "cambridge-chi"
MEASURES = {
    ONS_CSS: ("ONS Crime Severity Score", "ONS research output 2016-11-29 (offence weights)"),
    CAMBRIDGE_CHI: (
        "Cambridge Crime Harm Index",
        "Sherman, Neyroud & Neyroud 2016 (sentencing starting points)",
    ),
}


@dataclass(frozen=True)
class HarmWeight:
    category: str  # the police.uk API slug, as incidents store it
    measure: str
    weight: float
    source: str
    version: str
    derivation: str
    confirmed: bool


_NOT_A_CRIME = "ASB is not a recorded crime, so the measure does not weight it."
# (category, CSS weight, CSS derivation, CCHI days, CCHI derivation)
_DEFAULTS: tuple[tuple[str, float, str, float, str], ...] = (
    ("anti-social-behaviour", 0, _NOT_A_CRIME, 0, _NOT_A_CRIME),
    (
        "bicycle-theft",
        10,
        "Theft of a pedal cycle: a low-value theft, mostly disposed of by fines and community orders.",
        5,
        "Theft guideline, low value, no aggravation: a fine, as days of minimum-wage work.",
    ),
    (
        "burglary",
        320,
        "Blend of domestic burglary (most of the category, weighted highest) and non-domestic burglary.",
        250,
        "Domestic burglary's common starting point (about a year) blended with non-domestic burglary's.",
    ),
    (
        "criminal-damage-arson",
        40,
        "Mostly criminal damage (low weights); arson, weighted far higher, is a small share.",
        20,
        "Criminal damage under £5,000 (a fine) blended with arson's custodial starting point.",
    ),
    (
        "drugs",
        50,
        "Mostly possession (cannabis 3, the lowest CSS weight) with a minority of supply offences.",
        60,
        "Possession (a fine) blended with supply (custodial starting points of years).",
    ),
    (
        "other-crime",
        120,
        "Miscellaneous crimes against society (forgery, perjury, offender management): a mixed group.",
        90,
        "A mixed group; the blend of its commonest offences' starting points.",
    ),
    (
        "other-theft",
        20,
        "Theft by an employee, making off without payment and other thefts: mostly fines.",
        7,
        "Theft guideline, medium value, no aggravation: a community order or fine.",
    ),
    (
        "possession-of-weapons",
        200,
        "Possession of an article with a blade or point, or an offensive weapon: often custodial.",
        180,
        "Bladed article or offensive weapon guideline: a custodial starting point for the common case.",
    ),
    (
        "public-order",
        30,
        "Mostly causing fear, alarm or distress (section 4 and 4A): community orders and fines.",
        20,
        "Public Order Act s.4/4A guideline starting points (a community order) blended with affray.",
    ),
    (
        "robbery",
        1_400,
        "Robbery of personal property: among the heaviest weights of the common offences.",
        365,
        "Robbery starting points are custodial, from about a year for the least serious street robbery.",
    ),
    (
        "shoplifting",
        12,
        "Theft from a shop or stall: mostly fines and conditional discharges.",
        2,
        "Theft from a shop, low value: a fine, as days of minimum-wage work.",
    ),
    (
        "theft-from-the-person",
        90,
        "Theft from the person (pick-pocketing, snatch theft without force).",
        30,
        "Theft from the person is aggravated by the guideline: a higher community order or short custody.",
    ),
    (
        "vehicle-crime",
        40,
        "Theft from a vehicle (most of the category), theft of a vehicle (weighted higher), interference.",
        20,
        "Theft from a vehicle (a fine or community order) blended with theft of a vehicle.",
    ),
    (
        "violent-crime",
        140,
        "Violence without injury (the largest share, low weights), with injury, stalking and harassment, "
        "and sexual offences (weighted high, rape among the highest of all).",
        150,
        "Common assault and ABH starting points blended with sexual offences' multi-year ones.",
    ),
)


def _build_defaults() -> dict[str, dict[str, HarmWeight]]:
    defaults: dict[str, dict[str, HarmWeight]] = {ONS_CSS: {}, CAMBRIDGE_CHI: {}}
    for category, css, css_note, chi, chi_note in _DEFAULTS:
        for measure, weight, note in ((ONS_CSS, css, css_note), (CAMBRIDGE_CHI, chi, chi_note)):
            source, version = MEASURES[measure]
            defaults[measure][category] = HarmWeight(
                category=category,
                measure=measure,
                weight=float(weight),
                source=source,
                version=version,
                derivation=note
                if note == _NOT_A_CRIME
                else f"Estimate, not yet checked against the table: {note}",
                confirmed=note == _NOT_A_CRIME,
            )
    return defaults


DEFAULT_HARM_WEIGHTS = _build_defaults()


def default_weights(measure: str = ONS_CSS) -> dict[str, float]:
    """The default weight of each police.uk category (API slug) under `measure`."""
    if measure not in DEFAULT_HARM_WEIGHTS:
        raise ValueError(f"unknown harm measure {measure!r}: choose one of {', '.join(DEFAULT_HARM_WEIGHTS)}")
    return {category: entry.weight for category, entry in DEFAULT_HARM_WEIGHTS[measure].items()}


def incident_weights(
    categories: Any, weights: Mapping[str, float], *, unknown: float | None = None
) -> np.ndarray:
    """Each incident's harm weight from its category code.

    A category without a weight raises ValueError naming it, unless `unknown` gives the weight
    to use (e.g. 0 to leave partner categories out of harm, 1 to count them plainly).
    """
    codes = np.asarray(categories, dtype=object)
    if codes.ndim != 1:
        raise ValueError("categories must be a one-dimensional column")
    for category, weight in weights.items():
        if not (weight >= 0 and np.isfinite(weight)):
            raise ValueError(f"the weight of {category!r} must be a finite number, not negative")
    names, positions = np.unique(codes.astype(str), return_inverse=True)
    missing = [name for name in names if name not in weights]
    if missing and unknown is None:
        raise ValueError(f"no harm weight for: {', '.join(missing)}")
    table = np.array(
        [weights.get(name, unknown if unknown is not None else 0.0) for name in names], dtype=float
    )
    return table[positions] if len(codes) else np.zeros(0)


@dataclass(frozen=True)
class HarmRank:
    area: Any
    count: float
    harm: float
    count_rank: int
    harm_rank: int


def harm_ranking(
    areas: Any,
    categories: Any,
    weights: Mapping[str, float],
    *,
    counts: Any = None,
    unknown: float | None = None,
) -> list[HarmRank]:
    """Areas ranked by harm, with their plain count and count rank beside it.

    One row per incident (or per aggregated row with `counts`): its area and category. Ranks
    start at 1; equal totals share the lower code's order. Highest harm first.
    """
    codes = np.asarray(areas)
    if codes.ndim != 1 or len(codes) != len(np.asarray(categories)):
        raise ValueError("areas and categories must be columns of the same length")
    per_row = np.ones(len(codes)) if counts is None else np.asarray(counts, dtype=np.float64)
    if per_row.shape != codes.shape or not np.isfinite(per_row).all() or (per_row < 0).any():
        raise ValueError("counts must be one finite, non-negative number per row")
    if len(codes) == 0:
        return []
    harm_per_row = per_row * incident_weights(categories, weights, unknown=unknown)
    names, positions = np.unique(codes, return_inverse=True)
    count_totals = np.bincount(positions, weights=per_row, minlength=len(names))
    harm_totals = np.bincount(positions, weights=harm_per_row, minlength=len(names))
    # np.unique sorts the codes, so a stable sort on the negated total breaks ties by code.
    by_count = np.argsort(-count_totals, kind="stable")
    by_harm = np.argsort(-harm_totals, kind="stable")
    count_rank = np.empty(len(names), dtype=np.int64)
    count_rank[by_count] = np.arange(1, len(names) + 1)
    return [
        HarmRank(
            area=names[i].item(),
            count=float(count_totals[i]),
            harm=float(harm_totals[i]),
            count_rank=int(count_rank[i]),
            harm_rank=rank,
        )
        for rank, i in enumerate(by_harm, start=1)
    ]
