"""The demo county's breakfast meetings (政企早餐会): three past meetings, a month apart, each with issues sent
beforehand and raised at the table, assigned on the spot and played through the appeals engine (the oldest
mostly replied and closed, the latest still being handled), so the follow-up sheet of the latest meeting has
content. Every step happens at a moment before now (time-machine), through the services. Idempotent: nothing
is done once a meeting exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Satisfaction
from mashangdu.appeals.services import appeal_contact, appeal_evaluate, appeal_reply, appeal_sign
from mashangdu.core.models import Role, Unit, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.models import Enterprise
from mashangdu.meetings.models import Invitation, Issue, Meeting
from mashangdu.meetings.services import (
    MeetingInput,
    issue_assign,
    issue_submit_beforehand,
    meeting_close,
    meeting_hold,
    meeting_plan,
)

UNITS = ["县工业和信息化局", "县自然资源和规划局", "县住房和城乡建设局", "县人力资源和社会保障局", "县财政局"]
# (title, content, unit, sent beforehand?) per meeting, oldest first.
ISSUES = [
    [
        (
            "扩建厂房用地指标未落实",
            "二期厂房需新增工业用地约 20 亩，指标迟迟未落实，影响项目开工。",
            "县自然资源和规划局",
            True,
        ),
        ("厂区门前道路破损", "厂区门前园区道路多处破损，大货车通行困难，雨天积水。", "县住房和城乡建设局", False),
        (
            "技术工人招工难",
            "数控、焊接等技术工人缺口约 40 人，希望对接职业院校定向培养。",
            "县人力资源和社会保障局",
            False,
        ),
        ("技改补贴兑现慢", "去年申报的技术改造补贴至今未拨付。", "县工业和信息化局", True),
    ],
    [
        ("施工许可办理时间长", "新建仓库施工许可材料多次补正，希望一次性告知。", "县住房和城乡建设局", True),
        ("流动资金贷款续贷难", "银行抽贷压贷，希望协调应急转贷资金。", "县财政局", False),
        ("高压供电线路改造", "用电负荷增加，需改造厂区高压线路，希望协调供电部门。", "县工业和信息化局", False),
    ],
    [
        ("园区污水管网未接通", "园区东区污水管网未接通，企业自建处理设施成本高。", "县住房和城乡建设局", True),
        ("智改数转项目申报指导", "计划上马数字化车间，希望部门上门指导申报。", "县工业和信息化局", False),
        ("土地证办理遗留问题", "早年取得的土地尚未办理不动产权证，影响抵押融资。", "县自然资源和规划局", False),
    ],
]
REPLIES = {
    "扩建厂房用地指标未落实": "已纳入本年度新增建设用地计划，10月完成供地。",
    "厂区门前道路破损": "已安排园区道路修补，已完工。",
    "技术工人招工难": "已对接县职教中心开设订单班 2 个，首批 35 人。",
    "技改补贴兑现慢": "补贴资金已拨付到企业账户。",
    "施工许可办理时间长": "已实行一次性告知和容缺受理，许可证已核发。",
    "流动资金贷款续贷难": "已协调应急转贷资金 500 万元，续贷已办理。",
}
TOPICS = ["工业用地与用工", "审批服务与融资", "园区配套与智改数转"]
CLOSED = {"扩建厂房用地指标未落实", "厂区门前道路破损", "技改补贴兑现慢", "施工许可办理时间长"}
SIGNED_ONLY = {"高压供电线路改造", "园区污水管网未接通", "智改数转项目申报指导"}


def _at(moment: dt.datetime, call: Callable[[], Any]) -> Any:
    with time_machine.travel(moment, tick=False):
        return call()


def _handler(unit: Unit) -> User:
    found = User.objects.filter(unit=unit, is_active=True, role_grants__role=Role.HANDLER).order_by("pk").first()
    if found is None:
        raise RuntimeError(f"no handler in {unit}: ensure_unit_staff runs first")
    return found


def _play(appeal: Appeal, title: str, start: dt.datetime) -> None:
    """Sign, contact, reply, call back, as far as this issue has got by now."""
    handler = _handler(appeal.unit) if appeal.unit else None
    if handler is None:
        return
    _at(start + dt.timedelta(hours=3), lambda: appeal_sign(appeal=appeal, by=handler))
    if title in SIGNED_ONLY or title not in REPLIES:
        return
    _at(start + dt.timedelta(days=1), lambda: appeal_contact(appeal=appeal, by=handler, note="已电话联系企业负责人"))
    result = "solved" if title in CLOSED else "partly"
    _at(
        start + dt.timedelta(days=6),
        lambda: appeal_reply(appeal=appeal, by=handler, result=result, public_reply=REPLIES[title]),
    )
    if title in CLOSED:
        dispatcher = User.objects.get(username="dispatcher")
        _at(
            start + dt.timedelta(days=8),
            lambda: appeal_evaluate(appeal=appeal, by=dispatcher, satisfaction=Satisfaction.SATISFIED, solved=True),
        )


def seed_meetings() -> int:
    """Three past breakfasts a month apart, the latest two weeks ago. Returns how many were made."""
    if Meeting.objects.exists():
        return 0
    host = User.objects.get(username="leader")
    by = User.objects.get(username="dispatcher")
    units = {u.name: u for u in Unit.objects.filter(name__in=UNITS)}
    firms = list(Enterprise.objects.filter(is_active=True, above_designated_size=True).order_by("pk")[:15])
    if by.unit is None or len(firms) < 15 or len(units) < len(UNITS):
        return 0
    today = timezone.localdate()
    for number, issues in enumerate(ISSUES):
        day = today - dt.timedelta(days=14 + 30 * (len(ISSUES) - 1 - number))
        day -= dt.timedelta(days=(day.weekday() - 2) % 7)  # the Wednesday before
        starts = dt.datetime.combine(day, dt.time(7, 30), tzinfo=SHANGHAI)
        data = MeetingInput(
            kind="breakfast",
            starts_at=starts,
            place="县政府一号会议室",
            host=host,
            organiser=by.unit,
            enterprises=firms[number * 5 : number * 5 + 5],
            units=[units[name] for name in UNITS],
            topic=TOPICS[number],
        )
        _one_meeting(data, issues, by=by, units=units, number=number)
    return len(ISSUES)


def _one_meeting(
    data: MeetingInput, issues: list[tuple[str, str, str, bool]], *, by: User, units: dict[str, Unit], number: int
) -> None:
    starts, invited = data.starts_at, data.enterprises
    assert starts is not None  # noqa: S101 - set just above
    with time_machine.travel(starts - dt.timedelta(days=10), tick=False):
        meeting = meeting_plan(by=by, data=data)
    sent: dict[str, Issue] = {}
    for index, (title, content, _, beforehand) in enumerate(issues):
        if not beforehand:
            continue
        invitation = Invitation.objects.get(meeting=meeting, enterprise=invited[index % len(invited)])
        with time_machine.travel(starts - dt.timedelta(days=3, hours=index), tick=False):
            sent[title] = issue_submit_beforehand(
                invitation=invitation,
                key=f"demo-meeting-{meeting.pk}-{index}",
                ip=None,
                title=title,
                content=content,
                contact_name="企业联系人",
                contact_phone=f"1390000{number:02d}{index:02d}",
                consent=True,
            )
    with time_machine.travel(starts, tick=False):
        meeting_hold(meeting=meeting, by=by)
    for index, (title, content, unit_name, _) in enumerate(issues):
        moment = starts + dt.timedelta(minutes=20 + 10 * index)
        with time_machine.travel(moment, tick=False):
            issue = issue_assign(
                meeting=meeting,
                by=by,
                unit=units[unit_name],
                issue=sent.get(title),
                enterprise=None if title in sent else invited[index % len(invited)],
                title=title,
                content=content,
                contact_name="企业联系人",
                contact_phone=f"1390001{number:02d}{index:02d}",
            )
        _play(Appeal.objects.get(pk=issue.appeal_id or 0), title, moment)
    with time_machine.travel(starts + dt.timedelta(hours=2), tick=False):
        meeting_close(meeting=meeting, by=by)
