"""The land app's models: idle and inefficient parcels with their reports and reminders (parcels.py) and
multi-storey factory projects with their tenants (factories.py). Decision 0040."""

from mashangdu.land.models.factories import FactoryProject, FactoryState, FactoryTenant
from mashangdu.land.models.parcels import (
    M2_PER_MU,
    OPEN_STATES,
    Cause,
    Disposal,
    LandType,
    Parcel,
    ParcelReminder,
    ParcelReport,
    ParcelState,
    ReportState,
    mu_to_m2,
)

__all__ = [
    "M2_PER_MU",
    "OPEN_STATES",
    "Cause",
    "Disposal",
    "FactoryProject",
    "FactoryState",
    "FactoryTenant",
    "LandType",
    "Parcel",
    "ParcelReminder",
    "ParcelReport",
    "ParcelState",
    "ReportState",
    "mu_to_m2",
]
