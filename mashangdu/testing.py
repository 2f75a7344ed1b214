"""Shared test fixtures: a small county and the personas of STYLE.md §10.

Personas: Alice the dispatcher (service centre), Bob a handler of 住建局, Frank the head of 住建局,
Carol a handler of 自然资源局 (another unit, who must be denied Bob's data), Dave the supervisor,
Erin the cadre, Leo the county leader, Ada the administrator, Tina a handler of 城关镇.

`MSD_TEST_DATE=2027-03-15` (or a full ISO date-time) runs the whole session on a moved clock that keeps
ticking: each process (xdist workers included) travels there before the first test, at the wall clock's
time of day when only a date is given. CI runs the suite this way too (see `.ci/run`), so no test or code
depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, models
from django.utils import timezone
from PIL import ImageFile

from mashangdu.appeals.models import Appeal, Category, Channel, Kind, Status, access_code_digest
from mashangdu.core.memo import ProcessMemo
from mashangdu.core.models import Duty, Role, RoleGrant, Unit, UnitDuty, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.gbt4754 import ensure_industry_codes

PASSWORD = "Test-pass-2026"  # noqa: S105 - test fixture
ACCESS_CODE = "ABCD2345"  # the access code of every `make_appeal` appeal
_travel: time_machine.travel | None = None


def moved_clock_start(value: str, wall: dt.datetime) -> dt.datetime:
    """The moment `MSD_TEST_DATE` names: a date at the wall clock's Shanghai time of day, or a date-time
    (naive ones in Shanghai time)."""
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, wall.astimezone(SHANGHAI).timetz())
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"MSD_TEST_DATE must be an ISO date or date-time, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    value = os.environ.get("MSD_TEST_DATE", "").strip()
    if value and _travel is None:
        _travel = time_machine.travel(moved_clock_start(value, dt.datetime.now(dt.UTC)), tick=True)
        _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config: pytest.Config) -> str | None:
    if _travel is None:
        return None
    return f"clock moved by MSD_TEST_DATE: the session started at {dt.datetime.now(SHANGHAI).isoformat()}"


@dataclass
class Org:
    county: Unit
    service_centre: Unit
    supervision_office: Unit
    zjj: Unit
    zrj: Unit
    township: Unit
    village: Unit


@dataclass
class People:
    alice: User
    bob: User
    frank: User
    carol: User
    dave: User
    erin: User
    leo: User
    ada: User
    tina: User


def make_user(username: str, full_name: str, unit: Unit, *roles: str, mobile: str | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name, unit=unit, mobile=mobile)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def org(db: None) -> Org:
    ensure_industry_codes()  # a transactional test's flush empties the tables seeded by migrations
    county = Unit.objects.create(name="测试县", kind=UnitKind.COUNTY, admin_code="130991")
    township = Unit.objects.create(name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130991100")
    return Org(
        county=county,
        service_centre=Unit.objects.create(name="县营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county),
        supervision_office=Unit.objects.create(
            name="县委县政府督查室", kind=UnitKind.SUPERVISION_OFFICE, parent=county
        ),
        zjj=Unit.objects.create(
            name="县住房和城乡建设局", short_name="住建局", kind=UnitKind.DEPARTMENT, parent=county
        ),
        zrj=Unit.objects.create(
            name="县自然资源和规划局", short_name="自然资源局", kind=UnitKind.DEPARTMENT, parent=county
        ),
        township=township,
        village=Unit.objects.create(name="张庄村", kind=UnitKind.VILLAGE, parent=township, admin_code="130991100201"),
    )


@pytest.fixture
def people(org: Org) -> People:
    return People(
        alice=make_user("alice", "赵爱丽", org.service_centre, Role.DISPATCHER, mobile="13800001111"),
        bob=make_user("bob", "钱宝博", org.zjj, Role.HANDLER, mobile="13800002222"),
        frank=make_user("frank", "孙方可", org.zjj, Role.UNIT_HEAD),
        carol=make_user("carol", "李卡萝", org.zrj, Role.HANDLER, mobile="13800003333"),
        dave=make_user("dave", "周大卫", org.supervision_office, Role.SUPERVISOR),
        erin=make_user("erin", "吴艾琳", org.county, Role.CADRE),
        leo=make_user("leo", "郑立", org.county, Role.LEADER),
        ada=make_user("ada", "王阿达", org.county, Role.ADMIN),
        tina=make_user("tina", "冯婷", org.township, Role.HANDLER),
    )


@dataclass
class WindowStaff:
    """Staff of units that have a service window, holding county-wide roles: a complaint filed at their
    window is about their own unit and must stay out of their sight (issue 13).

    Dina is a second dispatcher of the service centre (beside Alice); Gus is the administrator, in the
    data bureau (also a Django superuser); Lily a county leader in the government office. Olga is a
    handler of the supervision office, who signs for and replies to complaints about a unit."""

    data_bureau: Unit
    gov_office: Unit
    dina: User
    gus: User
    lily: User
    olga: User


@pytest.fixture
def window_staff(org: Org) -> WindowStaff:
    data_bureau = Unit.objects.create(
        name="县数据和政务服务局", short_name="数据局", kind=UnitKind.DEPARTMENT, parent=org.county
    )
    gov_office = Unit.objects.create(
        name="县政府办公室", short_name="政府办", kind=UnitKind.DEPARTMENT, parent=org.county
    )
    gus = make_user("gus", "高思", data_bureau, Role.ADMIN, mobile="13800005555")
    gus.is_staff = gus.is_superuser = True
    gus.save(update_fields=["is_staff", "is_superuser"])
    return WindowStaff(
        data_bureau=data_bureau,
        gov_office=gov_office,
        dina=make_user("dina", "丁娜", org.service_centre, Role.DISPATCHER, mobile="13800004444"),
        gus=gus,
        lily=make_user("lily", "林丽", gov_office, Role.LEADER),
        olga=make_user("olga", "欧佳", org.supervision_office, Role.HANDLER),
    )


_serial = itertools.count(90000)


def make_appeal(status: str, *, unit: Unit | None, co_units: tuple[Unit, ...] = (), **fields: object) -> Appeal:
    """An appeal put straight into `status` (no services), with plausible times for that state."""
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    in_unit = status not in (Status.SUBMITTED, Status.MERGED)
    defaults: dict[str, object] = {
        "tracking_no": f"MSD{now:%Y%m%d}{next(_serial):05d}",
        "access_code_digest": access_code_digest(ACCESS_CODE),
        "kind": Kind.INQUIRY,
        "channel": Channel.HOTLINE,
        "title": "小区门口道路破损",
        "content": "道路破损严重，雨天积水，请尽快修复。",
        "is_anonymous": True,
        "status": status,
        "unit": unit if in_unit else None,
        "submitted_at": now - 5 * hour,
    }
    if in_unit:
        defaults |= {
            "dispatched_at": now - 4 * hour,
            "handling_started_at": now - 4 * hour,
            "sign_due": now + hour,
            "sign_warn_at": now + hour / 2,
            "contact_due": now + 2 * hour,
            "contact_warn_at": now + hour,
            "reply_due": now + 30 * hour,
            "reply_warn_at": now + 20 * hour,
        }
    if status == Status.RETURNING:
        defaults["status_before_return"] = Status.DISPATCHED
    if status in (Status.REPLIED, Status.REVIEWING, Status.CLOSED):
        defaults |= {"replied_at": now - hour, "evaluation_due": now + 30 * hour, "reply_public": "已修复。"}
    if status == Status.MERGED:
        defaults["duplicate_of"] = make_appeal(Status.SUBMITTED, unit=None)
    defaults |= fields
    appeal = Appeal.objects.create(**defaults)
    appeal.co_units.set(co_units)
    return appeal


@pytest.fixture(autouse=True)
def _fresh_memos() -> Iterator[None]:
    """Per-process memos (core/memo.py) start empty in each test: the database under them is rolled back."""
    ProcessMemo.clear_all()
    yield
    ProcessMemo.clear_all()


@pytest.fixture
def calendar(db: None) -> None:
    """The working calendar seeded from chinesecalendar, as `make run` has it."""
    call_command("workcal", "seed", stdout=io.StringIO())


@pytest.fixture
def environment_bureau(org: Org) -> Unit:
    """县生态环境局, holding the environment duty (the unit an air or water breach's supervised item goes to)."""
    unit = Unit.objects.create(
        name="县生态环境局", short_name="生态环境局", kind=UnitKind.DEPARTMENT, parent=org.county
    )
    UnitDuty.objects.create(duty=Duty.ENVIRONMENT, unit=unit)
    return unit


@pytest.fixture
def land_bureau(org: Org) -> Unit:
    """县自然资源和规划局 (org.zrj), holding the natural-resources duty (idle and inefficient land)."""
    UnitDuty.objects.create(duty=Duty.NATURAL_RESOURCES, unit=org.zrj)
    return org.zrj


def _duty_department(name: str, short_name: str, duty: Duty, county: Unit) -> Unit:
    unit = Unit.objects.create(name=name, short_name=short_name, kind=UnitKind.DEPARTMENT, parent=county)
    UnitDuty.objects.create(duty=duty, unit=unit)
    return unit


@pytest.fixture
def industry_bureau(org: Org) -> Unit:
    """县工业和信息化局, holding the industry duty (亩均效益 evaluation)."""
    return _duty_department("县工业和信息化局", "工信局", Duty.INDUSTRY, org.county)


@pytest.fixture
def agriculture_bureau(org: Org) -> Unit:
    """县农业农村局, holding the agriculture duty (village indicators, 一村一品)."""
    return _duty_department("县农业农村局", "农业农村局", Duty.AGRICULTURE, org.county)


@pytest.fixture
def tourism_bureau(org: Org) -> Unit:
    """县文化广电和旅游局, holding the tourism duty (tourism routes)."""
    return _duty_department("县文化广电和旅游局", "文旅局", Duty.TOURISM, org.county)


@pytest.fixture
def roads(org: Org) -> Category:
    """城乡建设 / 道路维修, handled by 住建局 by default."""
    top = Category.objects.create(name="城乡建设", code="urban")
    return Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the images Pillow decoded (ImageFile.load) during the test."""
    calls: list[str] = []
    real = ImageFile.ImageFile.load

    def load(self: ImageFile.ImageFile) -> Any:
        calls.append(str(self.format))
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return calls


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment in threads, each with its own database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@contextmanager
def on_a_file_database(folder: Path) -> Iterator[None]:
    """Inside a `transaction=True` test: on SQLite, run on a file copy of the in-memory test database (its
    rows so far included), where two writers wait for each other (BEGIN IMMEDIATE with a busy timeout, as
    in production) instead of being refused at once as in the in-memory database's shared cache. What is
    written inside is discarded with the copy. On PostgreSQL it does nothing."""
    if connection.vendor != "sqlite" or not cast(Any, connection).is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    assert memory is not None  # noqa: S101 - ensure_connection made it
    path = folder / "concurrent.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    name = connection.settings_dict["NAME"]
    connection.connection = None  # `memory` keeps the in-memory database alive meanwhile
    connection.settings_dict["NAME"] = str(path)  # shared with the connections the threads open
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent transactions are tested on PostgreSQL"
)


# Date columns that hold plans (deadlines, planned dates, a rating's validity, warnings, retries) and may lie
# ahead; every other one is a fact.
PLANNED = re.compile(r"(^|_)(due|due_date|deadline|planned_on|valid_until|warn_at|next_attempt_at)$")
PLANNED_COLUMNS = {"core.CalendarDay.date"}  # the official calendar covers whole years


def dated_after(moment: dt.datetime) -> list[str]:
    """Every date or date-time column of the project's models that holds a fact (not a plan) with values
    after `moment`, as "app.Model.field: n" — to check that data made "now" never claims the future."""
    found = []
    day = timezone.localtime(moment).date()
    for model in apps.get_models():
        if not model.__module__.startswith("mashangdu."):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if not isinstance(field, models.DateField) or PLANNED.search(field.name) or name in PLANNED_COLUMNS:
                continue
            limit = moment if isinstance(field, models.DateTimeField) else day
            count = model._default_manager.filter(**{f"{field.name}__gt": limit}).count()
            if count:
                found.append(f"{name}: {count}")
    return found
