"""The named role groups (core/models/users.py) tie their users together (issue 15): for every group, each
page, service, selector and form that asks the group's question answers yes to exactly the members of the
staff who hold one of the group's roles, and no to everyone else.

The personas are the authorisation matrix's (tests/authz_world.py); a persona is in a group when it holds one
of the group's roles, as the code decides it, so a change of a group moves every user of it at once, and a
user that asks with a list of its own fails here. The menu is checked against the pages: every entry a
persona sees opens for it, and a page in the menu that a persona may open is in its menu, except the few
listed in MENU_LEAVES_OUT."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.forms import ModelChoiceField
from django.test import Client, override_settings

from mashangdu.appeals.forms import AssignForm
from mashangdu.appeals.models import Status
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.core.errors import PermissionDeniedError
from mashangdu.core.models import Duty, Role, UnitDuty, User
from mashangdu.core.models import users as role_groups
from mashangdu.core.selectors import events_visible_to, units_visible_to
from mashangdu.efficiency.scope import is_industry_staff
from mashangdu.enterprises.models import Pairing
from mashangdu.enterprises.selectors import ENTERPRISE_WIDE_DUTIES, phones_visible_to
from mashangdu.intake.models import WindowRating
from mashangdu.keytasks.models import Task
from mashangdu.keytasks.services import report_submit, task_supervise
from mashangdu.land.transitions import PARCELS
from mashangdu.policies.selectors import county_reader, payments_visible_to
from mashangdu.policies.transitions import APPLICATIONS
from mashangdu.pollution.transitions import SITES
from mashangdu.testing import make_appeal
from mashangdu.visits.panels import home_panels as visit_panels
from mashangdu.visits.services import visit_log
from tests.authz_world import NOW, PERSONAS, World, build_world

STAFF = tuple(p for p in PERSONAS if p not in ("anonymous", "public"))
REDIRECT = "redirect"
Outcome = int | str


def _outcome(response: Any) -> Outcome:
    return REDIRECT if response.status_code == 302 else int(response.status_code)


@dataclass(frozen=True)
class Page:
    """A page that admits the group: `ok` for a member, `denied` for anyone else."""

    url: str  # formatted with World.ids
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    ok: Outcome = 200
    denied: Outcome = 403

    def allows(self, client: Client, world: World, user: User) -> bool:
        url = self.url.format(**world.ids)
        response = client.post(url, self.data) if self.method == "post" else client.get(url)
        got = _outcome(response)
        assert got in (self.ok, self.denied), f"{self.method.upper()} {url}: {got}"
        return got == self.ok

    def describe(self) -> str:
        return f"{self.method.upper()} {self.url}"


@dataclass(frozen=True)
class Offer:
    """A page that offers something to the group only: its context says whether (False when refused)."""

    url: str
    key: str

    def allows(self, client: Client, world: World, user: User) -> bool:
        response = client.get(self.url.format(**world.ids))
        return response.status_code == 200 and bool(response.context.get(self.key))

    def describe(self) -> str:
        return f"{self.key} on {self.url}"


@dataclass(frozen=True)
class Rule:
    """A service, selector or form asked directly: True when it lets `user` in."""

    label: str
    allows_user: Callable[[World, User], bool]

    def allows(self, client: Client, world: World, user: User) -> bool:
        return self.allows_user(world, user)

    def describe(self) -> str:
        return self.label


def _own_unit_task(user: User) -> Task:
    assert user.unit is not None
    return Task.objects.create(
        code=f"R{user.pk}",
        title="测试任务",
        area="产业发展",
        lead_unit=user.unit,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 31),
    )


def _refused(call: Callable[[], object]) -> bool:
    try:
        call()
    except PermissionDeniedError:
        return True
    return False


def _may_report(world: World, user: User) -> bool:
    task = _own_unit_task(user)
    return not _refused(lambda: report_submit(task=task, by=user, period_end=dt.date(2026, 10, 31), text="进展"))


def _may_supervise(world: World, user: User) -> bool:
    return not _refused(lambda: task_supervise(task=world.task, by=user, level="yellow", note="请加快"))


def _may_cancel_meeting(world: World, user: User) -> bool:
    from mashangdu.meetings.services import meeting_cancel

    with transaction.atomic():
        allowed = not _refused(lambda: meeting_cancel(meeting=int(str(world.ids["meeting"])), by=user, reason="改期"))
        transaction.set_rollback(True)
    return allowed


def _assignable(world: World, user: User) -> bool:
    appeal = make_appeal(Status.HANDLING, unit=user.unit)
    choices = AssignForm(appeal=appeal, user=user).fields["assignee"]
    assert isinstance(choices, ModelChoiceField) and choices.queryset is not None
    return choices.queryset.filter(pk=user.pk).exists()


def _has_unit_queues(client: Client, world: World, user: User) -> bool:
    return "to_sign" in dict(client.get("/appeals/").context["queues"])


def _sees_unit_members(client: Client, world: World, user: User) -> bool:
    return "unit_members" in client.get("/").context


def _may_log_visit(world: World, user: User) -> bool:
    pairing = Pairing.objects.create(
        enterprise_id=int(str(world.ids["enterprise"])), cadre=user, started_on=dt.date(2026, 1, 1)
    )
    return not _refused(
        lambda: visit_log(
            pairing=pairing, by=user, visited_on=dt.date(2026, 11, 9), form="phone", participants="甲", situation="乙"
        )
    )


def _industry_staff(client: Client, world: World, user: User) -> bool:
    """The group's roles make the staff of the unit holding the industry duty (亩均效益, efficiency.scope): the
    duty moved to the persona's own unit, inside the probe's savepoint."""
    if user.unit_id is not None:
        UnitDuty.objects.update_or_create(duty=Duty.INDUSTRY, defaults={"unit_id": user.unit_id})
    return is_industry_staff(user)


def _may_import_air(client: Client, world: World, user: User) -> bool:
    """The group's roles admit to the air import page in the unit holding the environment duty (and
    administrators anywhere): the duty moved to the persona's own unit, inside the probe's savepoint."""
    if user.unit_id is not None:
        UnitDuty.objects.update_or_create(duty=Duty.ENVIRONMENT, defaults={"unit_id": user.unit_id})
    status = client.get("/air/import/").status_code
    assert status in (200, 403), status
    return status == 200


def _reads_any_enterprise(client: Client, world: World, user: User) -> bool:
    """With no unit holding a duty that spans every enterprise (whose staff read them all as well:
    enterprises.selectors.ENTERPRISE_WIDE_DUTIES), inside the probe's savepoint."""
    UnitDuty.objects.filter(duty__in=ENTERPRISE_WIDE_DUTIES).delete()
    status = client.get(f"/enterprises/{world.ids['ent_other']}/").status_code
    assert status in (200, 404), status
    return status == 200


