"""The service centre's 按时受理率, worked out by hand on a month of appeals, and who sees it where."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mashangdu.appeals import services
from mashangdu.appeals.dispatch_records import project_dispatch
from mashangdu.appeals.models import DispatchRecord
from mashangdu.appeals.projection import records_rebuild
from mashangdu.core.models import Event
from mashangdu.reports.dispatch_rates import dispatch_timeliness
from mashangdu.reports.rates import Period, ranking
from mashangdu.reports.tests.conftest import Play, at, step
from mashangdu.testing import Org, People

NOVEMBER = Period.month(2026, 11)
DECEMBER = Period.month(2026, 12)


@pytest.fixture
def waits(people: People, org: Org) -> dict[str, Play]:
    """Appeals created Monday 11-02 at 08:50 (dispatch deadline 10:50) unless said otherwise.

    November by hand: six stays decided — on time: "prompt", "rejected", the first stay of "returned";
    late: "slow" (dispatched 11:00), "forgotten" (still waiting), the second stay of "returned" (back in the
    queue at 09:40, deadline 11:40, dispatched 11:50). 3 / 6 = 50%.
    """
    p = people
    plays = {name: Play(p, org) for name in ("prompt", "slow", "rejected", "forgotten", "returned")}
    plays["prompt"].at("09:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    plays["slow"].at("11:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    plays["rejected"].at("10:00", services.appeal_reject, by=p.alice, reason="不属于本县事权")
    returned = plays["returned"]
    returned.at("09:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    returned.at("09:20", services.appeal_return, by=p.bob, reason="不属于本单位职责")
    returned.at("09:40", services.appeal_accept_return, by=p.alice)
    returned.at("11:50", services.appeal_dispatch, by=p.alice, unit=org.zrj)
    return plays


def create_at(people: People, when: str) -> Any:
    return step(
        when,
        lambda: services.appeal_create(
            by=people.alice,
            kind="help",
            channel="web",
            title="井盖缺失",
            content="井盖丢了。",
            requester_phone="13912345678",
        ),
    )


def test_the_rate_as_worked_out_by_hand(waits: dict[str, Play], people: People) -> None:
    create_at(people, "2026-11-30T16:00")  # due 12-01 09:00: December's, whatever happens to it
    november = dispatch_timeliness(NOVEMBER, now=at("2026-12-01T08:45"))
    assert (november.due, november.on_time, november.late, november.late_waiting) == (6, 3, 3, 1)
    assert november.rate == 0.5


def test_a_stay_counts_once_its_deadline_has_passed_or_it_has_left(people: People, org: Org) -> None:
    waiting = create_at(people, "2026-11-30T16:00")
    assert DispatchRecord.objects.get(appeal=waiting).due == at("2026-12-01T09:00")
    before = dispatch_timeliness(DECEMBER, now=at("2026-12-01T08:45"))
    assert (before.due, before.rate) == (0, None)  # pending: neither on time nor late yet
    after = dispatch_timeliness(DECEMBER, now=at("2026-12-01T09:30"))
    assert (after.due, after.on_time, after.late_waiting, after.rate) == (1, 0, 1, 0.0)
    assert dispatch_timeliness(NOVEMBER, now=at("2026-12-01T09:30")).due == 0


def test_the_records_kept_by_the_services_equal_a_replay_and_old_events_get_their_deadline(
    waits: dict[str, Play],
) -> None:
    fields = ["appeal_id", "round", "entered_at", "due", "left_at", "outcome", "on_time"]
    live = sorted(DispatchRecord.objects.values_list(*fields))
    assert len(live) == 6  # five appeals, one of them in the queue twice
    records_rebuild()
    assert sorted(DispatchRecord.objects.values_list(*fields)) == live
    # An event written before the dispatch clock existed carries no deadline: the replay computes it.
    forgotten = waits["forgotten"].appeal
    DispatchRecord.objects.filter(appeal=forgotten).delete()
    old = Event(verb="appeal.created", created_at=at("2026-11-02T08:50"), data={"from": "", "to": "submitted"})
    project_dispatch(old, forgotten)
    assert DispatchRecord.objects.get(appeal=forgotten).due == at("2026-11-02T10:50")


def test_a_complaint_about_a_unit_is_no_part_of_the_centres_rate(people: People, org: Org) -> None:
    """It goes straight to the supervision office, never waits in the centre's queue: it has no dispatch
    record, live or rebuilt, even when it is about the centre itself."""
    complaint = step(
        "2026-11-30T16:00",
        lambda: services.appeal_create(
            by=people.alice,
            kind="complaint",
            channel="hotline",
            title="窗口推诿",
            content="服务中心窗口推诿扯皮。",
            requester_phone="13912345678",
            about_unit=org.service_centre,
        ),
    )
    ordinary = create_at(people, "2026-11-30T16:00")
    assert list(DispatchRecord.objects.values_list("appeal_id", flat=True)) == [ordinary.pk]
    records_rebuild()
    assert list(DispatchRecord.objects.values_list("appeal_id", flat=True)) == [ordinary.pk]
    december = dispatch_timeliness(DECEMBER, now=at("2026-12-01T09:30"))
    assert (december.due, december.late_waiting) == (1, 1)
    assert complaint.pk not in DispatchRecord.objects.values_list("appeal_id", flat=True)


def test_the_centre_is_never_in_the_department_or_township_ranking(waits: dict[str, Play]) -> None:
    for group in ("department", "township"):
        assert all("服务中心" not in row.name for row in ranking(NOVEMBER, group=group, now=at("2026-12-01T08:45")))


def login(persona: Any) -> Client:
    client = Client()
    client.force_login(persona)
    return client


def test_the_dispatchers_and_county_roles_see_it_on_the_centres_dashboard(
    waits: dict[str, Play], people: People, org: Org
) -> None:
    with time_machine.travel(at("2026-11-30T17:00"), tick=False):
        own = login(people.alice).get(reverse("reports:unit")).content.decode()
        supervisor = login(people.dave).get(reverse("reports:unit"), {"unit": org.service_centre.pk})
        handler = login(people.bob).get(reverse("reports:unit")).content.decode()
        anonymous = Client().get(reverse("reports:unit"))
    assert 'data-testid="dispatch-timeliness"' in own and "50.0%" in own
    assert 'data-testid="dispatch-timeliness"' in supervisor.content.decode()
    assert f'<option value="{org.service_centre.pk}" selected>' in supervisor.content.decode()  # in the unit picker
    assert 'data-testid="dispatch-timeliness"' not in handler  # a department's dashboard has no such block
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_the_rankings_page_lists_the_centre_on_its_own_line(waits: dict[str, Play], people: People) -> None:
    with time_machine.travel(at("2026-11-30T17:00"), tick=False):
        page = login(people.bob).get(reverse("reports:rankings"), {"month": "2026-11"}).content.decode()
    centre = page.split('data-testid="ranking-centre"')[1].split("</table>")[0]
    assert "营商环境服务中心" in centre and "50.0%" in centre
    departments = page.split('data-testid="ranking-department"')[1].split("</table>")[0]
    assert "服务中心" not in departments


def test_the_ranking_export_carries_the_centres_line_on_a_sheet_of_its_own(
    waits: dict[str, Play], people: People
) -> None:
    with time_machine.travel(at("2026-11-30T17:00"), tick=False):
        response = login(people.bob).get(reverse("reports:ranking_export"), {"month": "2026-11"})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 2
    ranked, centre = book.worksheets
    assert all("服务中心" not in str(row[2]) for row in ranked.iter_rows(min_row=2, values_only=True))
    header, *rows = list(centre.iter_rows())
    assert [c.value for c in header] == ["单位", "应受理", "按时受理", "超时", "其中仍待受理", "按时受理率"]
    assert [[c.value for c in row] for row in rows] == [["营商环境服务中心", 6, 3, 3, 1, 0.5]]
    assert rows[0][5].number_format == "0.0%"  # a number shown as a percentage, as on the page


def test_every_figure_opens_the_appeals_behind_it_within_the_readers_scope(
    waits: dict[str, Play], people: People
) -> None:
    url = reverse("reports:dispatch_drill")
    with time_machine.travel(at("2026-11-30T17:00"), tick=False):
        rankings = login(people.alice).get(reverse("reports:rankings"), {"month": "2026-11"}).content.decode()
        late = login(people.alice).get(url, {"metric": "late", "start": "2026-11-01", "end": "2026-11-30"})
        for_bob = login(people.bob).get(url, {"metric": "late", "start": "2026-11-01", "end": "2026-11-30"})
        unknown = login(people.alice).get(url, {"metric": "composite"})
    assert f"{url}?metric=late&amp;start=2026-11-01&amp;end=2026-11-30" in rankings
    shown = {a.pk for a in late.context["page"]}
    assert shown == {waits[name].appeal.pk for name in ("slow", "forgotten", "returned")}
    # 住建局's handler sees only the late one dispatched to 住建局; the others are not his.
    assert {a.pk for a in for_bob.context["page"]} == {waits["slow"].appeal.pk}
    assert for_bob.context["behind"] == 3
    assert unknown.status_code == 400 and "参数 metric（指标）" in unknown.content.decode()  # core.params


@pytest.mark.parametrize(
    "query",
    [{"metric": "due", "start": "0001-01-01", "end": "9999-12-31"}, {"metric": "due", "start": "x"}, {"metric": ""}],
)
def test_bad_drill_parameters_are_a_400_never_a_500(people: People, query: dict[str, str]) -> None:
    for name in ("reports:dispatch_drill", "reports:drill"):
        response = login(people.alice).get(reverse(name), query)
        # A date out of range or not a date is a 400 naming it, and so is a missing metric.
        assert response.status_code == 400 and "参数" in response.content.decode()


def test_make_runs_rebuild_fills_the_dispatch_records_of_an_older_database(waits: dict[str, Play]) -> None:
    from django.core.management import call_command

    DispatchRecord.objects.all().delete()  # a database from before decision 0013: handling records only
    call_command("rates", "rebuild", "--if-empty", stdout=io.StringIO())
    assert DispatchRecord.objects.count() == 6
    out = io.StringIO()
    call_command("rates", "rebuild", "--if-empty", stdout=out)
    assert out.getvalue() == ""  # both kinds of record present: nothing to do
