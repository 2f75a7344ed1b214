"""The appeals' part of `audit verify` (decision 0024): the handling, dispatch and evaluation records that the
rates are computed from are replayed from the event log and compared with the stored ones.

Times are compared to the millisecond: deadlines reach the records through the events' data, where
DjangoJSONEncoder keeps milliseconds, and records kept live before decision 0024 hold the microseconds the
service computed.

Appeals are taken in primary-key order, 500 at a time. Each batch is one transaction that locks its appeals
(as every workflow action does, so nothing changes them meanwhile), reads their stored records, replays them
with `records_rebuild` (the code `rates rebuild` runs), reads them again, and is rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import models, transaction

from mashangdu.appeals.models import Appeal, DispatchRecord, EvaluationRecord, HandlingRecord
from mashangdu.appeals.projection import records_rebuild
from mashangdu.core import workcal
from mashangdu.core.audit import ProjectionResult

BATCH = 500
Snapshot = dict[int, dict[str, list[tuple[Any, ...]]]]  # appeal → table → its rows, without their ids


def _columns(model: type[models.Model], *leave_out: str) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key and f.attname not in leave_out]


HANDLING = _columns(HandlingRecord)
DISPATCH = _columns(DispatchRecord)
EVALUATION = ["record__appeal_id", "record__round", *_columns(EvaluationRecord, "record_id")]


def _millisecond(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def _snapshot(appeals: list[int]) -> Snapshot:
    found: Snapshot = defaultdict(lambda: defaultdict(list))
    tables: list[tuple[str, models.QuerySet[Any], list[str], str]] = [
        ("办理记录", HandlingRecord.objects.filter(appeal_id__in=appeals), HANDLING, "appeal_id"),
        ("受理记录", DispatchRecord.objects.filter(appeal_id__in=appeals), DISPATCH, "appeal_id"),
        ("评价记录", EvaluationRecord.objects.filter(record__appeal_id__in=appeals), EVALUATION, "record__appeal_id"),
    ]
    for table, rows, columns, appeal in tables:
        key = columns.index(appeal)
        for values in rows.values_list(*columns):
            found[values[key]][table].append(tuple(_millisecond(v) for v in values))
    for tables_of in found.values():
        for rows_of in tables_of.values():
            rows_of.sort(key=repr)
    return found


def _difference(stored: dict[str, list[tuple[Any, ...]]], replayed: dict[str, list[tuple[Any, ...]]]) -> str:
    """Which table differs and, for a row present in both, which columns."""
    columns = {"办理记录": HANDLING, "受理记录": DISPATCH, "评价记录": EVALUATION}
    parts = []
    for table in sorted(set(stored) | set(replayed)):
        old, new = stored.get(table, []), replayed.get(table, [])
        if old == new:
            continue
        if len(old) != len(new):
            parts.append(f"{table}存 {len(old)} 条、重算 {len(new)} 条")
            continue
        changed = sorted(
            {
                columns[table][i]
                for a, b in zip(old, new, strict=True)
                for i, (x, y) in enumerate(zip(a, b, strict=True))
                if x != y
            }
        )
        parts.append(f"{table}的 {'、'.join(changed)} 不同")
    return "；".join(parts)


def projection_check(listed: int) -> ProjectionResult:
    result = ProjectionResult(name="appeals", label="诉求办理记录（考核数据）")
    last = 0
    with workcal.reuse_calendar():
        while True:
            with transaction.atomic():
                batch = list(
                    Appeal.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", "tracking_no")[:BATCH]
                )
                if not batch:
                    break
                ids = [pk for pk, _ in batch]
                stored = _snapshot(ids)
                records_rebuild(ids)
                replayed = _snapshot(ids)
                transaction.set_rollback(True)
            for pk, tracking_no in batch:
                if stored.get(pk, {}) != replayed.get(pk, {}):
                    result.count += 1
                    if len(result.differing) < listed:
                        what = _difference(stored.get(pk, {}), replayed.get(pk, {}))
                        result.differing.append(f"诉求 #{pk}（{tracking_no}）：{what}")
            result.checked += len(batch)
            last = ids[-1]
    return result
