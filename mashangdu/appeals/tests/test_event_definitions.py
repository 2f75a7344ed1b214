"""Each appeal event is defined once (appeals/event_types.py), and its readers agree with the definition: the
handling records project exactly the verbs defined as projected, the public timeline shows exactly the public
ones, and Open311 publishes exactly those with a mySociety status."""

from __future__ import annotations

import datetime as dt

from mashangdu.appeals import dispatch_records, projection
from mashangdu.appeals.event_types import TYPES, AppealEventType, open311_statuses, projected_verbs, public_verbs
from mashangdu.appeals.models import Status
from mashangdu.appeals.services import appeal_contact, appeal_dispatch, appeal_return, appeal_sign
from mashangdu.appeals.timeline import timeline
from mashangdu.appeals.transitions import APPEALS
from mashangdu.core import event_types
from mashangdu.core.models import Event
from mashangdu.testing import Org, People, make_appeal

# GeoReport v2 as extended by mySociety (servicerequestupdates): the statuses an update may carry.
MYSOCIETY_STATUSES = {
    "OPEN",
    "INVESTIGATING",
    "IN_PROGRESS",
    "ACTION_SCHEDULED",
    "NO_FURTHER_ACTION",
    "NOT_COUNCILS_RESPONSIBILITY",
    "DUPLICATE",
    "INTERNAL_REFERRAL",
    "FIXED",
    "CLOSED",
    "REOPEN",
}


def test_every_appeal_verb_says_whether_it_is_projected_public_and_published() -> None:
    registered = [t for t in event_types.TYPES.values() if t.verb.startswith("appeal.")]
    assert registered == TYPES
    for t in registered:
        assert isinstance(t, AppealEventType), f"{t.verb}: define it as an AppealEventType"
        assert isinstance(t.projected, bool) and isinstance(t.public, bool), t.verb
        assert t.open311 is None or t.open311 in MYSOCIETY_STATUSES, t.verb
    for action in APPEALS.transitions:
        assert APPEALS.verb_of(action) in event_types.TYPES, action


def test_the_projection_reads_exactly_the_projected_verbs() -> None:
    read = {
        "appeal.dispatched",
        *projection.APPLY,
        *projection.MARKING,
        *dispatch_records.LEAVING,
        *dispatch_records.ENTERING,
    }
    assert read == set(projected_verbs())


def test_open311_publishes_the_verbs_with_a_status() -> None:
    assert open311_statuses()["appeal.return_accepted"] == "INTERNAL_REFERRAL"  # published, not public
    assert "appeal.extension_decided" in public_verbs() and "appeal.extension_decided" not in open311_statuses()
    assert "appeal.urged" not in public_verbs() | set(open311_statuses())


def test_the_public_timeline_shows_only_the_public_verbs(people: People, org: Org) -> None:
    appeal = make_appeal(Status.SUBMITTED, unit=None, is_anonymous=False, requester_phone="13912345678")
    appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    appeal_sign(appeal=appeal, by=people.bob)
    appeal_contact(appeal=appeal, by=people.bob, note="已联系")
    appeal_return(appeal=appeal, by=people.bob, reason="不属于本单位")
    verbs = list(Event.objects.filter(target_id=appeal.pk).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["appeal.dispatched", "appeal.signed", "appeal.contacted", "appeal.returned"]
    public = [e.label for e in timeline(appeal, staff=False)]
    assert public == ["派单", "签收", "首次联系诉求人"]  # the return stays inside
    assert [e.label for e in timeline(appeal, staff=True)][-1] == "申请退单"
    assert isinstance(timeline(appeal, staff=False)[0].at, dt.datetime)
