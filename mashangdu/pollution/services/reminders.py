"""The sweep's reminders: an overdue open site once per site and month, an overdue milestone once. The
reminder row goes in first under its unique constraint, so with several workers only one notifies."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse

from mashangdu.core.notifications import notify
from mashangdu.core.workflow import WrongStateError
from mashangdu.pollution.models import Milestone, MilestoneReminder, Site, SiteReminder
from mashangdu.pollution.transitions import PLANS, SITES


def site_remind(*, site: int, today: dt.date) -> bool:
    """Urge the township about an open site past its deadline, for the month of `today` (False: not overdue,
    cleared meanwhile, or already reminded this month)."""
    period = today.replace(day=1)
    try:
        with SITES.acting("remind", site, None) as locked:
            if locked.deadline >= today:
                return False
            try:
                with transaction.atomic():
                    SiteReminder.objects.create(site=locked, period_start=period)
            except IntegrityError:
                return False
            late = (today - locked.deadline).days
            SITES.record(locked, action="remind", by=None, data={"period": f"{period:%Y-%m}", "days_late": late})
            notify(
                to=locked.township,
                title=f"散乱污点位整治逾期：{locked.name}",
                body=f"整治期限 {locked.deadline:%Y-%m-%d} 已过 {late} 天，仍未销号，请尽快整治并申请验收。",
                url=reverse("pollution:site", args=[locked.pk]),
            )
    except WrongStateError:
        return False
    return True


def milestone_remind(*, milestone: int, today: dt.date) -> bool:
    """Urge the plan's owner unit about a milestone past its planned date and not done: once per milestone."""
    plan_id = Milestone.objects.values_list("plan_id", flat=True).get(pk=milestone)
    try:
        with PLANS.acting("remind", plan_id, None) as plan:
            row = Milestone.objects.get(pk=milestone)
            if row.done_on is not None or row.planned_on >= today:
                return False
            try:
                with transaction.atomic():
                    MilestoneReminder.objects.create(milestone=row)
            except IntegrityError:
                return False
            PLANS.record(plan, action="remind", by=None, data={"milestone": row.pk, "title": row.title})
            notify(
                to=plan.owner_unit,
                title=f"晋A升B计划节点逾期：{plan.enterprise.name}",
                body=f"“{row.title}”计划 {row.planned_on:%Y-%m-%d} 完成，至今未完成。",
                url=reverse("pollution:plan", args=[plan.pk]),
            )
    except WrongStateError:
        return False
    return True


def overdue_site_ids(today: dt.date) -> list[int]:
    return list(
        Site.objects.exclude(state="cleared")
        .filter(deadline__lt=today)
        .exclude(reminders__period_start=today.replace(day=1))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def overdue_milestone_ids(today: dt.date) -> list[int]:
    return list(
        Milestone.objects.filter(plan__state="active", done_on=None, planned_on__lt=today, reminder=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
