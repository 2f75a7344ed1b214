from mashangdu.appeals.models.appeals import (
    TRACKING_NO_MAX,
    Appeal,
    AppealQuerySet,
    Attachment,
    Channel,
    Kind,
    ReplyResult,
    Satisfaction,
    Status,
    SupervisionLevel,
    Urgency,
    access_code_digest,
)
from mashangdu.appeals.models.categories import Category, CategoryField, DeadlineRule, FieldType, ReplyTemplate
from mashangdu.appeals.models.dispatch import DispatchOutcome, DispatchRecord
from mashangdu.appeals.models.records import EvaluationRecord, HandlingRecord
from mashangdu.appeals.models.workflow import DailySequence, ExtensionRequest, UrgeMark, WorkflowSettings

__all__ = [
    "TRACKING_NO_MAX",
    "Appeal",
    "AppealQuerySet",
    "Attachment",
    "Category",
    "CategoryField",
    "Channel",
    "DailySequence",
    "DeadlineRule",
    "DispatchOutcome",
    "DispatchRecord",
    "EvaluationRecord",
    "ExtensionRequest",
    "FieldType",
    "HandlingRecord",
    "Kind",
    "ReplyResult",
    "ReplyTemplate",
    "Satisfaction",
    "Status",
    "SupervisionLevel",
    "UrgeMark",
    "Urgency",
    "WorkflowSettings",
    "access_code_digest",
]
