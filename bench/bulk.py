"""Bulk generator: N appeals over three years with their handling records, evaluations and events (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/bulk.py [--appeals N]

Used by bench/harness.py (`make bench`: 1,000,000) and bench/rates.py (the unit tree, the loader and the
handling records). Rows go in with COPY on PostgreSQL (an order of magnitude faster than INSERT for a million
rows) and bulk inserts on SQLite, with their primary keys chosen here so that records and events can point at
their appeal without reading it back.

What is generated, over a county of 60 departments and 15 townships with 20 villages each:
- appeals submitted at random times over the three years before `end`, numbered by day as intake numbers them
  (MSD + date + the day's serial); their state follows their age: the last hours' still 待受理, the last days'
  waiting to be signed or in hand, the last weeks' a mix of in hand, replied and closed, older ones closed
  (evaluated, auto-closed unevaluated, or 0.2% still in hand and long overdue); each state has the times,
  deadlines and fields the services set in it (unit, signed/contacted/replied/closed times, reply result,
  satisfaction, close reason); 20% name a requester (encrypted name and phone, the phone's blind index);
- one handling record per dispatched appeal (5% with a second round after an approved return), the record's
  clocks and evaluation as the projection keeps them, and one evaluation record per evaluated round;
- the events of each appeal's steps (appeal.created, dispatched, replied, evaluated or auto_closed) by the
  system actor, with a valid hash chain (seq, SM3 link, the chain head): `audit verify`'s chain walk passes.
  Their `data` is a minimal {"from", "to"}: replaying them (`rates rebuild`, the replay in `audit verify`)
  would not give back the generated records, which are generated directly, not projected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure

configure("bulk.sqlite3")  # DATABASE_URL from the environment wins (a caller's configure() set it first)

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.appeals.models import Appeal, DailySequence, EvaluationRecord, HandlingRecord, Status  # noqa: E402
from mashangdu.core import chain  # noqa: E402
from mashangdu.core.crypto import blind_index  # noqa: E402
from mashangdu.core.models import Event, EventChainHead, Unit, UnitKind  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402

TEXTS = [
    "厂区门前道路破损严重，雨天积水，货车进出困难，请尽快修复。",
    "小区附近工地夜间施工噪音扰民，影响休息。",
    "企业用电报装进度缓慢，已申请两个月仍未接通。",
    "村里自来水水压不足，高峰时段停水。",
    "路灯损坏多日无人维修，夜间出行不安全。",
    "企业办理环评手续咨询流程和所需材料。",
    "河道有垃圾堆积，散发异味，请安排清理。",
    "农产品补贴资金迟迟未发放，请核实。",
]
SATISFACTION = ["satisfied"] * 7 + ["basic"] * 2 + ["unsatisfied"]


def load(model: Any, rows: Iterable[models.Model], *, with_pk: bool = False) -> None:
    """COPY on PostgreSQL, bulk insert elsewhere. `with_pk`: the rows carry their primary keys, and the
    table's sequence is moved past them afterwards."""
    if connection.vendor != "postgresql":
        batch: list[models.Model] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])
        if with_pk:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
            )


@dataclass
class County:
    county: Unit
    departments: list[Unit]
    townships: list[Unit]
    villages: list[Unit] = field(default_factory=list)


