"""The plan, funding, registers and communications models; each area in its own module."""

from .funding import (
    Fund,
    FundingType,
    OutputKind,
    Project,
    ProjectComment,
    ProjectOutput,
    ProjectStatus,
    Spend,
)
from .plan import (
    ActionStatus,
    ActionUpdate,
    MeasureSource,
    Objective,
    Plan,
    PlanAction,
    PlanMeasure,
    PlanMeasureValue,
    Priority,
    StrategicAssessment,
)
from .services_register import Frequency, PartnershipService, ServiceFigure, ServiceFigureValue

__all__ = [
    "ActionStatus",
    "ActionUpdate",
    "Frequency",
    "Fund",
    "FundingType",
    "MeasureSource",
    "Objective",
    "OutputKind",
    "PartnershipService",
    "Plan",
    "PlanAction",
    "PlanMeasure",
    "PlanMeasureValue",
    "Priority",
    "Project",
    "ProjectComment",
    "ProjectOutput",
    "ProjectStatus",
    "ServiceFigure",
    "ServiceFigureValue",
    "Spend",
    "StrategicAssessment",
]
