"""The demo county's last monthly circular, with two typical cases, built at load time."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from mashangdu.appeals.models import HandlingRecord, Satisfaction
from mashangdu.core.models import User
from mashangdu.reports.circular import build_docx, build_pdf, circular_data, circular_freeze
from mashangdu.reports.models import Circular, CircularCase
from mashangdu.reports.rates import Period


def seed_circular(*, by: User) -> Circular | None:
    """Last month's circular, unless one exists or there is no history to report on."""
    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if Circular.objects.filter(year=year, month=month).exists():
        return None
    start, end = Period.month(year, month).bounds()
    records = HandlingRecord.objects.filter(dispatched_at__gte=start, dispatched_at__lt=end)
    if not records.exists():
        return None
    circular = Circular.objects.create(year=year, month=month, created_by=by)
    good = records.filter(satisfaction=Satisfaction.SATISFIED, solved=True, reply_on_time=True).first()
    bad = records.filter(reply_on_time=False).first() or records.filter(satisfaction=Satisfaction.UNSATISFIED).first()
    if good is not None:
        CircularCase.objects.create(
            circular=circular,
            appeal_id=good.appeal_id,
            kind=CircularCase.Kind.GOOD,
            note="当日签收、按时答复，群众满意。",
        )
    if bad is not None:
        CircularCase.objects.create(
            circular=circular, appeal_id=bad.appeal_id, kind=CircularCase.Kind.BAD, note="超过答复时限，责令说明情况。"
        )
    now = timezone.now()
    data = circular_data(circular, now=now)
    circular_freeze(circular, data, now)  # last month is over: issued, its figures frozen
    stem = f"码上督通报-{year}年{month:02d}月"
    circular.docx.save(f"{stem}.docx", ContentFile(build_docx(data)), save=False)
    circular.pdf.save(f"{stem}.pdf", ContentFile(build_pdf(data)), save=False)
    circular.state, circular.generated_at = Circular.State.READY, timezone.now()
    circular.save()
    return circular