def _with_duty(duty: str, url: str) -> Callable[[Client, World, User], bool]:
    """The group's roles admit to `url` in the unit holding `duty`: the duty moved to the persona's own unit,
    inside the probe's savepoint (villages: the agriculture and tourism authorities, decision 0042)."""

    def check(client: Client, world: World, user: User) -> bool:
        if user.unit_id is not None:
            UnitDuty.objects.update_or_create(duty=duty, defaults={"unit_id": user.unit_id})
        status = client.get(url).status_code
        assert status in (200, 403), status
        return status == 200

    return check


@dataclass(frozen=True)
class Custom:
    label: str
    check: Callable[[Client, World, User], bool]

    def allows(self, client: Client, world: World, user: User) -> bool:
        return self.check(client, world, user)

    def describe(self) -> str:
        return self.label


Probe = Page | Offer | Rule | Custom

USES: dict[str, list[Probe]] = {
    "COUNTY_WIDE": [
        Rule(
            "units_visible_to: a unit nobody here belongs to",
            lambda w, u: units_visible_to(u).filter(pk=w.units["township"].pk).exists(),
        ),
        Rule(
            "appeals_visible_to: an appeal of that unit",
            lambda w, u: appeals_visible_to(u).filter(pk=int(str(w.ids["t"]))).exists(),
        ),
        Page("/units/{unit_township}/", denied=404),
        Page("/appeals/{t}/", denied=404),
        Page("/reports/dashboard/"),
        Page("/reports/unit/?unit={unit_centre}", denied=404),  # any unit, not only the ranked ones
        Page("/qr/"),
        Page("/qr/{qr}/"),
        Page("/qr/{qr}/image.png"),
        Custom("an enterprise with no cadre, in a township of no persona", _reads_any_enterprise),
        Custom("window ratings of every unit", lambda c, w, u: "城关镇" in c.get("/qr/ratings/").content.decode()),
    ],
    "UNIT_STAFF": [
        Rule("the assignment form offers the member", _assignable),
        Rule("report_submit on a task the own unit leads", _may_report),
        Page("/tasks/mine/"),
        Custom("the unit's queues on the workbench", _has_unit_queues),
        Custom("the unit's members on the home page", _sees_unit_members),
    ],
    "ENTERPRISE_READERS": [Page("/enterprises/"), Page("/enterprises/export/", "post", {"section": "C"})],
    "REGISTRY_EDITORS": [
        Page("/enterprises/import/"),
        Offer("/enterprises/", "may_import"),
        Rule("phones_visible_to: every contact's phone", lambda w, u: phones_visible_to(u)),
    ],
    "APPEAL_REGISTRARS": [Page("/appeals/new/"), Offer("/appeals/", "can_register")],
    "BOARD_READERS": [Page("/appeals/board/")],
    "CIRCULAR_READERS": [
        Page("/reports/circulars/"),
        Page("/reports/circulars/{circular}/"),
        Page("/reports/circulars/{circular}/download.docx"),
    ],
    "CIRCULAR_EDITORS": [
        Offer("/reports/circulars/", "can_edit"),
        Offer("/reports/circulars/{circular}/", "can_edit"),
        Page("/reports/circulars/", "post", {"month": "2026-09"}, ok=REDIRECT),
        Page("/reports/circulars/{circular}/build/", "post", ok=REDIRECT),
        Page("/reports/circulars/{circular}/cases/{case}/delete/", "post", ok=REDIRECT),
    ],
    "CONFIDENTIAL_READERS": [
        Page("/reports/drill/confidential/?metric=dispatched&start=2026-11-01&end=2026-11-30"),
        Page("/reports/drill/confidential/?metric=overdue&group=unit&key={unit_a}&start=2026-11-01&end=2026-11-30"),
        Offer("/reports/", "confidential"),
    ],
    "EVENT_LOG_READERS": [
        Rule("events_visible_to", lambda w, u: events_visible_to(u).exists()),
        Page("/events/"),
        Page("/reports/events/export/", "post", {"month": "2026-11"}, ok=REDIRECT),
        Offer("/reports/", "can_export_events"),
        Offer("/", "recent_events"),
    ],
    "TASK_SUPERVISORS": [
        Rule("task_supervise", _may_supervise),
        Page("/tasks/review/"),
        Page("/tasks/import/"),
        Page("/tasks/decompose/"),
        Page("/tasks/{task}/supervise/", "post", {"level": "yellow", "note": "加快"}, ok=REDIRECT),
        Page("/tasks/{task}/reports/{report}/review/", "post", {"accept": "1"}, ok=REDIRECT),
        Page("/tasks/{task}/strike-off/", "post", ok=REDIRECT),
        Offer("/tasks/", "is_supervisor"),
        Offer("/tasks/{task}/", "may_supervise"),
    ],
    "MEETING_ORGANISERS": [
        Rule("meeting_cancel", _may_cancel_meeting),
        Page("/meetings/new/"),
        Offer("/meetings/", "can_plan"),
    ],
    "QR_MANAGERS": [
        Page("/qr/new/"),
        Page("/qr/{qr}/toggle/", "post", {"active": "0", "reason": "测试"}, ok=REDIRECT),
        Offer("/qr/", "can_manage"),
        Offer("/qr/{qr}/", "can_manage"),
    ],
    "ROUTING_MANAGERS": [Page("/routing/"), Page("/routing/retrain/", "post", ok=REDIRECT)],
    "VILLAGE_STAFF": [
        Custom(
            "the villages import page, the agriculture duty on the persona's unit",
            _with_duty(Duty.AGRICULTURE, "/villages/import/"),
        ),
    ],
    "ROUTE_KEEPERS": [
        Custom(
            "the new-route page, the tourism duty on the persona's unit",
            _with_duty(Duty.TOURISM, "/villages/routes/new/"),
        )
    ],
    "AIR_IMPORTERS": [Custom("the air import page, the environment duty on the persona's unit", _may_import_air)],
    "TECH_MATCH_STAFF": [
        Page("/techmatch/needs/new/"),
        Page("/techmatch/results/new/"),
        Offer("/techmatch/needs/", "may_create"),
        Offer("/techmatch/results/", "may_record_results"),
    ],
    "SECOND_FACTOR_ROLES": [Offer("/accounts/security/", "may_enrol")],
    "PAIRED_CADRES": [
        Page("/visits/mine/"),
        Rule("visit_log on a pairing of their own", _may_log_visit),
        Rule("the visits panel on the home page", lambda w, u: bool(visit_panels(u))),
    ],
    "UNIT_COVERAGE_READERS": [Offer("/visits/coverage/", "own_unit")],
    "POLICY_EDITORS": [Page("/policies/new/"), Offer("/policies/", "may_create")],
    "POLICY_APPLICANT_CLERKS": [
        Page("/policies/clauses/{clause}/apply/"),
        Rule("APPLICATIONS.permits(create)", lambda w, u: APPLICATIONS.permits("create", u)),
    ],
    "POLICY_REVIEWERS": [Rule("APPLICATIONS.permits(approve)", lambda w, u: APPLICATIONS.permits("approve", u))],
    "POLICY_PAYERS": [Rule("APPLICATIONS.permits(pay)", lambda w, u: APPLICATIONS.permits("pay", u))],
    "POLLUTION_STAFF": [Rule("SITES.permits(inspect)", lambda w, u: SITES.permits("inspect", u))],
    "POLLUTION_URGERS": [Rule("SITES.permits(urge)", lambda w, u: SITES.permits("urge", u))],
    "LAND_STAFF": [Rule("PARCELS.permits(report)", lambda w, u: PARCELS.permits("report", u))],
    "LAND_REVIEWERS": [Rule("PARCELS.permits(review)", lambda w, u: PARCELS.permits("review", u))],
    "LAND_URGERS": [Rule("PARCELS.permits(urge)", lambda w, u: PARCELS.permits("urge", u))],
    "EFFICIENCY_STAFF": [
        Custom("efficiency.scope.is_industry_staff, the industry duty on the persona's unit", _industry_staff)
    ],
    "POLICY_COUNTY_READERS": [
        Rule("policies.selectors.county_reader", lambda w, u: county_reader(u)),
        Rule(
            "payments of other units",
            lambda w, u: payments_visible_to(u).exclude(clause__document__issuing_unit=u.unit).exists(),
        ),
    ],
}

