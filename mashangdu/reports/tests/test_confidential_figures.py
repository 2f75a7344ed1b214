"""Confidential matters out of every published figure, into the supervisors' 保密件办理情况 (decision 0034).

A complaint about 住建局 (handled by the supervision office), a 举报 dispatched to 自然资源局 and a complaint
about the supervision office itself (handled by the discipline commission) are worked on through November
2026: signed, contacted, supervised, replied, evaluated. Every published figure — each ranking row, the
county total, the circular's figures, the centre's rate and queue, the dashboards, the ranking export and
the rankings page as each reader reads it — is the same as without them. (The staff API serves no ranking.)
"""

from __future__ import annotations

import io
import re
from dataclasses import astuple
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from mashangdu.appeals import services
from mashangdu.appeals.audit import projection_check
from mashangdu.appeals.models import Appeal, DispatchRecord, EvaluationRecord, HandlingRecord
from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.reports import dashboards
from mashangdu.reports.circular import _compute
from mashangdu.reports.dispatch_rates import dispatch_timeliness, queue_now
from mashangdu.reports.exports import RankingExporter
from mashangdu.reports.models import RateSettings
from mashangdu.reports.rates import Period, confidential_ranking, ranking, total
from mashangdu.reports.tests.conftest import Play, at, step
from mashangdu.testing import Org, People, make_user

NOVEMBER = Period.month(2026, 11)
NOW = at("2026-11-28T12:00")
CSRF = re.compile(r"[A-Za-z0-9]{64}")


class Offices:
    def __init__(self, org: Org) -> None:
        self.commission = Unit.objects.create(name="县纪委监委", kind=UnitKind.DISCIPLINE_COMMISSION, parent=org.county)
        self.owen = make_user("owen", "欧文", org.supervision_office, Role.HANDLER)
        self.jack = make_user("jack", "褚杰", self.commission, Role.SUPERVISOR, Role.HANDLER)


@pytest.fixture
def offices(org: Org, small_sample: RateSettings) -> Offices:
    return Offices(org)


