"""Benchmark: what the event chain costs (issue 14 §2, decision 0024).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/audit.py \
        [--events 1000] [--runs 5] [--verify 1000000]

Writes: events per second through `event_record` (head lock, id taken first, SM3 over the canonical content,
the head moved) against a baseline in the same run that inserts the same row with no chain (a seq of its own,
no lock, no hash) — each event in its own transaction, as the services write them; by 1 writer and by 4
writer processes at once (started together at a barrier). Median of `--runs`.

Verify: `--verify N` events made chained (hashes computed here, rows loaded with COPY on PostgreSQL), then
the chain walk of `audit verify` timed once, with the process's peak memory before and after.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure

configure("audit.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.core import chain  # noqa: E402
from mashangdu.core.audit.chain_check import walk  # noqa: E402
from mashangdu.core.models import Event, EventChainHead, Unit, UnitKind  # noqa: E402
from mashangdu.core.services.events import event_record  # noqa: E402

DATA = {"from": "submitted", "to": "dispatched", "unit_id": 3, "on_time": True, "sign_due": "2026-11-02T11:00:00+08:00"}
BASELINE_SEQ = itertools.count()  # each writer process starts it in a range of its own, below the chain's
STARTS = itertools.count(1)


def chained(unit: Unit) -> None:
    with transaction.atomic():
        event_record(verb="appeal.dispatched", actor=None, target=unit, unit=unit, data=DATA)


def unchained(unit: Unit) -> None:
    """The same row as `event_record` wrote it before the chain: no lock, no hash."""
    with transaction.atomic():
        Event.objects.create(
            verb="appeal.dispatched",
            actor_label="系统",
            target_type_id=unit_type(),
            target_id=unit.pk,
            target_label=str(unit),
            unit=unit,
            data=DATA,
            seq=next(BASELINE_SEQ),
            hash="",
        )


def unit_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Unit).pk


def _writer(write: Callable[[Unit], None], count: int, barrier: Any, start: int) -> None:
    global BASELINE_SEQ
    BASELINE_SEQ = itertools.count(-start * 10**9)
    connections.close_all()  # a connection of its own, not the parent's
    unit = Unit.objects.get(name="基准局")
    barrier.wait()
    for _ in range(count):
        write(unit)
    connections.close_all()


def rate(write: Callable[[Unit], None], events: int, writers: int) -> float:
    """Events per second: `events` in all, split between `writers` processes started together."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + 1)
    share = events // writers
    processes = [context.Process(target=_writer, args=(write, share, barrier, next(STARTS))) for _ in range(writers)]
    for p in processes:
        p.start()
    barrier.wait()
    started = time.perf_counter()
    for p in processes:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a writer failed with exit code {p.exitcode}")
    return events // writers * writers / (time.perf_counter() - started)


def writes(events: int, runs: int) -> None:
    print("| writers | with the chain (events/s) | baseline without (events/s) | ratio |")
    print("|---|---|---|---|")
    for writers in (1, 4):
        with_chain, without = [], []
        for _ in range(runs):  # interleaved, so drift of the machine hits both alike
            with_chain.append(rate(chained, events, writers))
            without.append(rate(unchained, events, writers))
        a, b = statistics.median(with_chain), statistics.median(without)
        print(f"| {writers} | {a:,.0f} | {b:,.0f} | {a / b:.2f} |", flush=True)


def rows(n: int, unit: Unit) -> Iterator[list[Any]]:
    """Computed before the COPY starts reading them: no query may run on its connection meanwhile."""
    previous, start = chain.GENESIS, timezone.now()
    label, type_id = chain.type_labels(), unit_type()
    for i in range(1, n + 1):
        row = {
            "id": i,
            "seq": i,
            "created_at": start,
            "actor_id": None,
            "actor_label": "系统",
            "verb": "appeal.dispatched",
            "target_type_id": type_id,
            "target_id": i,
            "target_label": f"MSD{i:012d}",
            "unit_id": unit.pk,
            "data": DATA,
            "ip_hash": "",
        }
        previous = link = chain.link(previous, chain.canonical(row, label))
        yield [row[name] for name in chain.COLUMNS] + [link]


def load(n: int, unit: Unit) -> None:
    columns = [*chain.COLUMNS, "hash"]
    data_at = columns.index("data")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        made = rows(n, unit)
        first = next(made)
        with raw.copy(f"COPY core_event ({', '.join(columns)}) FROM STDIN") as copy:
            for values in itertools.chain([first], made):
                values[data_at] = json.dumps(values[data_at], cls=DjangoJSONEncoder)
                copy.write_row(values)
        cursor.execute("SELECT setval(pg_get_serial_sequence('core_event', 'id'), %s)", [n])
        cursor.execute("VACUUM ANALYZE core_event")
    EventChainHead.objects.update_or_create(pk=1, defaults={"seq": n, "hash": Event.objects.get(seq=n).hash})
    print(f"loaded {n:,} chained events in {time.perf_counter() - started:.0f} s")


def verify_time(what: str) -> None:
    count = Event.objects.filter(seq__gt=0).count()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = walk(chain.type_labels())
    took = time.perf_counter() - started
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"verify {what}: {result.events:,} events ({count:,} chained), {result.found} findings, {took:.1f} s "
        f"({result.events / took:,.0f} events/s); peak RSS {peak_before / 1024:.0f} → {peak_after / 1024:.0f} MiB",
        flush=True,
    )


def make_unit() -> None:
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130998")
    Unit.objects.create(name="基准局", kind=UnitKind.DEPARTMENT, parent=county)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000, help="events per write measurement")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verify", type=int, default=0, help="chained events to load and verify (PostgreSQL)")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}")
    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    make_unit()
    if args.verify:
        if connection.vendor != "postgresql":
            raise SystemExit("--verify loads with COPY: run it on PostgreSQL")
        load(args.verify, Unit.objects.get(name="基准局"))
        verify_time("of the loaded chain")
        call_command("flush", "--no-input", verbosity=0)
        make_unit()
    writes(args.events, args.runs)


if __name__ == "__main__":
    main()
