"""Problem solving: problem profiles (OSARA), the joint patrols that work on them, and perception surveys."""

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
from .surveys import (
    AsbProblem,
    FeelSafe,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)

__all__ = [
    "ActionStatus",
    "AsbProblem",
    "Assessment",
    "EventKind",
    "FeelSafe",
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
    "QuestionKind",
    "ResponseAction",
    "Stage",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyRound",
]
