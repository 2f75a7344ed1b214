"""The sweep's reminders: an open parcel past its deadline, once per parcel and calendar month. The reminder
row goes in first under its unique constraint, so with several workers only one notifies."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse

from mashangdu.core.models import Duty, duty_unit
from mashangdu.core.notifications import notify
from mashangdu.core.workflow import WrongStateError
from mashangdu.land.models import OPEN_STATES, Parcel, ParcelReminder
from mashangdu.land.transitions import PARCELS


def parcel_remind(*, parcel: int, today: dt.date) -> bool:
    """Urge the township and the land authority about an open parcel past its deadline, for the month of
    `today` (False: not overdue, closed meanwhile, or already reminded this month)."""
    period = today.replace(day=1)
    try:
        with PARCELS.acting("remind", parcel, None) as locked:
            if locked.deadline >= today:
                return False
            try:
                with transaction.atomic():
                    ParcelReminder.objects.create(parcel=locked, period_start=period)
            except IntegrityError:
                return False
            late = (today - locked.deadline).days
            PARCELS.record(locked, action="remind", by=None, data={"period": f"{period:%Y-%m}", "days_late": late})
            title = f"低效用地盘活逾期：{locked.code}"
            area = f"{locked.area_mu.normalize():f} 亩"
            body = f"{locked.address}（{area}）盘活期限 {locked.deadline:%Y-%m-%d} 已过 {late} 天，仍未盘活。"
            url = reverse("land:parcel", args=[locked.pk])
            notify(to=locked.township, title=title, body=body, url=url)
            bureau = duty_unit(Duty.NATURAL_RESOURCES)
            if bureau is not None:
                notify(to=bureau, title=title, body=body, url=url)
    except WrongStateError:
        return False
    return True


def overdue_parcel_ids(today: dt.date) -> list[int]:
    return list(
        Parcel.objects.filter(state__in=OPEN_STATES, deadline__lt=today)
        .exclude(reminders__period_start=today.replace(day=1))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
