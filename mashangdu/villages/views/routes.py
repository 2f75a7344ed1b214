"""Rural tourism routes: the list, a route's page, keeping a route and its stops, its printable sheet."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import request_user
from mashangdu.core.downloads import download
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Duty, Unit, UnitKind, User, duty_unit
from mashangdu.villages.forms import RouteForm, StopForm
from mashangdu.villages.models import Route, Stop
from mashangdu.villages.scope import keeps_routes, may_read, reads_routes
from mashangdu.villages.services.routes import RouteData, StopData, route_save, stop_add, stop_move, stop_remove

PDF = "application/pdf"


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not reads_routes(user):
        raise PermissionDenied
    return user


def _keeper(request: HttpRequest) -> User:
    user = _reader(request)
    if not keeps_routes(user):
        raise PermissionDenied
    return user


def _villages() -> Any:
    return (
        Unit.objects.filter(kind=UnitKind.VILLAGE)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    )


def _route(pk: int) -> Route:
    stops = Stop.objects.select_related("village", "village__parent").order_by("position")
    return get_object_or_404(Route.objects.prefetch_related(Prefetch("stops", queryset=stops)), pk=pk)


@login_required
def route_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    routes = Route.objects.annotate(stop_count=Count("stops"), minutes=Sum("stops__stay_minutes"))
    return render(
        request,
        "villages/route_list.html",
        {"tab": "routes", "routes": routes, "keeps": keeps_routes(user), "reads_villages": may_read(user)},
    )


@login_required
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    route = _route(pk)
    keeps = keeps_routes(user)
    return render(
        request,
        "villages/route_detail.html",
        {
            "tab": "routes",
            "route": route,
            "stops": list(route.stops.all()),
            "keeps": keeps,
            "stop_form": StopForm(villages=_villages()) if keeps else None,
            "reads_villages": may_read(user),
        },
    )


@login_required
def route_new(request: HttpRequest) -> HttpResponse:
    return _route_form(request, None)


@login_required
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _route_form(request, pk)


def _route_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    user = _keeper(request)
    route = _route(pk) if pk is not None else None
    if request.method == "POST":
        form = RouteForm(request.POST)
        if form.is_valid():
            try:
                saved = route_save(data=RouteData(**form.cleaned_data), by=user, route=route)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已保存线路“{saved.name}”。")
                return redirect("villages:route", pk=saved.pk)
    else:
        form = RouteForm(initial={f: getattr(route, f) for f in RouteForm.base_fields} if route else {"days": 1})
    return render(
        request,
        "villages/route_form.html",
        {"tab": "routes", "form": form, "route": route},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def stop_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    route = _route(pk)
    form = StopForm(request.POST, villages=_villages())
    if form.is_valid():
        try:
            stop_add(route=route, data=StopData(**form.cleaned_data), by=user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已添加站点。")
            return redirect("villages:route", pk=route.pk)
    return render(
        request,
        "villages/route_detail.html",
        {"tab": "routes", "route": route, "stops": list(route.stops.all()), "keeps": True, "stop_form": form},
        status=400,
    )


def _stop(route: int, pk: int) -> Stop:
    return get_object_or_404(Stop.objects.select_related("route", "village"), route_id=route, pk=pk)


@login_required
@require_POST
def stop_up(request: HttpRequest, pk: int, stop: int) -> HttpResponse:
    return _move(request, pk, stop, "up")


@login_required
@require_POST
def stop_down(request: HttpRequest, pk: int, stop: int) -> HttpResponse:
    return _move(request, pk, stop, "down")


def _move(request: HttpRequest, pk: int, stop: int, direction: str) -> HttpResponse:
    user = _keeper(request)
    try:
        stop_move(stop=_stop(pk, stop), direction=direction, by=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("villages:route", pk=pk)


@login_required
@require_POST
def stop_delete(request: HttpRequest, pk: int, stop: int) -> HttpResponse:
    user = _keeper(request)
    stop_remove(stop=_stop(pk, stop), by=user)
    messages.success(request, "已删除站点。")
    return redirect("villages:route", pk=pk)


def _sheet_context(route: Route) -> dict[str, Any]:
    stops = list(route.stops.all())
    return {
        "route": route,
        "stops": stops,
        "minutes": sum(s.stay_minutes for s in stops),
        "county_name": settings.COUNTY_NAME,
        "keeper": duty_unit(Duty.TOURISM),  # the bureau that signs the sheet
        "today": timezone.localdate(),
    }


@login_required
def route_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The route as a print-friendly page (the browser prints it on A4)."""
    _reader(request)
    return render(request, "villages/route_sheet.html", _sheet_context(_route(pk)))


def route_pdf_bytes(route: Route) -> bytes:
    from weasyprint import HTML

    html = render_to_string("villages/route_sheet_pdf.html", _sheet_context(route))
    return bytes(HTML(string=html).write_pdf())


@login_required
def route_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The route sheet as an A4 PDF (WeasyPrint, Noto CJK fonts)."""
    _reader(request)
    route = _route(pk)
    return download(route_pdf_bytes(route), filename=f"旅游线路-{route.name}.pdf", content_type=PDF)