# Pages in the menu that these roles may open without an entry in their menu: none. The menu
# (mashangdu/menu.py) asks each page's own check (tests/test_menu.py); 月度通报 reaches the dispatchers.
MENU_LEAVES_OUT: dict[str, set[Role]] = {}
NAV_LINK = re.compile(
    r'<a class="(?:nav-link|dropdown-item)[^"]*" href="([^"]+)">([^<]+)</a>'
)  # the bar and its dropdowns


def named_groups() -> dict[str, tuple[str, ...]]:
    """Every group of roles defined next to Role."""
    return {
        name: value
        for name, value in vars(role_groups).items()
        if name.isupper() and isinstance(value, tuple) and value and all(isinstance(r, Role) for r in value)
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The matrix's county, with an appeal of and a window rating at a township no persona belongs to;
    rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_world()
        township = built.units["township"]
        built.ids.update(
            t=make_appeal(Status.HANDLING, unit=township, title="村道破损").pk,
            unit_township=township.pk,
            unit_centre=built.units["centre"].pk,
        )
        WindowRating.objects.create(unit=township, stars=4)  # rated at a township's window
        yield built
        transaction.set_rollback(True)


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_every_named_group_is_checked_here() -> None:
    assert set(named_groups()) == set(USES)


@pytest.mark.parametrize("group", sorted(USES))
def test_every_user_of_a_group_admits_exactly_its_members(group: str, world: World, db: None) -> None:
    roles = named_groups()[group]
    wrong = []
    with time_machine.travel(NOW, tick=False):
        for persona in STAFF:
            user = User.objects.get(pk=world.users[persona].pk)  # roles read afresh
            member = user.has_role(*roles)
            client = _client(world, persona)
            for probe in USES[group]:
                with transaction.atomic():
                    allowed = probe.allows(client, world, user)
                    transaction.set_rollback(True)
                if allowed != member:
                    wrong.append(
                        f"{persona} ({'in' if member else 'not in'} {group}): {probe.describe()} says {allowed}"
                    )
    assert not wrong, "\n".join(wrong)


def _menu(client: Client) -> dict[str, str]:
    return {label: url for url, label in NAV_LINK.findall(client.get("/").content.decode())}


def test_every_menu_entry_opens_for_whoever_sees_it(world: World, db: None) -> None:
    broken = []
    with time_machine.travel(NOW, tick=False):
        for persona in STAFF:
            client = _client(world, persona)
            for label, url in _menu(client).items():
                if client.get(url).status_code != 200:
                    broken.append(f"{persona}: {label} {url}")
    assert not broken, broken


def test_a_page_of_the_menu_that_a_persona_may_open_is_in_its_menu(world: World, db: None) -> None:
    with time_machine.travel(NOW, tick=False):
        menus = {persona: _menu(_client(world, persona)) for persona in STAFF}
        pages = {label: url for menu in menus.values() for label, url in menu.items()}
        hidden = []
        for persona in STAFF:
            client = _client(world, persona)
            roles = world.users[persona].role_codes()
            for label, url in pages.items():
                if label in menus[persona] or client.get(url).status_code != 200:
                    continue
                if not roles <= MENU_LEAVES_OUT.get(label, set()):
                    hidden.append(f"{persona} may open {label} ({url}) but its menu leaves it out")
    assert not hidden, "\n".join(hidden)
    assert "月度通报" in menus["dispatcher"]
