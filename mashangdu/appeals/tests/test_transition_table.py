"""Walk the whole transition table: every action × every persona × every state.

Allowed (role, scope and state all fit) → done, evented, in the table's target state.
Otherwise → refused with a Chinese message (403-type or 409-type) and the appeal unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.forms.models import model_to_dict

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, ExtensionRequest, Satisfaction, Status
from mashangdu.appeals.transitions import APPEALS, TABLE, TRANSITIONS, WrongStateError
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, User
from mashangdu.testing import Org, People, make_appeal

Call = Callable[[Appeal, User, Org, People], Any]

CALLS: dict[str, Call] = {
    "dispatch": lambda a, u, o, p: services.appeal_dispatch(appeal=a, by=u, unit=o.zjj),
    "refer_office": lambda a, u, o, p: services.appeal_refer_to_office(appeal=a, by=u, about_unit=o.zjj),
    "reject": lambda a, u, o, p: services.appeal_reject(appeal=a, by=u, reason="不属于受理范围"),
    "merge": lambda a, u, o, p: services.appeal_merge(appeal=a, by=u, into=make_appeal(Status.SUBMITTED, unit=None)),
    "answer": lambda a, u, o, p: services.appeal_answer(appeal=a, by=u, public_reply="营业执照可在政务服务网办理。"),
    "assign": lambda a, u, o, p: services.appeal_assign(appeal=a, by=u, assignee=p.bob),
    "sign": lambda a, u, o, p: services.appeal_sign(appeal=a, by=u),
    "return": lambda a, u, o, p: services.appeal_return(appeal=a, by=u, reason="不属于本单位职责"),
    "accept_return": lambda a, u, o, p: services.appeal_accept_return(appeal=a, by=u),
    "reject_return": lambda a, u, o, p: services.appeal_reject_return(appeal=a, by=u, reason="属于该单位职责"),
    "contact": lambda a, u, o, p: services.appeal_contact(appeal=a, by=u, note="已电话联系"),
    "co_opinion": lambda a, u, o, p: services.appeal_co_opinion(appeal=a, by=u, opinion="规划上无障碍"),
    "request_extension": lambda a, u, o, p: services.appeal_request_extension(
        appeal=a, by=u, working_days=3, reason="需要招标"
    ),
    "decide_extension": lambda a, u, o, p: services.appeal_decide_extension(appeal=a, by=u, approve=True),
    "reply": lambda a, u, o, p: services.appeal_reply(
        appeal=a, by=u, result="solved", public_reply="已安排施工队修复。"
    ),
    "approve_reply": lambda a, u, o, p: services.appeal_approve_reply(appeal=a, by=u),
    "send_back_reply": lambda a, u, o, p: services.appeal_send_back_reply(appeal=a, by=u, reason="请补充照片"),
    "evaluate": lambda a, u, o, p: services.appeal_evaluate(
        appeal=a, by=u, satisfaction=Satisfaction.SATISFIED, solved=True
    ),
    "review": lambda a, u, o, p: services.appeal_review(appeal=a, by=u, reopen=True, reason="确未解决"),
    "urge": lambda a, u, o, p: services.appeal_urge(appeal=a, by=u, note="请加快办理"),
    "supervise": lambda a, u, o, p: services.appeal_supervise(appeal=a, by=u, level="yellow", note="超期未办"),
}
# Where the table says "*" (depends on input), what these calls lead to.
STAR_TARGETS = {
    "reject_return": Status.DISPATCHED,
    "reply": Status.REPLIED,
    "evaluate": Status.CLOSED,
    "review": Status.HANDLING,
}


def test_every_action_of_the_table_is_walked() -> None:
    assert set(CALLS) == {t.action for t in TABLE if t.scope != "system"}


def _expected_allowed(action: str, user: User, appeal: Appeal, org: Org) -> bool:
    t = TRANSITIONS[action]
    if not user.has_role(*t.roles) or appeal.status not in t.sources:
        return False
    if action == "refer_office":  # 投诉/举报 only: test_about_unit_transitions.py walks it
        return False
    if t.scope == "unit":
        return user.unit_id == org.zjj.pk
    if t.scope == "co_unit":
        return user.unit_id == org.zrj.pk
    return True


def _snapshot(appeal: Appeal) -> dict[str, Any]:
    appeal.refresh_from_db()
    return model_to_dict(appeal) | {"co": sorted(appeal.co_units.values_list("pk", flat=True))}


@pytest.mark.parametrize("action", sorted(CALLS))
def test_action_for_every_role_and_state(action: str, org: Org, people: People) -> None:
    personas = [
        people.alice,
        people.bob,
        people.frank,
        people.carol,
        people.dave,
        people.erin,
        people.leo,
        people.ada,
        people.tina,
    ]
    for status in Status.values:
        for user in personas:
            appeal = make_appeal(status, unit=org.zjj, co_units=(org.zrj,))
            if action == "decide_extension":
                ExtensionRequest.objects.create(
                    appeal=appeal, working_days=3, reason="需要招标", requested_by=people.bob
                )
            allowed = _expected_allowed(action, user, appeal, org)
            before = _snapshot(appeal)
            events_before = Event.objects.filter(target_id=appeal.pk, verb__startswith="appeal.").count()
            case = f"{action} by {user.username} in {status}"
            if allowed:
                CALLS[action](appeal, user, org, people)
                appeal.refresh_from_db()
                target = TRANSITIONS[action].target
                expected_status = {"": status, "*": STAR_TARGETS.get(action)}.get(target, target)
                assert appeal.status == expected_status, case
                verbs = list(Event.objects.filter(target_id=appeal.pk).values_list("verb", flat=True))
                assert APPEALS.verb_of(action) in verbs, case
            else:
                with pytest.raises(DomainError) as refused:
                    CALLS[action](appeal, user, org, people)
                assert isinstance(refused.value, PermissionDeniedError | WrongStateError), case
                assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message), case
                assert _snapshot(appeal) == before, case
                assert Event.objects.filter(target_id=appeal.pk, verb__startswith="appeal.").count() == events_before
