"""The village board by township (roll-ups with lights), a township's villages, a village's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mashangdu.core.models import Unit
from mashangdu.core.params import Params
from mashangdu.villages.models import Route, Stop, VillageYear
from mashangdu.villages.rollups import LIGHT_LABELS, rate, roll_up, target_for, village_lights
from mashangdu.villages.scope import (
    county_reader,
    may_edit,
    may_edit_all,
    may_enter,
    products_visible_to,
    townships_visible_to,
    villages_visible_to,
)
from mashangdu.villages.views.common import reader, village_in_scope, year_param, years_choice


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Every township in the reader's scope for `?year=`: ratio-of-sums rates and lights, income roll-ups."""
    user = reader(request)
    year = year_param(Params(request.GET))
    townships = list(townships_visible_to(user))
    villages = villages_visible_to(user).filter(parent__in=townships)
    result = roll_up(
        year,
        villages.values_list("pk", "parent_id"),
        VillageYear.objects.filter(year=year, village__in=villages),
        target_for(year),
    )
    rows = [(t, result.townships[t.pk]) for t in townships if t.pk in result.townships]
    return render(
        request,
        "villages/board.html",
        {
            "tab": "board",
            "year": year,
            "years": years_choice(),
            "target": result.target,
            "rows": rows,
            "county": result.county if county_reader(user) else None,
            "labels": LIGHT_LABELS,
            "may_enter": may_enter(user),
            "may_edit_all": may_edit_all(user),
        },
    )


@login_required
def township(request: HttpRequest, pk: int) -> HttpResponse:
    """A township's villages for `?year=`, each with its rates and lights, and the township's roll-up."""
    user = reader(request)
    found = townships_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    year = year_param(Params(request.GET))
    target = target_for(year)
    villages = list(Unit.objects.filter(parent=found).order_by("sort_order", "pk"))
    records = {r.village_id: r for r in VillageYear.objects.filter(year=year, village__in=villages)}
    result = roll_up(year, [(v.pk, found.pk) for v in villages], records.values(), target)
    rows = [_village_row(v, records.get(v.pk), target) for v in villages]
    return render(
        request,
        "villages/township.html",
        {
            "tab": "board",
            "township": found,
            "year": year,
            "years": years_choice(),
            "target": target,
            "rows": rows,
            "sums": result.townships.get(found.pk),
            "labels": LIGHT_LABELS,
            "may_edit": may_enter(user),
        },
    )


def _village_row(village: Unit, record: VillageYear | None, target: Any) -> dict[str, Any]:
    if record is None:
        return {"village": village, "record": None}
    return {
        "village": village,
        "record": record,
        "street": rate(record.hardened_km, record.street_km),
        "toilet": rate(record.toilet_households, record.households),
        "sewage": rate(record.sewage_households, record.households),
        "lights": village_lights(record, target),
    }


@login_required
def village(request: HttpRequest, pk: int) -> HttpResponse:
    """A village: its indicators year by year (against each year's targets), its products, routes through it."""
    user = reader(request)
    found = village_in_scope(user, pk)
    records = VillageYear.objects.filter(village=found).order_by("-year").select_related("entered_by")
    years = [_village_row(found, r, target_for(r.year)) | {"year": r.year} for r in records]
    routes = (
        Route.objects.filter(stops__village=found)
        .distinct()
        .prefetch_related(Prefetch("stops", queryset=Stop.objects.select_related("village").order_by("position")))
    )
    return render(
        request,
        "villages/village.html",
        {
            "tab": "board",
            "village": found,
            "years": years,
            "products": products_visible_to(user).filter(village=found).prefetch_related("enterprises"),
            "routes": routes,
            "labels": LIGHT_LABELS,
            "may_edit": may_edit(user, found),
        },
    )
