"""Problem solving: problem profiles (OSARA) and the joint patrols that work on them."""

from .patrols import Patrol, PatrolIssue, PatrolStatus
from .profiles import (
    ActionStatus,
    Assessment,
    EventKind,
    Hypothesis,
    HypothesisStatus,
    InterventionGroup,
    InterventionType,
    ProblemProfile,
    ProfileEvent,
    ProfileSource,
    ResponseAction,
    Stage,
)

__all__ = [
    "ActionStatus",
    "Assessment",
    "EventKind",
    "Hypothesis",
    "HypothesisStatus",
    "InterventionGroup",
    "InterventionType",
    "Patrol",
    "PatrolIssue",
    "PatrolStatus",
    "ProblemProfile",
    "ProfileEvent",
    "ProfileSource",
    "ResponseAction",
    "Stage",
]
