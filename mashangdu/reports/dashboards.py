"""The figures behind the dashboards: the leaders' overview and a unit against the county."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from mashangdu.appeals.models.appeals import IN_UNIT, OPEN
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.dispatch_rates import dispatch_timeliness, queue_now
from mashangdu.reports.exports import score_number
from mashangdu.reports.panels import FALLBACK_NOTE, latest_ranked
from mashangdu.reports.rates import Period, RateRow, total
from mashangdu.routing.similar import county_hot_topics

WEEKS = 12


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


def _rates(row: RateRow) -> dict[str, float | None]:
    """Percentages for the charts, rounded half up like every figure shown (None: nothing behind it)."""

    def pct(v: Any) -> float | None:
        return score_number(None if v is None else 100 * v)

    return {
        "response": pct(row.response_rate),
        "resolution": pct(row.resolution_rate),
        "satisfaction": pct(row.satisfaction_rate),
        "composite": score_number(row.composite),
        "on_time": pct(row.on_time_rate),
    }


def weekly(appeals: Any, today: dt.date) -> dict[str, list[Any]]:
    """Received and closed per week (Monday to Sunday) for the last WEEKS weeks, oldest first."""
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    since = _midnight(starts[0])
    submitted = list(appeals.filter(submitted_at__gte=since).values_list("submitted_at", flat=True))
    closed = list(appeals.filter(closed_at__gte=since).values_list("closed_at", flat=True))

    def bucket(times: list[dt.datetime]) -> list[int]:
        counts = [0] * WEEKS
        for t in times:
            index = (timezone.localtime(t).date() - starts[0]).days // 7
            if 0 <= index < WEEKS:
                counts[index] += 1
        return counts

    return {"labels": [f"{d:%m-%d}" for d in starts], "received": bucket(submitted), "closed": bucket(closed)}


def overview(now: dt.datetime, appeals: Any) -> dict[str, Any]:
    """`appeals` is what the viewer may see (appeals_visible_to): the counts and the hot topics of the
    dashboard never include a complaint about the viewer's own unit."""
    today = timezone.localtime(now).date()
    month = Period.month(today.year, today.month)
    start, end = month.bounds()
    this_month = appeals.filter(submitted_at__gte=start, submitted_at__lt=end)
    # The rates and the ranking: this month's, or last month's while nobody is ranked yet this month.
    rated, ranked = latest_ranked(now)
    county = total(rated, now=now)
    by_category = (
        this_month.annotate(top=Coalesce("category__parent__name", "category__name"))
        .values("top")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    )
    by_township = dict(
        this_month.filter(township__isnull=False).values_list("township__name").annotate(n=Count("pk")).order_by()
    )
    townships = list(
        Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("sort_order", "pk").values_list("name", flat=True)
    )
    overdue_units = list(
        appeals.red(now).values("unit__name").annotate(n=Count("pk", distinct=True)).order_by("-n", "unit__name")[:10]
    )
    departments = ranked["department"]
    return {
        "today": today,
        "month": month,
        "rated": rated,
        "fallback_note": FALLBACK_NOTE if rated != month else "",
        "tiles": {
            "received_today": appeals.filter(submitted_at__gte=_midnight(today)).count(),
            "received_month": this_month.count(),
            "open": appeals.filter(status__in=OPEN).count(),
            "overdue": appeals.red(now).count(),
        },
        "rates": _rates(county),
        "county": county,
        "chart": {
            "weekly": weekly(appeals, today),
            "categories": [{"name": r["top"] or "未分类", "value": r["n"]} for r in by_category],
            "townships": {"labels": townships, "values": [by_township.get(t, 0) for t in townships]},
            "overdue_units": {
                "labels": [r["unit__name"] or "服务中心（待受理）" for r in reversed(overdue_units)],
                "values": [r["n"] for r in reversed(overdue_units)],
            },
            "top": [{"name": r.name, "value": score_number(r.composite)} for r in departments[:10]],
            # The month the scores are of: last month's while nobody is ranked yet this month.
            "top_title": f"{'本月' if rated == month else rated.label}部门综合得分前十",
        },
        "hot": hot_categories(appeals, now),
        "topics": county_hot_topics(now, appeals=appeals),
    }


def hot_categories(appeals: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """The categories that grew most this week over last week (beside the text clusters of the hot topics)."""
    today = timezone.localtime(now).date()
    this_week = _midnight(today - dt.timedelta(days=6))
    last_week = _midnight(today - dt.timedelta(days=13))
    counts = (
        appeals.filter(submitted_at__gte=last_week, category__isnull=False)
        .values("category__name")
        .annotate(
            now=Count("pk", filter=Q(submitted_at__gte=this_week)),
            before=Count("pk", filter=Q(submitted_at__lt=this_week)),
        )
    )
    rows = [
        {"name": r["category__name"], "now": r["now"], "before": r["before"], "growth": r["now"] - r["before"]}
        for r in counts
        if r["now"]
    ]
    return sorted(rows, key=lambda r: (-r["growth"], -r["now"], r["name"]))[:5]


def last_months(today: dt.date, count: int = 6) -> list[Period]:
    """The `count` months up to and including today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(Period.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    return months


def centre_view(now: dt.datetime) -> dict[str, Any]:
    """The service centre's own clock: 按时受理率 this month and over six months, and its queue now."""
    months = [dispatch_timeliness(p, now=now) for p in last_months(timezone.localtime(now).date())]
    return {"current": months[-1], "months": months, "queue": queue_now(now)}


def unit_view(unit: Unit, now: dt.datetime, appeals: Any) -> dict[str, Any]:
    """The unit's rates this month and its six-month trend, each against the county's; its open and
    overdue counts among `appeals`, what the viewer may see."""
    today = timezone.localtime(now).date()
    unit_ids = [unit.pk, *Unit.objects.filter(parent=unit, kind=UnitKind.VILLAGE).values_list("pk", flat=True)]
    months = last_months(today)
    trend_unit = [total(p, unit_ids=unit_ids, now=now).composite for p in months]
    trend_county = [total(p, now=now).composite for p in months]
    current = months[-1]
    mine, county = total(current, unit_ids=unit_ids, now=now), total(current, now=now)
    visible = appeals.filter(Q(unit_id__in=unit_ids))
    return {
        "unit": unit,
        "dispatch": centre_view(now) if unit.kind == UnitKind.SERVICE_CENTRE else None,
        "period": current,
        "mine": mine,
        "county": county,
        "mine_rates": _rates(mine),
        "county_rates": _rates(county),
        "open": visible.filter(status__in=IN_UNIT).count(),
        "overdue": visible.red(now).count(),
        "chart": {
            "labels": [p.label for p in months],
            "unit": [score_number(v) for v in trend_unit],
            "county": [score_number(v) for v in trend_county],
            "compare": {
                "labels": ["响应率", "解决率", "满意率", "按时答复率"],
                "unit": [_rates(mine)[k] for k in ("response", "resolution", "satisfaction", "on_time")],
                "county": [_rates(county)[k] for k in ("response", "resolution", "satisfaction", "on_time")],
            },
        },
    }
