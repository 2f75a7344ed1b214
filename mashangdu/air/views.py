"""Air pages (decision 0039): the dashboard (a station's or the county's year: calendar heat map, trends,
monthly statistics, the stations' and townships' rankings), a station's page, the breach list and the
monthly targets. Who may open them: air.selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mashangdu.air import aqi
from mashangdu.air.forms import TargetForm
from mashangdu.air.models import DailyReport, Station, StationTarget
from mashangdu.air.rankings import BY, rankings
from mashangdu.air.selectors import breaches_visible_to, may_edit_targets, may_read_air, own_township
from mashangdu.air.statistics import Day, Period, area_days, county_stations, month, monthly, station_days, year
from mashangdu.core.auth import request_user
from mashangdu.core.models import User
from mashangdu.core.params import Params, page_number
from mashangdu.core.replicas import reads_from_replica

SOURCE_NOTE = "演示数据据全国城市空气质量日报公开数据改编"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not may_read_air(user):
        raise PermissionDenied
    return user


def _levels() -> list[dict[str, Any]]:
    bounds = ((0, 50), (51, 100), (101, 150), (151, 200), (201, 300), (301, 500))
    return [
        {"min": low, "max": high, "color": level.rgb, "label": level.category}
        for (low, high), level in zip(bounds, aqi.LEVELS, strict=True)
    ]


def _chart(days: list[Day], stats: list[Any], year_number: int) -> dict[str, Any]:
    valued = [d for d in days if d.aqi is not None]
    return {
        "year": year_number,
        "levels": _levels(),
        "calendar": [[d.date.isoformat(), d.aqi] for d in valued],
        "dates": [d.date.isoformat() for d in days],
        "aqi": [d.aqi for d in days],
        "pm25": [None if d.pm25 is None else round(d.pm25) for d in days],
        "months": [s.period.label for s in stats[:12]],
        "good_ratio": [s.good_ratio.value for s in stats[:12]],
    }


@login_required
@reads_from_replica()
def dashboard(request: HttpRequest) -> HttpResponse:
    """?station= (absent: the county), ?year=, ?month= (1–12; empty: the whole year) for the rankings, ?by=."""
    user = _reader(request)
    params = Params(request.GET)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    station_id = params.id("station", "站点")
    station = get_object_or_404(Station, pk=station_id) if station_id is not None else None
    # A station's page opens on the year of its latest reading (an imported city's data may end years ago).
    latest = (
        DailyReport.objects.filter(station=station, date__lte=yesterday)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
        if station is not None
        else None
    )
    default_year = latest.year if latest is not None and latest.year >= FIRST_YEAR else yesterday.year
    year_number = params.integer("year", "年份", default=default_year, low=FIRST_YEAR, high=LAST_YEAR) or 0
    default_month = (today.replace(day=1) - dt.timedelta(days=1)).month if year_number == today.year else None
    month_number = params.integer("month", "月份", low=1, high=12) if params.has("month") else default_month
    by = params.choice("by", BY, "排名指标", default="index")
    first, last = dt.date(year_number, 1, 1), dt.date(year_number, 12, 31)
    stations = county_stations()
    if station is not None:
        days = station_days([station.pk], first, last).get(station.pk, [])
    else:
        days = area_days([s.pk for s in stations], first, last)
    stats = monthly(days, year_number)
    period: Period = month(year_number, month_number) if month_number else year(year_number)
    station_ranking, township_ranking = rankings(period, by, stations)
    return render(
        request,
        "air/dashboard.html",
        {
            "station": station,
            "stations": Station.objects.filter(is_active=True).order_by("-in_county", "kind", "code"),
            "year": year_number,
            "years": sorted(
                {*range(yesterday.year, yesterday.year - 6, -1), *range(default_year, default_year - 6, -1)},
                reverse=True,
            ),
            "month": month_number,
            "months": range(1, 13),
            "by": by,
            "by_choices": BY,
            "by_label": BY[by],
            "period": period,
            "stats": stats,
            "station_ranking": station_ranking,
            "township_ranking": township_ranking,
            "own_township": own_township(user),
            "chart": _chart(days, stats, year_number),
            "levels": aqi.LEVELS,
            "source_note": SOURCE_NOTE,
            "may_edit_targets": may_edit_targets(user),
        },
    )


@login_required
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A station: what it is, its last 30 days and its targets; the dashboard shows its year."""
    _reader(request)
    station = get_object_or_404(Station.objects.select_related("township"), pk=pk)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    recent = DailyReport.objects.filter(station=station, date__lte=yesterday).order_by("-date")[:30]
    return render(
        request,
        "air/station.html",
        {
            "station": station,
            "recent": [(r, aqi.level_of(r.aqi) if r.aqi is not None else None) for r in recent],
            "targets": StationTarget.objects.filter(station=station).order_by("-year", "month", "pollutant"),
            "year": yesterday.year,
            "source_note": SOURCE_NOTE,
        },
    )


@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    page = Paginator(breaches_visible_to(user), 50).get_page(page_number(Params(request.GET)))
    return render(request, "air/breaches.html", {"page": page})


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The county stations' monthly targets, and a form to set one (a second row for the same station, year,
    month and indicator is refused by the form)."""
    user = request_user(request)
    if not may_edit_targets(user):
        raise PermissionDenied
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.save()
        messages.success(request, f"已设定目标：{target}")
        return redirect("air:targets")
    rows = StationTarget.objects.select_related("station").order_by("-year", "station__code", "month", "pollutant")
    return render(
        request,
        "air/targets.html",
        {"form": form, "rows": rows[:500]},
        status=400 if request.method == "POST" else 200,
    )
