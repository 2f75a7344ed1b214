"""Logging a visit: only the paired cadre, a date in the pairing and not in the future, and each problem
raised becomes an appeal on channel 包联走访 — all in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.appeals.models import Appeal, Channel, Kind, Status
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, User
from mashangdu.testing import People
from mashangdu.visits.models import Form, VisitLog, VisitProblem
from mashangdu.visits.services import Problem, visit_log
from mashangdu.visits.tests.conftest import Pairs

TODAY = dt.date(2026, 11, 10)


def _log(pairs: Pairs, people: People, **changes: object) -> VisitLog:
    fields: dict[str, object] = {
        "pairing": pairs.foundry,
        "by": people.erin,
        "visited_on": TODAY,
        "form": Form.VISIT,
        "participants": "吴艾琳、郝经理",
        "situation": "企业生产正常，反映两个问题。",
    } | changes
    return visit_log(**fields)  # type: ignore[arg-type]


def test_the_paired_cadre_logs_a_visit_and_each_problem_becomes_an_appeal(pairs: Pairs, people: People) -> None:
    visit = _log(
        pairs,
        people,
        problems=[
            Problem(title="厂区门前道路破损", content="大货车进出困难，请修复。"),
            Problem(title="用电增容", content="新上生产线需要增容。", kind=Kind.INQUIRY, requester_phone="13900001111"),
        ],
    )
    appeals = [p.appeal for p in visit.problems.select_related("appeal")]
    assert [a.title for a in appeals] == ["厂区门前道路破损", "用电增容"]
    for appeal in appeals:
        assert appeal.channel == Channel.VISIT and appeal.enterprise_id == pairs.foundry.enterprise_id
        assert appeal.created_by == people.erin and appeal.status == Status.SUBMITTED
        assert Event.objects.filter(verb="appeal.created", target_id=appeal.pk).exists()
    # without a requester of its own, the enterprise's primary contact is the one called back
    assert appeals[0].requester_phone == "13911112222" and appeals[0].requester_name == "郝经理"
    assert appeals[1].requester_phone == "13900001111"
    event = Event.objects.get(verb="visit.logged")
    assert event.actor == people.erin and event.data["appeals"] == [a.tracking_no for a in appeals]
    assert "郝经理" not in str(event.data) and "吴艾琳、郝经理" not in event.target_label


def test_a_bad_problem_saves_nothing_and_names_its_row(pairs: Pairs, people: People) -> None:
    with pytest.raises(DomainError, match="第 2 个问题：请填写标题") as refused:
        _log(pairs, people, problems=[Problem(title="道路破损", content="请修复。"), Problem(title="", content="x")])
    assert refused.value.field == "problem-2"
    assert not VisitLog.objects.exists() and not Appeal.objects.exists() and not VisitProblem.objects.exists()
    assert not Event.objects.filter(verb__in=["visit.logged", "appeal.created"]).exists()


def test_a_problem_without_any_contact_is_refused_by_the_engine(pairs: Pairs, people: People) -> None:
    with pytest.raises(DomainError, match="第 1 个问题：请填写联系电话"):
        _log(pairs, people, pairing=pairs.hardware, problems=[Problem(title="招工难", content="缺技术工人。")])
    assert not VisitLog.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"visited_on": TODAY + dt.timedelta(days=1)}, "日期不能晚于今天。", "visited_on"),
        ({"visited_on": dt.date(2026, 1, 19)}, "日期不能早于包联开始日期（2026-01-20）。", "visited_on"),
        ({"visited_on": None}, "请填写日期。", "visited_on"),
        ({"form": "email"}, "请选择走访形式。", "form"),
        ({"participants": "  "}, "请填写参加人员。", "participants"),
        ({"situation": ""}, "请填写走访情况。", "situation"),
        ({"situation": "很" * 2001}, "走访情况不能超过 2000 字（现在 2001 字）。", "situation"),
        ({"problems": [Problem(title="x", content="y", kind="report")]}, "第 1 个问题：请选择问题类型。", "problem-1"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    pairs: Pairs, people: People, changes: dict[str, object], message: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _log(pairs, people, **changes)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert not VisitLog.objects.exists()


def test_the_first_day_of_the_pairing_and_today_are_allowed(pairs: Pairs, people: People) -> None:
    assert _log(pairs, people, visited_on=dt.date(2026, 1, 20)).pk
    assert _log(pairs, people, visited_on=TODAY, form=Form.PHONE).pk


@pytest.mark.parametrize("who", ["gina", "alice", "dave", "leo", "ada", "frank", "bob"])
def test_only_the_paired_cadre_may_log(pairs: Pairs, people: People, who: str) -> None:
    user = pairs.gina if who == "gina" else getattr(people, who)
    with pytest.raises(PermissionDeniedError, match="只有包联该企业的干部可以记录走访。"):
        _log(pairs, people, by=user)
    assert not VisitLog.objects.exists()


def test_an_ended_pairing_takes_no_more_visits(pairs: Pairs, people: People) -> None:
    pairs.foundry.ended_on = dt.date(2026, 11, 1)
    pairs.foundry.save(update_fields=["ended_on"])
    with pytest.raises(PermissionDeniedError):
        _log(pairs, people, visited_on=dt.date(2026, 10, 30))


def test_a_cadre_without_the_cadre_role_may_not_log(pairs: Pairs, people: People) -> None:
    people.erin.role_grants.all().delete()
    with pytest.raises(PermissionDeniedError):
        _log(pairs, people, by=User.objects.get(pk=people.erin.pk))
