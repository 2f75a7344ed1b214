"""The pollution app's models: the 散乱污 registry (sites.py) and enterprises' environmental performance
grades with their 晋A升B upgrade plans (grades.py). Decision 0038."""

from mashangdu.pollution.models.grades import (
    GRADE_RANK,
    Grade,
    GradeIndustry,
    GradeRecord,
    Milestone,
    MilestoneReminder,
    PlanState,
    UpgradePlan,
)
from mashangdu.pollution.models.sites import (
    OPEN_STATES,
    Category,
    Disposal,
    Inspection,
    InspectionResult,
    Site,
    SiteKind,
    SiteReminder,
    SiteState,
    Source,
)

__all__ = [
    "GRADE_RANK",
    "OPEN_STATES",
    "Category",
    "Disposal",
    "Grade",
    "GradeIndustry",
    "GradeRecord",
    "Inspection",
    "InspectionResult",
    "Milestone",
    "MilestoneReminder",
    "PlanState",
    "Site",
    "SiteKind",
    "SiteReminder",
    "SiteState",
    "Source",
    "UpgradePlan",
]
