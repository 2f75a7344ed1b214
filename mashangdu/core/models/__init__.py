from mashangdu.core.models.events import Event
from mashangdu.core.models.jobs import Job
from mashangdu.core.models.notifications import Notification, WebhookDelivery
from mashangdu.core.models.units import Unit, UnitKind
from mashangdu.core.models.users import Role, RoleGrant, User
from mashangdu.core.models.workcal import CalendarDay, CalendarYear, OfficeHours

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Event",
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
