"""The demo county: believable, deterministic, idempotent."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from mashangdu.core.models import CalendarYear, Event, Role, Unit, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.models import Enterprise
from mashangdu.enterprises.uscc import uscc_normalise
from mashangdu.testing import dated_after


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_it_builds_the_county_of_the_spec(county: str) -> None:
    assert Unit.objects.filter(kind=UnitKind.COUNTY).count() == 1
    assert Unit.objects.filter(kind=UnitKind.TOWNSHIP).count() == 15
    assert 280 <= Unit.objects.filter(kind=UnitKind.VILLAGE).count() <= 320
    assert Unit.objects.filter(kind=UnitKind.DEPARTMENT).count() >= 40
    for kind in (UnitKind.SERVICE_CENTRE, UnitKind.SUPERVISION_OFFICE, UnitKind.DISCIPLINE_COMMISSION):
        assert Unit.objects.filter(kind=kind).count() == 1
    for short in (
        "自然资源局",
        "住建局",
        "生态环境分局",
        "工信局",
        "商务局",
        "市场监管局",
        "行政审批局",
        "人社局",
        "税务局",
        "供电公司",
    ):
        assert Unit.objects.filter(short_name=short).exists(), short
    assert CalendarYear.objects.filter(year=2026).exists()


def test_every_demo_category_has_a_unit_to_handle_it(county: str) -> None:
    from mashangdu.appeals.models import Category
    from mashangdu.demo.county_data import DUTIES

    subs = Category.objects.filter(parent__isnull=False)
    assert subs.count() >= 25
    assert not subs.filter(default_unit=None, is_territorial=False).exists()
    # Dikes, banks and river channels are the water bureau's, not the roads' (a 河堤塌方 is no pothole).
    dikes = Category.objects.get(code="river-dikes")
    assert dikes.default_unit is not None and dikes.default_unit.name == DUTIES["water"]


def test_administrative_codes_nest(county: str) -> None:
    for village in Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent")[:50]:
        assert village.parent is not None and village.parent.kind == UnitKind.TOWNSHIP
        assert len(village.admin_code or "") == 12 and (village.admin_code or "").startswith(
            village.parent.admin_code or "-"
        )


def test_every_enterprise_has_a_valid_unique_credit_code(county: str) -> None:
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == 3000 == len(set(codes))
    for code in codes:
        assert uscc_normalise(code) == code
    assert Enterprise.objects.values("name").distinct().count() == 3000


def test_every_role_has_a_demo_user_who_can_log_in(county: str) -> None:
    for role in Role.values:
        assert User.objects.filter(role_grants__role=role).exists(), role
    client = Client()
    assert client.post("/accounts/login/", {"username": "dispatcher", "password": DEMO_PASSWORD}).status_code == 302


def test_every_unit_an_appeal_can_go_to_has_someone_to_sign_contact_and_reply(county: str) -> None:
    from mashangdu.appeals.forms import handling_units
    from mashangdu.appeals.models import Appeal, Kind, Status
    from mashangdu.appeals.selectors import requester_visible_to
    from mashangdu.appeals.transitions import may

    for unit in handling_units():
        staff = list(User.objects.filter(unit=unit, is_active=True))
        dispatched = Appeal(unit=unit, status=Status.DISPATCHED, kind=Kind.HELP)
        handling = Appeal(unit=unit, status=Status.HANDLING, kind=Kind.HELP)
        assert any(may("sign", dispatched, u) for u in staff), unit
        assert any(may("contact", handling, u) and may("reply", handling, u) for u in staff), unit
    # Complaints and reports about a window go to these offices: whoever handles them must also be allowed
    # to see who complained, to call them back.
    for kind in (UnitKind.SUPERVISION_OFFICE, UnitKind.DISCIPLINE_COMMISSION):
        unit = Unit.objects.get(kind=kind)
        complaint = Appeal(unit=unit, status=Status.HANDLING, kind=Kind.COMPLAINT)
        assert any(
            may("reply", complaint, u) and requester_visible_to(complaint, u) for u in User.objects.filter(unit=unit)
        ), unit


def test_the_readme_lists_every_named_demo_user_with_its_mobile(county: str) -> None:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Demo logins", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| `")]
    listed = {cells[1].strip().strip("`"): cells[-2].strip() for cells in rows}
    # dNN, tNN and their _head: a handler and a head per unit, described below the table.
    named = User.objects.exclude(username__regex=r"^[dt][0-9]{2}(_head)?$").values_list("username", "mobile")
    assert listed == {username: mobile or "—" for username, mobile in named}
    assert f" {User.objects.count()} users," in county  # the loader's summary counts them all


def test_it_is_idempotent_and_deterministic(county: str) -> None:
    before = (
        list(Unit.objects.order_by("admin_code", "name").values_list("name", "admin_code")),
        list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "township__name")),
        User.objects.count(),
    )
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    after = (
        list(Unit.objects.order_by("admin_code", "name").values_list("name", "admin_code")),
        list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "township__name")),
        User.objects.count(),
    )
    assert before == after


def test_if_empty_skips_a_loaded_county(county: str) -> None:
    out = io.StringIO()
    call_command("demo_county", "--if-empty", "--appeals", "0", stdout=out)
    assert "skipped" in out.getvalue()


def test_it_carries_codes_scans_ratings_and_pairings(county: str) -> None:
    from mashangdu.enterprises.models import Pairing
    from mashangdu.intake.models import QrCode, QrScanDay, TargetKind, WindowRating

    assert QrCode.objects.filter(kind=TargetKind.ENTERPRISE, is_active=True).count() == 3000
    assert QrCode.objects.filter(kind=TargetKind.VILLAGE).count() == Unit.objects.filter(kind=UnitKind.VILLAGE).count()
    assert QrCode.objects.filter(kind=TargetKind.WINDOW).count() >= 55
    assert QrCode.objects.filter(kind__in=[TargetKind.SITE, TargetKind.COUNTY]).count() == 3
    assert QrScanDay.objects.exists() and WindowRating.objects.exists()
    assert Pairing.objects.filter(cadre__username="cadre").count() == 12
    counts = (QrCode.objects.count(), QrScanDay.objects.count(), WindowRating.objects.count(), Pairing.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert counts == (
        QrCode.objects.count(),
        QrScanDay.objects.count(),
        WindowRating.objects.count(),
        Pairing.objects.count(),
    )


def task_lights() -> dict[str, str]:
    from mashangdu.demo.keytasks import TASKS
    from mashangdu.keytasks.lights import light
    from mashangdu.keytasks.models import Task

    # The speech's tasks; breaches (water, air) add supervised items of their own.
    tasks = Task.objects.filter(code__in=[row[0] for row in TASKS]).prefetch_related(
        "milestones", "indicators", "reports"
    )
    return {t.code: light(t, timezone.localdate()).colour for t in tasks}


def test_it_carries_key_tasks_with_reports_and_every_light(county: str) -> None:
    from mashangdu.keytasks.models import ProgressReport

    lights = task_lights()
    assert len(lights) == 12
    assert (
        ProgressReport.objects.filter(state="returned").exists()
        and ProgressReport.objects.filter(state="accepted").exists()
    )
    assert {"red", "yellow", "green"} <= set(lights.values())
    # Late reports, an overdue milestone and an indicator far behind are red; a milestone due soon is yellow.
    assert (lights["1"], lights["6"], lights["10"], lights["3"]) == ("red", "red", "red", "yellow")


def test_a_complaint_at_a_demo_window_is_handled_by_the_supervision_office_not_the_unit(county: str) -> None:
    """issue 13: the service centre's dispatchers never see it; someone in the office signs and replies."""
    from mashangdu.appeals.selectors import appeals_visible_to
    from mashangdu.appeals.services import appeal_contact, appeal_reply, appeal_sign
    from mashangdu.intake.models import QrCode, TargetKind
    from mashangdu.intake.services.codes import new_code
    from mashangdu.intake.services.submissions import public_submit

    centre = Unit.objects.get(kind=UnitKind.SERVICE_CENTRE)
    qr = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label="服务中心窗口", unit=centre)
    appeal = public_submit(
        key="demo-window-complaint",
        ip=None,
        qr=qr,
        public_kind="complaint",
        content="窗口人员态度恶劣。",
        is_anonymous=True,
        consent=True,
    ).appeal
    for name in ("dispatcher", "dispatcher2"):
        assert not appeals_visible_to(User.objects.get(username=name)).filter(pk=appeal.pk).exists(), name
    officer = User.objects.get(username="supervisor")
    assert appeal.unit == officer.unit
    appeal_sign(appeal=appeal, by=officer)
    appeal_contact(appeal=appeal, by=officer, note="已电话联系投诉人。")
    replied = appeal_reply(appeal=appeal, by=officer, result="solved", public_reply="已约谈窗口负责人并整改。")
    assert replied.status == "replied"


