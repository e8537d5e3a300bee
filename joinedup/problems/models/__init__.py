"""Problem solving: problem profiles (OSARA), the joint patrols that work on them, engagement programmes
and the community asset map."""

from .assets import AssetKind, CommunityAsset, ContactSharing
from .engagement import (
    Deliverable,
    EngagementProgramme,
    EngagementStep,
    GroupMember,
    Step,
    StepStatus,
    TrainingKind,
    TrainingSession,
)
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
    "AssetKind",
    "CommunityAsset",
    "ContactSharing",
    "Deliverable",
    "EngagementProgramme",
    "EngagementStep",
    "EventKind",
    "GroupMember",
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
    "Step",
    "StepStatus",
    "TrainingKind",
    "TrainingSession",
]
