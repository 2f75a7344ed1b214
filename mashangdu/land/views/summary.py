"""The township roll-up, and the multi-storey factory projects with their tenants."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.models import User
from mashangdu.land.forms import FactoryForm, TenantForm
from mashangdu.land.models import Parcel
from mashangdu.land.scope import factories_visible_to, is_land_staff, parcels_visible_to, township_of
from mashangdu.land.services import factories as services
from mashangdu.land.services.rollup import township_rollup
from mashangdu.land.views.common import reader


@login_required
def rollup(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    rows, total = township_rollup(
        parcels_visible_to(user).order_by("township__sort_order", "township_id"), timezone.localdate()
    )
    return render(request, "land/rollup.html", {"rows": rows, "total": total})


def _may_keep_any(user: User) -> bool:
    own = township_of(user)
    return is_land_staff(user) or (own is not None and services.may_keep(user, own))


@login_required
def factory_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    projects = factories_visible_to(user).annotate(rented=Sum("tenants__area_m2"))
    return render(request, "land/factory_list.html", {"projects": projects, "may_create": _may_keep_any(user)})


@login_required
def factory_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not _may_keep_any(user):
        raise PermissionDenied
    form = FactoryForm(request.POST or None, township=None if is_land_staff(user) else township_of(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parcel = None
        code = data["parcel_code"].strip()
        if code:
            parcel = parcels_visible_to(user).filter(code=code).first()
            if parcel is None:
                form.add_error("parcel_code", "没有这个地块编号。")
        if not form.errors:
            try:
                project = services.factory_create(
                    by=user,
                    data=services.NewFactory(
                        name=data["name"],
                        township=data["township"],
                        land_area_m2=data["land_area_m2"],
                        floor_area_m2=data["floor_area_m2"],
                        floors=data["floors"],
                        state=data["state"],
                        parcel=parcel,
                        note=data["note"],
                    ),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "已登记厂房项目。")
                return redirect("land:factory", pk=project.pk)
    return render(request, "land/factory_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def factory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    project = get_object_or_404(factories_visible_to(user), pk=pk)
    tenants = project.tenants.select_related("enterprise")
    rented = sum((t.area_m2 for t in tenants), Decimal(0))
    return render(
        request,
        "land/factory_detail.html",
        {
            "project": project,
            "tenants": tenants,
            "rented": rented,
            "free": project.floor_area_m2 - rented,
            "may_keep": services.may_keep(user, project.township_id) and user.is_authenticated,
            "form": TenantForm(initial={"since": timezone.localdate()}),
            "parcel": project.parcel if project.parcel and _sees(user, project.parcel) else None,
        },
    )


def _sees(user: User, parcel: Parcel) -> bool:
    return parcels_visible_to(user).filter(pk=parcel.pk).exists()


@login_required
@require_POST
def tenant_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    project = get_object_or_404(factories_visible_to(user), pk=pk)
    if not services.may_keep(user, project.township_id):
        raise PermissionDenied
    form = TenantForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("land:factory", pk=project.pk)
    data = form.cleaned_data
    try:
        services.tenant_add(
            project=project, by=user, enterprise=data["uscc"], area_m2=data["area_m2"], since=data["since"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记入驻企业。")
    return redirect("land:factory", pk=project.pk)
