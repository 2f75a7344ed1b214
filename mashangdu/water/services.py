"""Writes on samples and breaches: saving samples (one by form, many after a confirmed dry run), and turning
a section's month below its target class into exactly one breach with its supervised item (a key task).

Monthly assessment (decision 0036): as the national evaluation does for a month, the monthly mean
concentration of each item over the month's samples (local time) is classified by single factor; a month
whose class is worse than the section's target is a breach."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.core.models import Duty, Unit, User, duty_unit
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks.services import NewTask, task_create
from mashangdu.water import gb3838
from mashangdu.water.chiefs import chief_of
from mashangdu.water.gb3838 import ITEMS, Assessment
from mashangdu.water.imports import ParsedRow
from mashangdu.water.models import COLUMN_ITEMS, Breach, Sample, Section, Source, WaterKind

Month = tuple[int, dt.date]  # (section id, first day of the month)
UPDATED = [*COLUMN_ITEMS, "extra", "not_detected", "published_class", "computed_class", "exceedances"]
UPDATED += ["meets_target", "source", "recorded_by", "updated_at"]
# The checklist of a breach's supervised item: (节点, days after the breach is found).
CHECKLIST = (("查明超标原因", 7), ("制定整改方案", 15), ("整改完成并复测达标", 30))
DUE_DAYS = 30


def sample_fields(values: Mapping[str, Decimal | None], not_detected: Sequence[str], result: Assessment) -> dict:
    fields: dict[str, object] = {key: values.get(key) for key in COLUMN_ITEMS}
    fields["extra"] = {k: str(v) for k, v in values.items() if k not in COLUMN_ITEMS and v is not None}
    fields["not_detected"] = list(not_detected)
    fields["computed_class"] = result.klass
    fields["exceedances"] = [e.as_json() for e in result.exceedances]
    fields["meets_target"] = result.meets_target
    return fields


def sample_values(sample: Sample) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {key: getattr(sample, key) for key in COLUMN_ITEMS}
    values |= {k: Decimal(v) for k, v in (sample.extra or {}).items() if k in ITEMS}
    return values


@dataclass(frozen=True)
class Saved:
    created: int
    updated: int
    breaches: list[Breach]


def samples_save(rows: Sequence[ParsedRow], *, source: str, by: User | None) -> Saved:
    """Save the rows of a confirmed dry run, all or nothing: a (section, time) already stored is updated, not
    duplicated. Then assess the months touched (breaches)."""
    if any(row.section is None for row in rows):
        raise ValueError("every row needs its section")
    now = timezone.now()
    objs = []
    for row in rows:
        if row.section is None:
            continue
        fields = sample_fields(row.values, row.not_detected, row.assessment)
        objs.append(
            Sample(
                section=row.section,
                sampled_at=row.sampled_at,
                source=source,
                published_class=row.published,
                recorded_by=by,
                updated_at=now,
                **fields,
            )
        )
    keys = {(o.section_id, o.sampled_at) for o in objs}
    sections = {k[0] for k in keys}
    with transaction.atomic():
        existing = 0
        if keys:
            low, high = min(k[1] for k in keys), max(k[1] for k in keys)
            stored = Sample.objects.filter(section_id__in=sections, sampled_at__gte=low, sampled_at__lte=high)
            existing = sum(1 for key in stored.values_list("section_id", "sampled_at") if key in keys)
        Sample.objects.bulk_create(
            objs,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["section", "sampled_at"],
            update_fields=UPDATED,
        )
        if by is not None:
            event_record(verb="water.imported", actor=by, data={"rows": len(objs), "source": source})
    breaches = months_assess({(o.section_id, _month(o.sampled_at)) for o in objs})
    return Saved(created=len(objs) - existing, updated=existing, breaches=breaches)


def sample_record(
    *,
    section: Section,
    by: User | None,
    sampled_at: dt.datetime,
    values: Mapping[str, Decimal | None],
    not_detected: Sequence[str] = (),
    published_class: int | None = None,
) -> Sample:
    """One sample entered by form (a second entry for the same section and time replaces the first)."""
    standing = WaterKind(section.water_body.kind).is_standing
    result = gb3838.assess(values, standing=standing, target=section.target_class)
    fields = sample_fields(values, not_detected, result)
    with transaction.atomic():
        sample, _ = Sample.objects.update_or_create(
            section=section,
            sampled_at=sampled_at,
            defaults={**fields, "source": Source.FORM, "published_class": published_class, "recorded_by": by},
        )
        event_record(verb="water.sample_recorded", actor=by, target=sample, data={"section": section.code})
    months_assess({(section.pk, _month(sampled_at))})
    return sample


def _month(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime(month.year, month.month, 1, tzinfo=SHANGHAI)
    return start, dt.datetime(following.year, following.month, 1, tzinfo=SHANGHAI)


def monthly_means(samples: Iterable[Sample]) -> dict[str, Decimal]:
    """The mean of each item over the samples that measured it (non-detects without a number left out)."""
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for sample in samples:
        for key, value in sample_values(sample).items():
            if value is not None:
                sums[key].append(value)
    return {key: sum(vals, Decimal(0)) / len(vals) for key, vals in sums.items()}


def month_assessment(section: Section, month: dt.date) -> tuple[Assessment, int]:
    """The month's class from its mean concentrations, and how many samples it had."""
    start, end = month_bounds(month)
    in_month = Sample.objects.filter(section=section, sampled_at__gte=start, sampled_at__lt=end)
    samples = list(in_month.only(*COLUMN_ITEMS, "extra"))
    means = {k: v.quantize(Decimal("0.00001")) for k, v in monthly_means(samples).items()}
    standing = WaterKind(section.water_body.kind).is_standing
    return gb3838.assess(means, standing=standing, target=section.target_class), len(samples)


