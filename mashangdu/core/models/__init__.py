from mashangdu.core.models.events import Event, EventChainHead
from mashangdu.core.models.jobs import Job
from mashangdu.core.models.notifications import Notification, WebhookDelivery
from mashangdu.core.models.units import Unit, UnitKind
from mashangdu.core.models.users import (
    APPEAL_REGISTRARS,
    BOARD_READERS,
    CIRCULAR_EDITORS,
    CIRCULAR_READERS,
    COUNTY_WIDE,
    EVENT_LOG_READERS,
    QR_MANAGERS,
    ROUTING_MANAGERS,
    SECOND_FACTOR_ROLES,
    TASK_SUPERVISORS,
    UNIT_STAFF,
    Role,
    RoleGrant,
    User,
)
from mashangdu.core.models.workcal import CalendarDay, CalendarYear, OfficeHours

__all__ = [
    "APPEAL_REGISTRARS",
    "BOARD_READERS",
    "CIRCULAR_EDITORS",
    "CIRCULAR_READERS",
    "COUNTY_WIDE",
    "EVENT_LOG_READERS",
    "QR_MANAGERS",
    "ROUTING_MANAGERS",
    "SECOND_FACTOR_ROLES",
    "TASK_SUPERVISORS",
    "UNIT_STAFF",
    "CalendarDay",
    "CalendarYear",
    "Event",
    "EventChainHead",
    "Job",
    "Notification",
    "OfficeHours",
    "Role",
    "RoleGrant",
    "Unit",
    "UnitKind",
    "User",
    "WebhookDelivery",
]