def published() -> dict[str, Any]:
    """Every published figure of November, computed as the pages, the circular and the export compute them."""
    ranked = {g: [astuple(r) for r in ranking(NOVEMBER, group=g, now=NOW)] for g in ("department", "township", "unit")}
    circular = _compute(NOVEMBER, NOW)
    with time_machine.travel(NOW, tick=False):
        workbook = load_workbook(io.BytesIO(RankingExporter(NOVEMBER).render()), read_only=True)
        exported = [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    return {
        **ranked,
        "county": astuple(total(NOVEMBER, now=NOW)),
        "circular": (
            astuple(circular.county),
            circular.received,
            [astuple(r) for r in circular.departments],
            [astuple(r) for r in circular.townships],
        ),
        "centre": astuple(dispatch_timeliness(NOVEMBER, now=NOW)),
        "queue": astuple(queue_now(NOW)),
        "export": exported,
    }


def dashboard_figures(org: Org) -> list[Any]:
    """The dashboards' published parts: the county's rates and top ten, a unit against the county."""
    overview = dashboards.overview(NOW, Appeal.objects.none())
    unit = dashboards.unit_view(org.zrj, NOW, Appeal.objects.none())
    return [overview["rates"], overview["chart"]["top"], unit["mine_rates"], unit["county_rates"], unit["chart"]]


def pages(client: Client, zrj: int) -> list[str]:
    with time_machine.travel(NOW, tick=False):
        return [
            # Below the navigation bar (whose badge counts the reader's own messages).
            CSRF.sub("<token>", client.get(url).content.decode()).split("</nav>", 1)[-1]
            for url in (
                "/reports/?month=2026-11",
                "/reports/drill/?metric=dispatched&group=county&start=2026-11-01&end=2026-11-30",
                f"/reports/drill/?metric=evaluated&group=department&key={zrj}&start=2026-11-01&end=2026-11-30",
                "/reports/unit/",
            )
        ]


def handled(appeal: Appeal, *, unit_user: User, evaluator: User, supervisor: User, day: str = "2026-11-05") -> None:
    """Signed, contacted, supervised, replied and evaluated on `day`."""
    pk = appeal.pk
    step(f"{day}T09:30", lambda: services.appeal_sign(appeal=pk, by=unit_user))
    step(f"{day}T10:00", lambda: services.appeal_contact(appeal=pk, by=unit_user, note="已联系"))
    step(f"{day}T11:00", lambda: services.appeal_supervise(appeal=pk, by=supervisor, level="yellow", note="加快办理"))
    step(
        f"{day}T15:00", lambda: services.appeal_reply(appeal=pk, by=unit_user, result="solved", public_reply="已处理。")
    )
    step(
        f"{day}T16:00",
        lambda: services.appeal_evaluate(appeal=pk, by=evaluator, satisfaction="unsatisfied", solved=False),
    )


def file_matters(people: People, org: Org, offices: Offices) -> dict[str, Appeal]:
    p = people

    def create(kind: str, about: Unit | None, title: str) -> Appeal:
        return step(
            "2026-11-05T09:00",
            lambda: services.appeal_create(
                by=p.alice,
                kind=kind,
                channel="hotline",
                title=title,
                content=f"{title}。",
                requester_phone="13912345679",
                about_unit=about,
            ),
        )

    about_zjj = create("complaint", org.zjj, "住建局工作人员态度差")
    assert about_zjj.unit == org.supervision_office
    handled(about_zjj, unit_user=offices.owen, evaluator=p.dave, supervisor=offices.jack)
    report = create("report", None, "某厂夜间偷排")
    step("2026-11-05T09:10", lambda: services.appeal_dispatch(appeal=report.pk, by=p.alice, unit=org.zrj))
    handled(report, unit_user=p.carol, evaluator=p.alice, supervisor=p.dave)
    about_office = create("complaint", org.supervision_office, "督查室推诿")
    assert about_office.unit == offices.commission
    handled(about_office, unit_user=offices.jack, evaluator=offices.jack, supervisor=offices.jack)
    return {"about_zjj": about_zjj, "report": report, "about_office": about_office}


def ordinary(people: People, org: Org) -> None:
    """The published part of the month: two appeals of 住建局 and one of 自然资源局."""
    Play(people, org).handled().evaluated("satisfied", True)
    Play(people, org).handled(sign="14:30").evaluated("basic", False)
    zrj = Play(people, org, day="2026-11-03")
    zrj.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zrj)
    zrj.at("09:30", services.appeal_sign, by=people.carol)
    zrj.at("10:00", services.appeal_contact, by=people.carol, note="已联系")
    zrj.at("15:00", services.appeal_reply, by=people.carol, result="solved", public_reply="已处理。")
    zrj.evaluated("satisfied", True)


def test_published_figures_are_the_same_with_and_without_confidential_matters(
    people: People, org: Org, offices: Offices
) -> None:
    ordinary(people, org)
    readers = [people.bob, people.carol, people.leo, people.alice, people.dave, offices.jack, people.ada]
    clients = {}
    for user in readers:
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    before = published()
    board = dashboard_figures(org)
    seen = {name: pages(client, org.zrj.pk) for name, client in clients.items()}

    file_matters(people, org, offices)
    assert HandlingRecord.objects.filter(confidential=True).count() == 3
    assert EvaluationRecord.objects.filter(confidential=True).count() == 3
    assert DispatchRecord.objects.filter(confidential=True).count() == 1  # the 举报 waited with the dispatchers

    after = published()
    for figure in before:
        assert after[figure] == before[figure], figure
    assert dashboard_figures(org) == board
    for name, client in clients.items():
        now = pages(client, org.zrj.pk)
        # The rankings page: the same published part for every reader; supervisors also get their table.
        assert (
            now[0].split('data-testid="ranking-confidential"')[0]
            == seen[name][0].split('data-testid="ranking-confidential"')[0]
        ), name
        assert now[1:] == seen[name][1:], name


