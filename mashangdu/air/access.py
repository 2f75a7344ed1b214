"""Who may import air-quality readings (decision 0035): the staff of the unit holding the environment duty,
and administrators. Anyone else gets 403 on the import page."""

from __future__ import annotations

from mashangdu.core.auth import holds_role
from mashangdu.core.models import AIR_IMPORTERS, UNIT_STAFF, Duty, User, holds_duty

# The roles of AIR_IMPORTERS that import from any unit (administrators); the others only in the duty's unit.
ANYWHERE = tuple(role for role in AIR_IMPORTERS if role not in UNIT_STAFF)


def may_import_air(user: User) -> bool:
    if not holds_role(user, *AIR_IMPORTERS):
        return False
    if user.has_role(*ANYWHERE):
        return True
    return holds_duty(user, Duty.ENVIRONMENT)
