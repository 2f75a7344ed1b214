"""The river chief of an assessment section, for the water app's breaches (a section below its target
becomes a key task led by its river chief): registered with the water app from apps.py."""

from __future__ import annotations

from mashangdu.rivers.models import ChiefLevel, RiverChief, RiverSegment
from mashangdu.water.models import Section


def chief_for_section(section: Section) -> str:
    """The township-level chief of a segment of the section's water body in the section's township, else the
    county-level chief of the water body; "" when there is none. The name is in clear: it names the leader
    of a supervised item, which its readers must be able to call."""
    segments = RiverSegment.objects.filter(water_body_id=section.water_body_id)
    if section.township_id is not None:
        local = segments.filter(township_id=section.township_id, township_chief__is_active=True)
        chief = local.order_by("pk").values_list("township_chief", flat=True).first()
        if chief is not None:
            return RiverChief.objects.get(pk=chief).name
    county = segments.filter(county_chief__is_active=True).order_by("pk").values_list("county_chief", flat=True)
    chief = county.first()
    if chief is None:
        return ""
    row = RiverChief.objects.get(pk=chief)
    return row.name if row.level == ChiefLevel.COUNTY else ""