def test_nothing_it_writes_is_dated_after_now(county: str) -> None:
    assert dated_after(timezone.now()) == []


# The first minutes of a month after a 30-day one, a new year, the day after February, a month's last
# minutes, a leap day: the key tasks must show every light and claim no future on any day.
MOMENTS = [
    dt.datetime(2026, 12, 1, 0, 5, tzinfo=SHANGHAI),
    dt.datetime(2027, 1, 1, 9, 0, tzinfo=SHANGHAI),
    dt.datetime(2027, 3, 1, 8, 0, tzinfo=SHANGHAI),
    dt.datetime(2027, 3, 31, 23, 55, tzinfo=SHANGHAI),
    dt.datetime(2028, 2, 29, 12, 0, tzinfo=SHANGHAI),
]


def test_key_tasks_show_every_light_and_no_future_on_any_day(county: str) -> None:
    from mashangdu.demo.keytasks import seed_tasks
    from mashangdu.keytasks.models import SourceDocument, Task

    for moment in MOMENTS:  # one county for all (loading it is the slow part), the tasks seeded again each time
        Task.objects.all().delete()
        SourceDocument.objects.all().delete()
        seen = Event.objects.order_by("pk").last()
        with time_machine.travel(moment, tick=False):
            assert seed_tasks() == 12
            lights = task_lights()
            assert (lights["1"], lights["6"], lights["10"], lights["3"]) == ("red", "red", "red", "yellow"), moment
            assert "green" in lights.values(), moment
            assert [fact for fact in dated_after(timezone.now()) if fact.startswith("tasks.")] == [], moment
            new_events = Event.objects.filter(pk__gt=seen.pk if seen else 0)
            assert new_events.exists() and not new_events.filter(created_at__gt=timezone.now()).exists(), moment


def test_it_carries_technology_needs_results_and_past_dockings(county: str) -> None:
    from mashangdu.techmatch.models import Docking, TechNeed, TechResult

    today = timezone.localdate()
    assert TechNeed.objects.count() == 30 and TechResult.objects.count() == 60
    assert Docking.objects.exists() and not Docking.objects.filter(held_on__gt=today).exists()
    assert not TechNeed.objects.filter(raised_on__gt=today).exists()
    assert TechNeed.objects.filter(unit__name="县科学技术局").count() == 30