def test_supervisors_read_the_confidential_table_less_their_own_units_matters(
    people: People, org: Org, offices: Offices
) -> None:
    ordinary(people, org)
    matters = file_matters(people, org, offices)
    # The supervision office's supervisor: the complaint about 住建局 and the 举报, not the one about the office.
    rows, whole = confidential_ranking(NOVEMBER, reader=people.dave, now=NOW)
    assert {r.name: (r.dispatched, r.evaluated, r.supervisions) for r in rows} == {
        org.supervision_office.name: (1, 1, 1),
        org.zrj.name: (1, 1, 1),
    }
    assert (whole.dispatched, whole.responded, whole.evaluated, whole.solved, whole.replied) == (2, 2, 2, 0, 2)
    # The discipline commission's: all three.
    rows, whole = confidential_ranking(NOVEMBER, reader=offices.jack, now=NOW)
    assert {r.name for r in rows} == {org.supervision_office.name, org.zrj.name, offices.commission.name}
    assert whole.dispatched == 3

    period = "start=2026-11-01&end=2026-11-30"
    dave, jack = Client(), Client()
    dave.force_login(people.dave)
    jack.force_login(offices.jack)
    with time_machine.travel(NOW, tick=False):
        page = dave.get("/reports/?month=2026-11")
        assert page.context["confidential"][1].dispatched == 2
        assert "保密件办理情况" in page.content.decode()
        listed = dave.get(f"/reports/drill/confidential/?metric=dispatched&{period}")
        assert listed.status_code == 200
        assert {a.pk for a in listed.context["page"]} == {matters["about_zjj"].pk, matters["report"].pk}
        assert listed.context["figure"] == 2
        own = dave.get(
            f"/reports/drill/confidential/?metric=dispatched&group=unit&key={offices.commission.pk}&{period}"
        )
        assert own.context["figure"] == 0 and not list(own.context["page"])
        listed = jack.get(f"/reports/drill/confidential/?metric=supervisions&{period}")
        assert listed.context["figure"] == 3 and len(listed.context["page"]) == 3
        # The published drill-down lists none of them, for a supervisor either.
        published_list = jack.get(f"/reports/drill/?metric=dispatched&group=county&{period}")
        assert not {a.pk for a in published_list.context["page"]} & {m.pk for m in matters.values()}
        for user in (people.bob, people.leo, people.alice, people.ada, people.carol):
            client = Client()
            client.force_login(user)
            assert client.get(f"/reports/drill/confidential/?metric=dispatched&{period}").status_code == 403
            assert client.get("/reports/?month=2026-11").context["confidential"] is None
            assert "保密件办理情况" not in client.get("/reports/?month=2026-11").content.decode()


def test_naming_the_unit_later_flags_the_records_as_a_replay_does(people: People, org: Org, offices: Offices) -> None:
    """转督查室/纪委 after a round at a department: every record of the appeal is flagged, the stay in the
    centre's queue goes (a replay makes none for an appeal about a unit), and `audit verify` agrees."""
    complaint = step(
        "2026-11-05T09:00",
        lambda: services.appeal_create(
            by=people.alice,
            kind="complaint",
            channel="hotline",
            title="乱收费",
            content="乱收费。",
            requester_phone="13912345670",
        ),
    )
    assert DispatchRecord.objects.filter(appeal=complaint, confidential=False).count() == 1
    step("2026-11-05T09:05", lambda: services.appeal_dispatch(appeal=complaint.pk, by=people.alice, unit=org.zrj))
    step("2026-11-05T09:20", lambda: services.appeal_return(appeal=complaint.pk, by=people.carol, reason="涉及作风"))
    step("2026-11-05T09:40", lambda: services.appeal_accept_return(appeal=complaint.pk, by=people.alice))
    assert HandlingRecord.objects.filter(appeal=complaint, confidential=False).count() == 1
    before = total(NOVEMBER, now=NOW)
    assert before.misrouted == 1
    step(
        "2026-11-05T10:00",
        lambda: services.appeal_refer_to_office(appeal=complaint.pk, by=people.alice, about_unit=org.zjj),
    )
    records = HandlingRecord.objects.filter(appeal=complaint)
    assert records.count() == 2 and not records.filter(confidential=False).exists()
    assert not DispatchRecord.objects.filter(appeal=complaint).exists()
    assert total(NOVEMBER, now=NOW).misrouted == 0
    with time_machine.travel(NOW, tick=False):
        assert projection_check(10).count == 0
