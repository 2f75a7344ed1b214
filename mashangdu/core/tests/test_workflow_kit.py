"""The workflow kit's own rules, on the appeals' table: it writes only defined verbs of its namespace, and
hands to the projection only the verbs defined as projected."""

from __future__ import annotations

import pytest
from django.db import transaction

from mashangdu.appeals.models import HandlingRecord, Status
from mashangdu.appeals.transitions import APPEALS
from mashangdu.core.models import Event
from mashangdu.core.workflow import NEW, Transition, WrongStateError
from mashangdu.testing import Org, People, make_appeal


def test_it_refuses_a_verb_nobody_defined_or_of_another_namespace(people: People, org: Org) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)
    with transaction.atomic():
        with pytest.raises(LookupError, match="not registered"):
            APPEALS.record_event(appeal, verb="appeal.teleported", by=people.bob)
        with pytest.raises(ValueError, match="not an event of appeal"):
            APPEALS.record_event(appeal, verb="task.urged", by=people.bob)
    assert not Event.objects.exists()


def test_only_projected_verbs_reach_the_projection(people: People, org: Org) -> None:
    appeal = make_appeal(Status.SUBMITTED, unit=None)
    with transaction.atomic():
        APPEALS.record_event(appeal, verb="appeal.urged", by=people.dave, data={"to": "submitted", "from": "x"})
    assert not appeal.dispatch_records.exists()  # projected it would have opened a stay in the queue
    with transaction.atomic():
        APPEALS.record_event(appeal, verb="appeal.created", by=None, data={"to": "submitted", "from": ""})
    assert appeal.dispatch_records.count() == 1
    assert not HandlingRecord.objects.exists()


def test_a_state_refusal_names_the_state_and_the_action(people: People, org: Org) -> None:
    appeal = make_appeal(Status.CLOSED, unit=org.zjj)
    with pytest.raises(WrongStateError, match="诉求当前状态为“已办结”，不能“签收”。"):
        APPEALS.check("sign", appeal, people.bob)


def test_a_table_with_an_unknown_scope_or_a_repeated_action_is_refused() -> None:
    from mashangdu.appeals.models import Appeal
    from mashangdu.core.workflow import Workflow

    row = Transition("make", "创建", (NEW,), "submitted", (), "nowhere", verb="created")
    for table, problem in (([row], "no scope"), ([row, row], "twice")):
        with pytest.raises(ValueError, match=problem):
            Workflow(
                name="x",
                title="x",
                defined_in=__name__,
                model=Appeal,
                state_field="status",
                namespace="appeal",
                noun="诉求",
                table=table,
                scopes={"county": APPEALS.scopes["county"]} if problem == "twice" else {},
                unit_of=lambda appeal: appeal.unit,
            )
