"""Benchmark: the staff lists, searches and a new appeal's detail page at 1,000,000 appeals (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_lists_bench .venv/bin/python bench/lists.py [--appeals N]
        [--keep] [--runs 3] [--json] [--quick]

Generates N appeals over three years (2024-01-01 to 2026-12-01) in consistent states: the older ones closed,
the last weeks open in every state with their clocks (some overdue); 75 handling units (60 departments,
15 townships with 20 villages each), 50 categories, every channel and kind, 3% co-handled by a second unit,
1% complaints about a unit's conduct; texts from a vocabulary of places, enterprises and matters (each
enterprise name in about 1 appeal in 5,000). Loaded with COPY on PostgreSQL (bulk inserts on SQLite), then
VACUUM ANALYZE. `--keep` measures the data of an earlier run; `--quick` is 20,000 appeals and 3 runs (CI).

Each page is requested in-process with Django's test Client as a logged-in user (the full view: filter form,
scope, count, page, template), median of `--runs`; the baseline in the same run is a bare indexed count
(`SELECT count(*) FROM appeal WHERE status = 'submitted'`, an index-only scan of a few thousand rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("lists.sqlite3", STATIC_MANIFEST="0")  # no collectstatic for in-process pages

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from mashangdu.appeals.models import Appeal, Category, Status  # noqa: E402
from mashangdu.appeals.models.appeals import IN_UNIT  # noqa: E402
from mashangdu.core.crypto import blind_index  # noqa: E402
from mashangdu.core.models import RoleGrant, Unit, UnitKind, User  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402

START = dt.datetime(2024, 1, 1, tzinfo=SHANGHAI)
NOW = dt.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI)
PLACES = ["幸福路", "建设街", "人民路", "工业园区", "北环路", "东关村", "西街", "南湖小区", "火车站", "新区"]
MATTERS = [
    ("噪音扰民", "夜间施工噪音很大，影响休息"),
    ("道路破损", "路面坑洼，车辆通行困难"),
    ("污水外溢", "下水道堵塞，污水流到路上"),
    ("拖欠工资", "工程完工后工资一直未发放"),
    ("办证难", "营业执照变更材料多次退回"),
    ("停电频繁", "企业生产用电经常中断"),
    ("路灯不亮", "晚上一片漆黑，出行不安全"),
    ("占道经营", "商贩占用人行道，行人只能走机动车道"),
    ("垃圾清运", "垃圾堆放多日无人清运，气味难闻"),
    ("供暖不热", "室内温度不到十五度"),
    ("政策兑现", "申报的奖补资金还没有到账"),
    ("融资困难", "企业贷款审批时间太长"),
]
SURNAMES = "恒泰华瑞鑫源宏达金盛永安隆兴博远佳诚天和"
CHANNELS = ["qr"] * 30 + ["web"] * 25 + ["hotline"] * 30 + ["visit"] * 5 + ["meeting"] * 3 + ["patrol"] * 2
CHANNELS += ["open311"] * 3 + ["other"] * 2
KINDS = ["inquiry"] * 30 + ["help"] * 35 + ["complaint"] * 15 + ["report"] * 3 + ["suggestion"] * 12
KINDS += ["evaluation"] * 5
OPEN_STATES = [Status.SUBMITTED, Status.DISPATCHED, Status.HANDLING, Status.HANDLING, Status.HANDLING]
OPEN_STATES += [Status.RETURNING, Status.PENDING_APPROVAL, Status.REPLIED, Status.REVIEWING]


def load(model: Any, columns: list[str], rows: Iterable[list[Any]]) -> None:
    """COPY on PostgreSQL (an order of magnitude faster than INSERT for a million rows), bulk insert elsewhere."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            sql = (
                f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 -- our own table and columns
            )
            batch: list[list[Any]] = []
            for row in rows:
                # SQLite keeps datetimes as UTC text, as Django writes them (COPY takes them as they are).
                batch.append([_sqlite_value(value) for value in row])
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _sqlite_value(value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value


def _org() -> tuple[list[Unit], list[Unit], list[Unit], list[Category]]:
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130999")
    Unit.objects.create(name="督查室", kind=UnitKind.SUPERVISION_OFFICE, parent=county)
    Unit.objects.create(name="营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county)
    Unit.objects.bulk_create([Unit(name=f"部门{i:02d}", kind=UnitKind.DEPARTMENT, parent=county) for i in range(60)])
    for i in range(1, 16):
        town = Unit.objects.create(
            name=f"第{i:02d}镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code=f"130999{i:03d}"
        )
        Unit.objects.bulk_create(
            [
                Unit(
                    name=f"{town.name}{j:02d}村", kind=UnitKind.VILLAGE, parent=town, admin_code=f"130999{i:03d}{j:03d}"
                )
                for j in range(1, 21)
            ]
        )
    for i in range(10):
        top = Category.objects.create(name=f"大类{i}", code=f"top-{i}", sort_order=i)
        Category.objects.bulk_create(
            [Category(name=f"小类{i}-{j}", code=f"sub-{i}-{j}", parent=top, sort_order=j) for j in range(4)]
        )
    departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("pk"))
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk"))
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("pk"))
    categories = list(Category.objects.filter(parent__isnull=False).order_by("pk"))
    return departments, townships, villages, categories


