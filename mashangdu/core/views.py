from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_POST

from mashangdu.core import event_types, selectors
from mashangdu.core.auth import request_user
from mashangdu.core.forms import EventFilterForm, LoginForm
from mashangdu.core.models import Job, Role
from mashangdu.core.workcal import calendar_warnings


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per role: a user with several roles sees a section for each."""
    user = request_user(request)
    context: dict[str, Any] = {"roles": user.role_codes(), "role_labels": user.role_labels()}
    if user.unit_id and user.has_role(Role.HANDLER, Role.UNIT_HEAD):
        assert user.unit is not None  # noqa: S101 - narrowed by unit_id above
        context["unit"] = user.unit
        context["unit_members"] = selectors.unit_members_visible_to(user, user.unit)
    context["panels"] = [panel for path in settings.HOME_PANELS for panel in import_string(path)(user)]
    if user.has_role(Role.SUPERVISOR, Role.ADMIN):
        context["recent_events"] = selectors.events_visible_to(user)[:8]
    if user.has_role(Role.ADMIN):
        context["calendar_warnings"] = calendar_warnings()
    return render(request, "core/home.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    unit = get_object_or_404(selectors.units_visible_to(user).select_related("parent"), pk=pk)
    children = selectors.units_visible_to(user).filter(parent=unit).order_by("sort_order", "pk")
    members = selectors.unit_members_visible_to(user, unit)
    return render(request, "core/unit_detail.html", {"unit": unit, "children": children, "members": members})


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_role(Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied
    events = selectors.events_visible_to(user)
    form = EventFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:  # the object's name, or the event's label (派单 finds 诉求·派单)
            events = events.filter(Q(target_label__icontains=data["q"]) | Q(verb__in=event_types.matching(data["q"])))
        if data["verb"]:
            events = events.filter(verb__in=data["verb"])
        if data["actor"]:
            if data["actor"] in {"系统", "system"}:
                events = events.filter(actor__isnull=True)
            else:
                events = events.filter(actor_label__icontains=data["actor"])
        lo, hi = form.day_bounds()
        if lo:
            events = events.filter(created_at__gte=lo)
        if hi:
            events = events.filter(created_at__lt=hi)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The Excel export takes the filter's event type and, when both are given, its days (else this month).
    export: dict[str, Any] = {"verb": request.GET.get("verb", "") if form.is_valid() else ""}
    if form.is_valid() and form.cleaned_data["date_from"] and form.cleaned_data["date_to"]:
        export.update(start=form.cleaned_data["date_from"], end=form.cleaned_data["date_to"])
    return render(
        request,
        "core/event_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "export": export},
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = Paginator(selectors.inbox_of(user), 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one message read (or all, with pk 0) and follow its link."""
    user = request_user(request)
    messages = selectors.inbox_of(user).filter(read_at__isnull=True)
    if pk:
        note = get_object_or_404(selectors.inbox_of(user), pk=pk)
        messages.filter(pk=note.pk).update(read_at=timezone.now())
        safe = url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
        return redirect(note.url if note.url and safe else "inbox")
    messages.update(read_at=timezone.now())
    return redirect("inbox")


FAVICON = Path(__file__).resolve().parent / "static" / "core" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for on pages that link no icon (admin, API docs, downloads)."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress (polled by htmx while it runs) and its download link."""
    user = request_user(request)
    job = get_object_or_404(Job.objects.filter(created_by=user), pk=pk)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    user = request_user(request)
    job = get_object_or_404(Job.objects.filter(created_by=user, status=Job.Status.DONE), pk=pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=(job.file.name or "").rsplit("/", 1)[-1])
