"""Writes of the rivers app (STYLE §1): chiefs and segments, patrols and their problems, the sweep's
reminders, black-odorous bodies and their milestones."""

from mashangdu.rivers.services.blackwater import (
    black_water_create,
    black_water_move,
    black_water_urge,
    milestone_add,
    milestone_complete,
)
from mashangdu.rivers.services.chiefs import chief_create, segment_create
from mashangdu.rivers.services.patrols import MAX_PHOTOS, MAX_PROBLEMS, Problem, patrol_record, patrol_remind

__all__ = [
    "MAX_PHOTOS",
    "MAX_PROBLEMS",
    "Problem",
    "black_water_create",
    "black_water_move",
    "black_water_urge",
    "chief_create",
    "milestone_add",
    "milestone_complete",
    "patrol_record",
    "patrol_remind",
    "segment_create",
]