def build(n: int) -> None:
    rng = random.Random(19)
    call_command("flush", "--no-input", verbosity=0)
    departments, townships, villages, categories = _org()
    handlers = departments + townships
    town_of = {v.pk: v.parent_id for v in villages}
    phones = [blind_index(f"139{i:08d}") for i in range(50_000)]
    template = Appeal(tracking_no="x", access_code_digest="", kind="help", channel="web", title="", content="")
    fields = [f for f in Appeal._meta.concrete_fields if not f.primary_key]
    defaults = {f.column: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
    columns = [str(column) for column in defaults]
    span = (NOW - START).total_seconds()
    serial: dict[dt.date, int] = {}
    co_rows: list[list[int]] = []

    # Later appeals more often: a growing county. In the order they arrive, as the table holds them (its rows
    # lie in submission order on disk, which every list read newest first relies on).
    times = sorted(START + dt.timedelta(seconds=span * (rng.random() ** 0.8)) for _ in range(n))

    def appeals() -> Iterator[list[Any]]:
        for i, submitted in enumerate(times):
            day = submitted.astimezone(SHANGHAI).date()
            serial[day] = serial.get(day, 0) + 1
            place, (matter, detail) = rng.choice(PLACES), rng.choice(MATTERS)
            firm = f"{rng.choice(SURNAMES)}{rng.choice(SURNAMES)}{rng.randrange(20)}号科技有限公司"
            age = NOW - submitted
            kind = rng.choice(KINDS)
            row = dict(defaults)
            row.update(
                tracking_no=f"MSD{day:%Y%m%d}{serial[day]:04d}",
                kind=kind,
                channel=rng.choice(CHANNELS),
                category_id=rng.choice(categories).pk if rng.random() < 0.9 else None,
                urgency="urgent" if rng.random() < 0.05 else "normal",
                title=f"{place}{matter}",
                content=f"{firm}反映：{place}附近{detail}，希望尽快处理。",
                address=f"{place}{rng.randrange(1, 300)}号" if rng.random() < 0.7 else "",
                requester_phone_index=rng.choice(phones) if rng.random() < 0.8 else "",
                submitted_at=submitted,
            )
            village = rng.choice(villages) if rng.random() < 0.3 else None
            row["village_id"] = village.pk if village else None
            row["township_id"] = (
                town_of[village.pk] if village else (rng.choice(townships).pk if rng.random() < 0.3 else None)
            )
            closed = age > dt.timedelta(days=45) or rng.random() < 0.5
            row["status"] = status = Status.CLOSED if closed else rng.choice(OPEN_STATES)
            unit = rng.choice(handlers)
            if status != Status.SUBMITTED:
                row["unit_id"] = unit.pk
                dispatched = submitted + dt.timedelta(hours=rng.uniform(0.2, 8))
                row.update(dispatched_at=dispatched, handling_started_at=dispatched)
                row.update(sign_due=dispatched + dt.timedelta(hours=4), sign_warn_at=dispatched + dt.timedelta(hours=3))
                row.update(
                    contact_due=dispatched + dt.timedelta(days=1), contact_warn_at=dispatched + dt.timedelta(hours=18)
                )
                row.update(
                    reply_due=dispatched + dt.timedelta(days=10), reply_warn_at=dispatched + dt.timedelta(days=7)
                )
                if status != Status.DISPATCHED:
                    row.update(
                        signed_at=dispatched + dt.timedelta(hours=1), contacted_at=dispatched + dt.timedelta(hours=6)
                    )
                if status in (Status.REPLIED, Status.REVIEWING, Status.CLOSED):
                    row["replied_at"] = dispatched + dt.timedelta(days=rng.uniform(1, 9))
                if status == Status.CLOSED:
                    row.update(closed_at=row["replied_at"] + dt.timedelta(days=2), close_reason="evaluated")
                    row.update(satisfaction="satisfied", solved=True, reply_result="solved")
            else:
                row.update(
                    dispatch_due=submitted + dt.timedelta(hours=4), dispatch_warn_at=submitted + dt.timedelta(hours=3)
                )
            if kind == "complaint" and rng.random() < 0.07:
                about = rng.choice(handlers)
                row["about_unit_id"] = about.pk if about.pk != row.get("unit_id") else None
            if row.get("unit_id") and rng.random() < 0.03:
                co_rows.append([i, rng.choice([u for u in handlers if u.pk != row["unit_id"]]).pk])
            yield [row[c] for c in columns]

    started = time.perf_counter()
    load(Appeal, columns, appeals())
    first = Appeal.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    through = Appeal.co_units.through
    load(through, ["appeal_id", "unit_id"], ([first + i, unit] for i, unit in co_rows))
    print(f"{n:,} appeals and {len(co_rows):,} co-handlings loaded in {time.perf_counter() - started:.0f} s")
    analyze()


def analyze() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {Appeal._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {Appeal.co_units.through._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


def _user(username: str, unit: Unit | None, *roles: str) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": username, "unit": unit})
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    return user


def new_appeal() -> Appeal:
    """A new appeal awaiting dispatch, as the public form would have filed it: its detail page is measured."""
    from mashangdu.appeals.services import appeal_create

    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    township = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk").first()
    dispatcher = User.objects.get(username="bench-dispatcher")
    return appeal_create(
        by=dispatcher,
        kind="help",
        channel="hotline",
        title="幸福路噪音扰民",
        content="恒泰3号科技有限公司反映：幸福路附近夜间施工噪音很大，影响休息，希望尽快处理。",
        category=category,
        urgency="normal",
        township=township,
        village=None,
        address="幸福路12号",
        enterprise=None,
        requester_name="张三",
        requester_phone="13900000001",
        is_anonymous=False,
        about_unit=None,
        extra={},
        attachments=[],
    )


def measure(runs: int) -> dict[str, Any]:
    county_unit = Unit.objects.get(kind=UnitKind.SERVICE_CENTRE)
    dispatcher = _user("bench-dispatcher", county_unit, "dispatcher")
    unit = Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("pk").first()
    assert unit is not None
    handler = _user("bench-handler", unit, "handler")
    category = Category.objects.filter(parent__isnull=True).order_by("pk").first()
    township = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk").first()
    assert category is not None and township is not None
    sample = Appeal.objects.order_by("-pk").values_list("tracking_no", flat=True).first()
    fresh = new_appeal()
    staff, own = Client(), Client()
    staff.force_login(dispatcher)
    own.force_login(handler)
    base = reverse("appeals:list")

    def page(client: Client, url: str, method: str = "get", **data: str) -> Callable[[], object]:
        def run() -> object:
            response = getattr(client, method)(url, data, secure=True, HTTP_HOST="localhost", follow=method == "post")
            assert response.status_code == 200, (url, data, response.status_code)
            return response

        return run

    cases: dict[str, Callable[[], object]] = {
        "floor: a search that finds nothing (the view and its template alone)": page(staff, base, q="MSD00000000000"),
        "list, unfiltered": page(staff, base),
        "list, page 50": page(staff, base, page="50"),
        "list, status 办理中": page(staff, base, status="handling"),
        "list, unit": page(staff, base, unit=str(unit.pk)),
        "list, category (top, with sub-categories)": page(staff, base, category=str(category.pk)),
        "list, township": page(staff, base, township=str(township.pk)),
        "list, channel 包联走访": page(staff, base, channel="visit"),
        "list, overdue (queue)": page(staff, base, queue="overdue"),
        "list, date range (one month)": page(staff, base, date_from="2025-03-01", date_to="2025-03-31"),
        "handler's own list": page(own, base),
        "handler's own list, to sign": page(own, base, queue="to_sign"),
        "search by tracking number": page(staff, base, q=sample or "MSD"),
        "search by phone (blind index)": page(staff, base, "post", q="13900001234"),
        "search by text, 3+ characters (企业名)": page(staff, base, q="恒泰3号科技"),
        "search by text, 2 characters": page(staff, base, q="噪音"),
        "search by text, rare": page(staff, base, q="华瑞17号"),
        "new appeal's detail (with routing)": page(staff, reverse("appeals:detail", args=[fresh.pk])),
    }
    statuses = Appeal.objects.filter(status=Status.SUBMITTED)
    baseline = median(statuses.count, runs=max(runs, 5))
    figures, sql = {}, {}
    for label, run in cases.items():
        run()  # warm: the first request of a kind loads templates and the routing code
        figures[label] = median(run, runs=runs)
        sql[label] = sql_time(run, runs)
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}",
        "appeals": Appeal.objects.count(),
        "open_in_unit": Appeal.objects.filter(status__in=IN_UNIT).count(),
        "baseline_ms": round(baseline * 1000, 2),
        "ms": {label: round(value * 1000, 1) for label, value in figures.items()},
        "ratio": {label: round(value / baseline, 1) for label, value in figures.items()},
        "sql_ms": {label: round(value * 1000, 1) for label, value in sql.items()},
    }


class SqlClock:
    """An execute wrapper that adds up the time spent in the database."""

    def __init__(self) -> None:
        self.spent = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent += time.perf_counter() - started


def sql_time(run: Callable[[], object], runs: int) -> float:
    """Median over `runs` of the time one request spends in the database (all its queries)."""
    totals = []
    for _ in range(runs):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            run()
        totals.append(clock.spent)
    return statistics.median(totals)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="measure the data of the previous run")
    parser.add_argument("--quick", action="store_true", help="20,000 appeals, 3 runs (CI)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON line with the figures")
    args = parser.parse_args()
    n = 20_000 if args.quick else args.appeals
    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not args.keep:
        build(n)
    analyze()  # also after a migration's new indexes (the trigram index's expression has statistics of its own)
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"machine: {result['machine']}; {result['appeals']:,} appeals ({result['open_in_unit']:,} open in a unit)")
    print(
        f"| measure | median of {args.runs} | of which SQL "
        f"| ratio to the bare indexed count ({result['baseline_ms']} ms) |"
    )
    print("|---|---|---|---|")
    for label, value in result["ms"].items():
        print(f"| {label} | {value:.0f} ms | {result['sql_ms'][label]:.0f} ms | {result['ratio'][label]}× |")


if __name__ == "__main__":
    main()