def months_assess(months: Iterable[Month]) -> list[Breach]:
    """Assess each (section, month); a month below target gets its breach (once). The breaches found or
    updated are returned."""
    found = []
    sections = {s.pk: s for s in Section.objects.select_related("water_body", "township")}
    for section_id, month in sorted(months):
        section = sections[section_id]
        result, count = month_assessment(section, month)
        if count and result.meets_target is False:
            found.append(breach_record(section, month, result))
    return found


def breach_record(section: Section, month: dt.date, result: Assessment) -> Breach:
    """The breach of `section` in `month`, made with its key task in one transaction the first time; later
    calls (a re-import, a concurrent one) update the class and exceedances of the one row, never a second
    task. On a lost race the winner's row is read."""
    if result.klass is None:
        raise ValueError("a breach needs a class")
    fields = {
        "klass": result.klass,
        "target_class": section.target_class,
        "exceedances": [e.as_json() for e in result.exceedances],
    }
    existing = Breach.objects.filter(section=section, month=month).first()
    if existing is not None:
        Breach.objects.filter(pk=existing.pk).update(**fields)
        existing.refresh_from_db()
        return existing
    try:
        with transaction.atomic():
            breach = Breach.objects.create(section=section, month=month, **fields)
            _supervise(breach, result)
            return breach
    except IntegrityError:
        # Another import made it first (the unique constraint on section and month): read the winner's row.
        return Breach.objects.get(section=section, month=month)


def _supervise(breach: Breach, result: Assessment) -> None:
    section = breach.section
    environment, water = duty_unit(Duty.ENVIRONMENT), duty_unit(Duty.WATER)
    lead: Unit | None = section.township or environment or water
    if lead is None:
        breach.note = "断面未设所在乡镇，且未设置生态环境或水行政主管部门，未生成督办任务"
        breach.save(update_fields=["note"])
        return
    today = timezone.localdate()
    items = "、".join(e.text() for e in result.exceedances) or "—"
    title = (
        f"{section.water_body.name}{section.name}断面{breach.month.year}年{breach.month.month}月水质"
        f"{gb3838.class_label(breach.klass)}，未达{gb3838.class_label(breach.target_class)}目标"
    )
    task = task_create(
        by=None,
        task=NewTask(
            title=title[:200],
            lead_unit=lead,
            co_units=[u for u in (environment, water) if u is not None and u.pk != lead.pk],
            due_date=today + dt.timedelta(days=DUE_DAYS),
            area="生态环境",
            leader=chief_of(section),
            measures=f"超标项目：{items}。查明原因，落实整改，月均浓度恢复到目标类别。",
            milestones=[(name, today + dt.timedelta(days=days)) for name, days in CHECKLIST],
        ),
        origin="water",
    )
    breach.task = task
    breach.save(update_fields=["task"])
    event_record(
        verb="water.breach_found",
        actor=None,
        target=task,
        unit=lead,
        data={"section": section.code, "month": f"{breach.month:%Y-%m}", "class": breach.klass},
    )
