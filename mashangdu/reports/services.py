"""Writes of the reports app: circulars and their typical cases."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import CONFIDENTIAL, appeals_visible_to
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, User
from mashangdu.core.services.events import event_record
from mashangdu.reports.models import Circular, CircularCase
from mashangdu.reports.rates import Period


def circular_create(*, year: int, month: int, by: User) -> Circular:
    try:
        with transaction.atomic():
            circular = Circular.objects.create(year=year, month=month, created_by=by)
            event_record(verb="circular.created", actor=by, target=circular)
    except IntegrityError:
        raise DomainError(f"{year}年{month}月的通报已存在。", field="month") from None
    return circular


def circular_case_add(*, circular: Circular, tracking_no: str, kind: str, note: str, by: User) -> CircularCase:
    appeal = appeals_visible_to(by).filter(tracking_no=tracking_no.strip().upper()).first()
    if appeal is None:
        raise DomainError(f"找不到受理编号为“{tracking_no.strip()[:20]}”的诉求。", field="tracking_no")
    if Appeal.objects.filter(CONFIDENTIAL, pk=appeal.pk).exists():
        # Every unit reads the circular: a complaint about a unit or a 举报 is never one of its cases.
        raise DomainError("投诉单位作风和举报类诉求须保密，不能作为通报典型案例。", field="tracking_no")
    _check_in_period(appeal, circular)
    if kind not in CircularCase.Kind.values:
        raise DomainError("请选择正面或反面典型。", field="kind")
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写点评。", field="note")
    try:
        with transaction.atomic():
            case = CircularCase.objects.create(circular=circular, appeal=appeal, kind=kind, note=note[:300])
            event_record(
                verb="circular.case_added", actor=by, target=circular, data={"appeal": appeal.pk, "kind": kind}
            )
    except IntegrityError:
        raise DomainError(f"{appeal.tracking_no} 已在本期典型案例中。", field="tracking_no") from None
    return case


def _check_in_period(appeal: Appeal, circular: Circular) -> None:
    """A circular's cases are of its month: the appeal was received, or handled (any of its events), in it.
    Refused otherwise, since a circular reports on one month and its readers take every case for that month's."""
    period = Period.month(circular.year, circular.month)
    start, end = period.bounds()
    if start <= appeal.submitted_at < end:
        return
    handled = Event.objects.for_target(appeal).filter(
        verb__startswith="appeal.", created_at__gte=start, created_at__lt=end
    )
    if handled.exists():
        return
    received = timezone.localtime(appeal.submitted_at)
    raise DomainError(
        f"{appeal.tracking_no} 受理于{received:%Y年%m月%d日}，在{period.label}没有办理记录，"
        f"不能作为{period.label}通报的典型案例。",
        field="tracking_no",
    )


def circular_case_remove(*, case: CircularCase, by: User) -> None:
    with transaction.atomic():
        event_record(verb="circular.case_removed", actor=by, target=case.circular, data={"appeal": case.appeal_id})
        case.delete()
