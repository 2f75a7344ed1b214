"""Rural tourism routes: keep a route and its ordered stops (the tourism authority's staff, decision 0042)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.villages.models import Route, Stop
from mashangdu.villages.scope import keeps_routes

MAX_STOPS = 30


def _check(by: User | None) -> None:
    if by is not None and not keeps_routes(by):
        raise PermissionDeniedError("只有文化和旅游主管部门可以维护旅游线路。")


@dataclass(frozen=True)
class RouteData:
    name: str
    theme: str
    description: str
    season: str = ""
    days: int = 1


def route_save(*, data: RouteData, by: User | None, route: Route | None = None) -> Route:
    _check(by)
    if not 1 <= data.days <= 30:
        raise DomainError("建议天数应在 1 至 30 之间。", field="days")
    created = route is None
    route = route or Route()
    route.name = clean_text(data.name).strip()
    route.theme = clean_text(data.theme).strip()
    route.description = clean_text(data.description).strip()
    route.season = clean_text(data.season).strip()
    route.days = data.days
    route.updated_by = by
    try:
        with transaction.atomic():
            route.save()
            event_record(
                verb="village.route_saved" if created else "village.route_corrected",
                actor=by,
                target=route,
                data={"name": route.name},
            )
    except IntegrityError:
        raise DomainError("已有同名线路。", field="name") from None
    return route


@dataclass(frozen=True)
class StopData:
    village: Unit | None
    site: str
    description: str
    stay_minutes: int


def stop_add(*, route: Route, data: StopData, by: User | None) -> Stop:
    """Append a stop at the end of the route."""
    _check(by)
    site = clean_text(data.site).strip()
    if data.village is None and not site:
        raise DomainError("请选择村或填写景点名称。", field="site")
    if data.village is not None and data.village.kind != UnitKind.VILLAGE:
        raise DomainError("请选择村。", field="village")
    if not 0 <= data.stay_minutes <= 24 * 60:
        raise DomainError("建议停留时间应在 0 至 1440 分钟之间。", field="stay_minutes")
    with transaction.atomic():
        locked = Route.objects.select_for_update().get(pk=route.pk)
        last = locked.stops.aggregate(last=Max("position"))["last"] or 0
        if locked.stops.count() >= MAX_STOPS:
            raise DomainError(f"一条线路最多 {MAX_STOPS} 个站点。", field="__all__")
        stop = Stop.objects.create(
            route=locked,
            position=last + 1,
            village=data.village,
            site=site,
            description=clean_text(data.description).strip(),
            stay_minutes=data.stay_minutes,
        )
        event_record(verb="village.stop_added", actor=by, target=locked, data={"stop": stop.label})
    return stop


def stop_move(*, stop: Stop, direction: str, by: User | None) -> None:
    """Swap a stop with its neighbour before ("up") or after ("down"); at either end nothing moves."""
    _check(by)
    if direction not in ("up", "down"):
        raise DomainError("方向应为 up 或 down。", field="direction")
    with transaction.atomic():
        Route.objects.select_for_update().get(pk=stop.route_id)
        stops = list(Stop.objects.filter(route_id=stop.route_id).order_by("position"))
        index = next((i for i, s in enumerate(stops) if s.pk == stop.pk), None)
        if index is None:  # removed by another request since the page was read
            raise WrongStateError("该站点已被删除，请刷新后再试。")
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(stops):
            return
        _renumber(stops, index, other)
        event_record(verb="village.stops_reordered", actor=by, target=stop.route, data={"stop": stops[other].label})


def _renumber(stops: list[Stop], index: int, other: int) -> None:
    """Swap two stops and write positions 1..n; the unique (route, position) pair forbids a direct swap, so the
    positions go out of the way first (above the largest)."""
    stops[index], stops[other] = stops[other], stops[index]
    offset = max(s.position for s in stops) + 1
    for number, item in enumerate(stops, start=1):
        Stop.objects.filter(pk=item.pk).update(position=offset + number)
    for number, item in enumerate(stops, start=1):
        Stop.objects.filter(pk=item.pk).update(position=number)


def stop_remove(*, stop: Stop, by: User | None) -> None:
    _check(by)
    with transaction.atomic():
        Route.objects.select_for_update().get(pk=stop.route_id)
        label = stop.label
        route = stop.route
        stop.delete()
        for number, item in enumerate(Stop.objects.filter(route=route).order_by("position"), start=1):
            if item.position != number:
                Stop.objects.filter(pk=item.pk).update(position=number)
        event_record(verb="village.stop_removed", actor=by, target=route, data={"stop": label})