def make_units() -> County:
    """The county, 60 departments and 15 townships with 20 villages each."""
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130999")
    Unit.objects.bulk_create([Unit(name=f"部门{i:02d}", kind=UnitKind.DEPARTMENT, parent=county) for i in range(60)])
    townships = [
        Unit.objects.create(name=f"第{i:02d}镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code=f"130999{i:03d}")
        for i in range(1, 16)
    ]
    Unit.objects.bulk_create(
        [
            Unit(name=f"{t.name}{j:02d}村", kind=UnitKind.VILLAGE, parent=t, admin_code=f"{t.admin_code}{j:03d}")
            for t in townships
            for j in range(1, 21)
        ]
    )
    return County(
        county=county,
        departments=list(Unit.objects.filter(kind=UnitKind.DEPARTMENT)),
        townships=townships,
        villages=list(Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent")),
    )


def pick_unit(rng: random.Random, units: County) -> tuple[Unit, Unit, str]:
    """(handling unit, assessed area, area kind) as dispatch sets them: 60% a department, else a township
    (half of those through one of its villages)."""
    if rng.random() < 0.6:
        unit = rng.choice(units.departments)
        return unit, unit, UnitKind.DEPARTMENT
    if rng.random() < 0.5:
        village = rng.choice(units.villages)
        return village, village.parent or village, UnitKind.TOWNSHIP
    township = rng.choice(units.townships)
    return township, township, UnitKind.TOWNSHIP


def handling_record(
    rng: random.Random,
    *,
    appeal_id: int,
    round_: int,
    rounds: int,
    units: County,
    dispatched: dt.datetime,
    replied: dt.datetime | None,
    evaluated: dt.datetime | None,
    now: dt.datetime,
    unit: tuple[Unit, Unit, str] | None = None,
) -> HandlingRecord:
    """One round of handling as the projection keeps it: a closed round has its reply (and its evaluation
    when `evaluated`), an open one its clocks so far at `now`."""
    handler, area, kind = unit or pick_unit(rng, units)
    reply_due = dispatched + dt.timedelta(days=7)
    sign_due, contact_due = dispatched + dt.timedelta(hours=2), dispatched + dt.timedelta(days=1)
    signed, contacted = dispatched + dt.timedelta(hours=1), dispatched + dt.timedelta(hours=5)
    return HandlingRecord(
        appeal_id=appeal_id,
        round=round_,
        unit=handler,
        area=area,
        area_kind=kind,
        dispatched_at=dispatched,
        sign_due=sign_due,
        signed_at=signed if signed < now else None,
        sign_on_time=(rng.random() < 0.92) if signed < now else None,
        contact_due=contact_due,
        contacted_at=contacted if contacted < now else None,
        contact_on_time=(rng.random() < 0.9) if contacted < now else None,
        reply_due=reply_due,
        replied_at=replied,
        reply_on_time=(replied <= reply_due) if replied else None,
        misrouted=round_ < rounds,
        returns=1 if round_ < rounds else 0,
        reopens=1 if rng.random() < 0.03 else 0,
        supervisions=1 if rng.random() < 0.02 else 0,
        escalations=0,
        evaluated_at=evaluated,
        satisfaction=rng.choice(SATISFACTION) if evaluated else "",
        solved=(rng.random() < 0.85) if evaluated else None,
        unreasonable=bool(evaluated) and rng.random() < 0.01,
        unevaluated=bool(replied) and evaluated is None,
    )


def evaluation_records(records: Iterable[tuple[Any, ...]]) -> Iterator[EvaluationRecord]:
    """One evaluation record per evaluated round, from (pk, unit, area, kind, evaluated_at, satisfaction,
    solved, unreasonable) rows of handling records."""
    for pk, unit, area, kind, at, satisfaction, solved, unreasonable in records:
        yield EvaluationRecord(
            record_id=pk,
            unit_id=unit,
            area_id=area,
            area_kind=kind,
            evaluated_at=at,
            satisfaction=satisfaction,
            solved=solved,
            unreasonable=unreasonable,
        )


def load_evaluations() -> None:
    evaluated = list(
        HandlingRecord.objects.filter(evaluated_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "unit_id", "area_id", "area_kind", "evaluated_at", "satisfaction", "solved", "unreasonable")
    )
    load(EvaluationRecord, evaluation_records(evaluated))


def analyze(*models_: Any) -> None:
    """VACUUM ANALYZE, as autovacuum would have done after the load."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        for model in models_:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _state(rng: random.Random, age: dt.timedelta) -> str:
    days = age.total_seconds() / 86400
    r = rng.random()
    if days < 0.1:
        return Status.SUBMITTED if r < 0.5 else Status.DISPATCHED
    if days < 2:
        return Status.DISPATCHED if r < 0.3 else Status.HANDLING
    if days < 10:
        return Status.HANDLING if r < 0.5 else Status.REPLIED if r < 0.8 else Status.CLOSED
    if days < 20:
        return Status.HANDLING if r < 0.03 else Status.REPLIED if r < 0.3 else Status.CLOSED
    return Status.HANDLING if r < 0.002 else Status.CLOSED


@dataclass
class Generated:
    appeals: int = 0
    records: int = 0
    events: int = 0
    states: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def build(n: int, *, end: dt.datetime | None = None, years: int = 3, seed: int = 19, events: bool = True) -> Generated:
    """Generate and load `n` appeals submitted over the `years` before `end` (now) into an empty database
    (the caller flushes), with their records and (unless `events` is False) their chained events."""
    rng = random.Random(seed)
    end = end or timezone.now()
    start = end - dt.timedelta(days=365 * years)
    units = make_units()
    out = Generated()
    span = int((end - start).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(n))
    first_id = (Appeal.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
    appeal_type = ContentType.objects.get_for_model(Appeal).pk
    # Per appeal, what the records and events need: (id, tracking no, status, unit, times…).
    steps: list[tuple[int, str, str, tuple[Unit, Unit, str] | None, dt.datetime, Any, Any, Any, Any]] = []

    def appeals() -> Iterator[Appeal]:
        serial, day = 0, None
        for i, offset in enumerate(offsets):
            pk = first_id + i
            submitted = start + dt.timedelta(seconds=offset)
            local = submitted.astimezone(SHANGHAI).date()
            serial = serial + 1 if local == day else 1
            day = local
            tracking = f"MSD{local:%Y%m%d}{serial:04d}"
            status = _state(rng, end - submitted)
            out.states[status] = out.states.get(status, 0) + 1
            named = rng.random() < 0.2
            phone = f"139{rng.randrange(10**8):08d}" if named else ""
            appeal = Appeal(
                pk=pk,
                tracking_no=tracking,
                access_code_digest="",
                kind=rng.choice(["help", "help", "complaint", "inquiry", "suggestion", "report"]),
                channel=rng.choice(["qr", "web", "hotline", "hotline", "open311"]),
                title="基准诉求",
                content=rng.choice(TEXTS),
                extra={},
                status=status,
                submitted_at=submitted,
                is_anonymous=not named,
                requester_name="张三" if named else "",
                requester_phone=phone,
                requester_phone_index=blind_index(phone) if named else "",
            )
            unit = dispatched = replied = evaluated = closed = None
            if status == Status.SUBMITTED:
                appeal.dispatch_due = submitted + dt.timedelta(hours=4)
                appeal.dispatch_warn_at = submitted + dt.timedelta(hours=3)
            else:
                unit = pick_unit(rng, units)
                handler, area, kind = unit
                if kind == UnitKind.TOWNSHIP:
                    appeal.township = area
                    appeal.village = handler if handler != area else None
                dispatched = min(submitted + dt.timedelta(minutes=rng.randint(5, 120)), end)
                appeal.unit = handler
                appeal.dispatched_at = appeal.handling_started_at = dispatched
                appeal.sign_due = dispatched + dt.timedelta(hours=2)
                appeal.sign_warn_at = dispatched + dt.timedelta(hours=1.5)
                appeal.contact_due = dispatched + dt.timedelta(days=1)
                appeal.contact_warn_at = dispatched + dt.timedelta(hours=18)
                appeal.reply_due = dispatched + dt.timedelta(days=7)
                appeal.reply_warn_at = dispatched + dt.timedelta(days=5.25)
                if status != Status.DISPATCHED:
                    appeal.signed_at = min(dispatched + dt.timedelta(hours=1), end)
                    if status != Status.HANDLING or rng.random() < 0.8:
                        appeal.contacted_at = min(dispatched + dt.timedelta(hours=5), end)
                if status in (Status.REPLIED, Status.CLOSED):
                    latest = (end - dispatched).total_seconds() / 3600
                    replied = dispatched + dt.timedelta(hours=rng.uniform(min(6, latest / 2), min(240, latest)))
                    appeal.replied_at = replied
                    appeal.reply_result = rng.choice(["solved", "solved", "partly", "explained"])
                    appeal.reply_public = "已安排处理，感谢您的反映。"
                    appeal.evaluation_due = replied + dt.timedelta(days=7)
                if status == Status.CLOSED:
                    assert replied is not None
                    if rng.random() < 0.7 and replied + dt.timedelta(days=1) < end:
                        evaluated = closed = replied + dt.timedelta(hours=rng.uniform(1, 24))
                        appeal.evaluated_at = evaluated
                        appeal.satisfaction = rng.choice(SATISFACTION)
                        appeal.solved = rng.random() < 0.85
                        appeal.close_reason = "evaluated"
                    else:
                        closed = min(replied + dt.timedelta(days=7), end)
                        appeal.close_reason = "unevaluated"
                    appeal.closed_at = closed
            steps.append((pk, tracking, status, unit, submitted, dispatched, replied, evaluated, closed))
            yield appeal

    started = time.perf_counter()
    load(Appeal, appeals(), with_pk=True)
    out.appeals = n
    issued: dict[dt.date, int] = {}
    for _, _, _, _, submitted, *_ in steps:
        day = submitted.astimezone(SHANGHAI).date()
        issued[day] = issued.get(day, 0) + 1
    # The day's serials already used: new appeals (the load's submissions) continue after them.
    DailySequence.objects.bulk_create([DailySequence(day=day, last=last) for day, last in issued.items()])
    out.seconds["appeals"] = time.perf_counter() - started

    started = time.perf_counter()

    def records() -> Iterator[HandlingRecord]:
        for pk, _, _, unit, _, dispatched, replied, evaluated, _ in steps:
            if dispatched is None:
                continue
            rounds = 2 if replied and rng.random() < 0.05 else 1
            for r in range(1, rounds + 1):
                last = r == rounds
                out.records += 1
                yield handling_record(
                    rng,
                    appeal_id=pk,
                    round_=r,
                    rounds=rounds,
                    units=units,
                    dispatched=dispatched,
                    replied=replied if last else dispatched + dt.timedelta(hours=3),
                    evaluated=evaluated if last else None,
                    now=end,
                    unit=unit if last else None,
                )

    load(HandlingRecord, records())
    load_evaluations()
    out.seconds["records"] = time.perf_counter() - started

    if events:
        started = time.perf_counter()
        out.events = load_events(steps, appeal_type)
        out.seconds["events"] = time.perf_counter() - started
    started = time.perf_counter()
    analyze(Appeal, HandlingRecord, EvaluationRecord, Event)
    out.seconds["analyze"] = time.perf_counter() - started
    return out


def load_events(steps: list[tuple[Any, ...]], appeal_type: int) -> int:
    """The events of every appeal's steps, chained: ids, seqs and SM3 links computed here in time order."""
    if Event.objects.exists():
        raise RuntimeError("the generated chain starts at the genesis: load it into an empty event table")
    label = chain.type_labels()
    happened: list[tuple[dt.datetime, int, str, str, int | None, str, str]] = []
    for pk, tracking, _, unit, submitted, dispatched, replied, evaluated, closed in steps:
        unit_id = unit[0].pk if unit else None
        happened.append((submitted, pk, tracking, "appeal.created", None, "", "submitted"))
        if dispatched:
            happened.append((dispatched, pk, tracking, "appeal.dispatched", unit_id, "submitted", "dispatched"))
        if replied:
            happened.append((replied, pk, tracking, "appeal.replied", unit_id, "handling", "replied"))
        if closed:
            verb = "appeal.evaluated" if evaluated else "appeal.auto_closed"
            happened.append((closed, pk, tracking, verb, unit_id, "replied", "closed"))
    happened.sort(key=lambda e: (e[0], e[1]))

    def rows() -> Iterator[Event]:
        previous = chain.GENESIS
        for i, (at, pk, tracking, verb, unit_id, before, after) in enumerate(happened, start=1):
            data = {"from": before, "to": after} if before else {"to": after}
            row = {
                "id": i,
                "seq": i,
                "created_at": at,
                "actor_id": None,
                "actor_label": "系统",
                "verb": verb,
                "target_type_id": appeal_type,
                "target_id": pk,
                "target_label": tracking,
                "unit_id": unit_id,
                "data": data,
                "ip_hash": "",
            }
            previous = chain.link(previous, chain.canonical(row, label))
            yield Event(**row, hash=previous)

    load(Event, rows(), with_pk=True)
    last = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    if last:
        EventChainHead.objects.update_or_create(pk=1, defaults={"seq": last[0], "hash": last[1]})
    return len(happened)


def describe(out: Generated) -> str:
    states = ", ".join(f"{k} {v:,}" for k, v in sorted(out.states.items(), key=lambda kv: -kv[1]))
    took = ", ".join(f"{k} {v:.0f} s" for k, v in out.seconds.items())
    return f"{out.appeals:,} appeals ({states}); {out.records:,} handling records; {out.events:,} events ({took})"


def main() -> None:
    from django.core.management import call_command

    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--no-events", action="store_true")
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    print(describe(build(args.appeals, events=not args.no_events)))
    print(json.dumps({"appeals": Appeal.objects.count(), "events": Event.objects.count()}, cls=DjangoJSONEncoder))


if __name__ == "__main__":
    main()
