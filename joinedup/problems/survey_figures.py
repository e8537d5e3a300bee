"""Survey arithmetic: the share giving an answer, and whether a change between rounds is more than chance.

Plain functions on counts, so the figures can be checked by hand (see tests/test_survey_results.py).

- A share leaves "don't know" out of its base: of the people who gave a view, how many said
  "very" or "fairly" big (or safe). A base smaller than the partnership's minimum is flagged as too few
  to rely on, not shown as a fact.
- A change is in percentage points, with a two-proportion z-test (pooled standard error, two-sided):
  p below 0.05 is called a real change; otherwise it could be chance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scipy import stats

from joinedup.intelligence.analysis.trends import SIGNIFICANCE

from .models import AsbProblem, FeelSafe

DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    question: str
    yes: tuple[str, ...]  # the answers counted in the share


MEASURES = (
    Measure(
        "asb_problem",
        "Think anti-social behaviour is a big problem",
        "How much of a problem is anti-social behaviour in your area?",
        (AsbProblem.VERY_BIG, AsbProblem.FAIRLY_BIG),
    ),
    Measure(
        "safe_day",
        "Feel safe walking alone by day",
        "How safe do you feel walking alone in your area during the day?",
        (FeelSafe.VERY_SAFE, FeelSafe.FAIRLY_SAFE),
    ),
    Measure(
        "safe_dark",
        "Feel safe walking alone after dark",
        "How safe do you feel walking alone in your area after dark?",
        (FeelSafe.VERY_SAFE, FeelSafe.FAIRLY_SAFE),
    ),
)


@dataclass(frozen=True)
class Share:
    yes: int
    base: int  # answers other than "don't know"
    dont_know: int
    reliable: bool  # base at least the minimum

    @property
    def percent(self) -> float | None:
        return 100 * self.yes / self.base if self.base else None


def share_of(counts: Mapping[str, int], measure: Measure, *, minimum_base: int) -> Share:
    """`counts`: how many gave each answer to the measure's question."""
    dont_know = counts.get(DONT_KNOW, 0)
    base = sum(n for answer, n in counts.items() if answer != DONT_KNOW)
    yes = sum(counts.get(answer, 0) for answer in measure.yes)
    return Share(yes=yes, base=base, dont_know=dont_know, reliable=base >= minimum_base and base > 0)


def two_proportion_test(yes1: int, base1: int, yes2: int, base2: int) -> tuple[float, float]:
    """The z statistic and two-sided p-value for the difference of two proportions (pooled)."""
    if base1 <= 0 or base2 <= 0:
        raise ValueError("both bases must be above 0")
    pooled = (yes1 + yes2) / (base1 + base2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / base1 + 1 / base2))
    if se == 0:  # everyone (or no one) said yes in both rounds: no difference at all
        return 0.0, 1.0
    z = (yes2 / base2 - yes1 / base1) / se
    return z, float(2 * stats.norm.sf(abs(z)))


@dataclass(frozen=True)
class Change:
    before: Share
    after: Share
    points: float | None  # percentage points, after minus before; None when either is too few
    z: float | None
    p_value: float | None

    @property
    def comparable(self) -> bool:
        return self.points is not None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE

    @property
    def words(self) -> str:
        """The change stated plainly, for the page and the CSV."""
        if self.points is None:
            return "Too few answers to compare"
        if round(self.points, 1) == 0:
            direction = "No change"
        else:
            direction = f"{'Up' if self.points > 0 else 'Down'} {abs(self.points):.1f} points"
        verdict = "a real change" if self.significant else "could be chance"
        return f"{direction} ({verdict}, p = {self.p_value:.3f})"


def change_between(before: Share, after: Share) -> Change:
    if not (before.reliable and after.reliable):
        return Change(before, after, None, None, None)
    assert before.percent is not None and after.percent is not None  # reliable bases are above 0
    z, p_value = two_proportion_test(before.yes, before.base, after.yes, after.base)
    return Change(before, after, after.percent - before.percent, z, p_value)
