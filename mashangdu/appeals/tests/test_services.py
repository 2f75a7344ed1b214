"""Rules inside the transitions that the table alone does not show."""

from __future__ import annotations

import pytest

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Status, WorkflowSettings
from mashangdu.appeals.transitions import WrongStateError
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Notification
from mashangdu.testing import Org, People


@pytest.fixture
def in_hand(people: People, org: Org) -> Appeal:
    appeal = services.appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="楼道漏水",
        content="三单元楼道漏水。",
        requester_phone="13912345678",
    )
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj, co_units=[org.zrj])
    return services.appeal_sign(appeal=appeal, by=people.bob)


def test_a_reply_waits_for_the_heads_approval_where_the_unit_requires_it(
    people: People, org: Org, in_hand: Appeal
) -> None:
    WorkflowSettings.current().units_requiring_reply_approval.add(org.zjj)
    services.appeal_contact(appeal=in_hand, by=people.bob, note="已联系")
    appeal = services.appeal_reply(appeal=in_hand, by=people.bob, result="solved", public_reply="已维修")
    assert (appeal.status, appeal.replied_at) == (Status.PENDING_APPROVAL, None)
    assert Notification.objects.filter(recipient=people.frank, title__startswith="答复待审核").exists()
    appeal = services.appeal_send_back_reply(appeal=appeal, by=people.frank, reason="请附维修照片")
    assert appeal.status == Status.HANDLING
    services.appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="已维修，附照片")
    appeal = services.appeal_approve_reply(appeal=appeal, by=people.frank)
    assert appeal.status == Status.REPLIED and appeal.replied_at is not None and appeal.evaluation_due is not None


def test_the_heads_own_reply_needs_no_approval(people: People, org: Org, in_hand: Appeal) -> None:
    WorkflowSettings.current().units_requiring_reply_approval.add(org.zjj)
    services.appeal_contact(appeal=in_hand, by=people.frank, note="已联系")
    assert (
        services.appeal_reply(appeal=in_hand, by=people.frank, result="partly", public_reply="部分解决").status
        == "replied"
    )


def test_a_reply_needs_a_recorded_first_contact(people: People, in_hand: Appeal) -> None:
    with pytest.raises(WrongStateError, match="请先联系诉求人"):
        services.appeal_reply(appeal=in_hand, by=people.bob, result="solved", public_reply="已维修")
    services.appeal_contact(appeal=in_hand, by=people.bob, note="已联系")
    with pytest.raises(WrongStateError, match="已记录首次联系"):
        services.appeal_contact(appeal=in_hand, by=people.bob, note="再次联系")


def test_one_pending_extension_at_a_time_and_a_denial_keeps_the_deadline(people: People, in_hand: Appeal) -> None:
    services.appeal_request_extension(appeal=in_hand, by=people.bob, working_days=3, reason="等待配件")
    with pytest.raises(WrongStateError, match="已有一个待审批的延期申请"):
        services.appeal_request_extension(appeal=in_hand, by=people.bob, working_days=2, reason="再申请")
    with pytest.raises(DomainError, match="1 到 15 个工作日"):
        services.appeal_request_extension(appeal=in_hand, by=people.bob, working_days=30, reason="太久")
    before = Appeal.objects.get(pk=in_hand.pk).reply_due
    appeal = services.appeal_decide_extension(appeal=in_hand, by=people.alice, approve=False, note="理由不充分")
    assert appeal.reply_due == before
    with pytest.raises(WrongStateError, match="没有待审批的延期申请"):
        services.appeal_decide_extension(appeal=in_hand, by=people.alice, approve=True)


def test_merging_refuses_itself_and_an_already_merged_target(people: People) -> None:
    def new() -> Appeal:
        return services.appeal_create(
            by=people.alice,
            kind="help",
            channel="hotline",
            title="噪音",
            content="夜间噪音。",
            requester_phone="13912345678",
        )

    first, second, third = new(), new(), new()
    with pytest.raises(DomainError, match="不能合并到自身"):
        services.appeal_merge(appeal=first, by=people.alice, into=first)
    services.appeal_merge(appeal=second, by=people.alice, into=first)
    with pytest.raises(DomainError, match="本身已合并"):
        services.appeal_merge(appeal=third, by=people.alice, into=second)


def test_co_units_can_give_an_opinion_and_the_unit_is_told(people: People, in_hand: Appeal) -> None:
    services.appeal_co_opinion(appeal=in_hand, by=people.carol, opinion="该处不涉及规划调整。")
    assert Notification.objects.filter(recipient=people.bob, title__startswith="协办单位已回复意见").exists()


def test_only_members_of_the_unit_can_be_assigned(people: People, in_hand: Appeal) -> None:
    with pytest.raises(DomainError, match="只能指定本单位的人员"):
        services.appeal_assign(appeal=in_hand, by=people.frank, assignee=people.carol)
    assert services.appeal_assign(appeal=in_hand, by=people.frank, assignee=people.frank).assignee == people.frank
