"""Visit pages: the cadre's own pairings, logging a visit, a visit, and the county's coverage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.models.appeals import OPEN
from mashangdu.appeals.selectors import appeals_visible_to, confidential_to
from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.errors import DomainError
from mashangdu.core.forms import new_form_key
from mashangdu.core.models import PAIRED_CADRES, Unit
from mashangdu.core.params import Params
from mashangdu.visits import selectors
from mashangdu.visits.forms import ProblemFormSet, VisitForm
from mashangdu.visits.models import Form
from mashangdu.visits.services import visit_log


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The cadre's enterprises now paired with them, overdue and due ones first, and their open appeals."""
    user = user_with_role(request, *PAIRED_CADRES)
    today = timezone.localdate()
    states = selectors.pairing_states(list(selectors.current_pairings(today).filter(cadre=user)), today)
    states.sort(key=lambda s: (s.urgency, s.pairing.enterprise.name))
    enterprises = [s.pairing.enterprise_id for s in states]
    appeals = (
        appeals_visible_to(user).filter(enterprise_id__in=enterprises, status__in=OPEN).select_related("enterprise")
    )
    return render(
        request,
        "visits/mine.html",
        {
            "states": states,
            "appeals": appeals.order_by("-submitted_at", "-pk")[:50],
            "recent": selectors.visits_visible_to(user).filter(pairing__cadre=user)[:10],
            "today": today,
        },
    )


@login_required
def new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a visit to the enterprise of one of the cadre's current pairings, with the problems raised."""
    user = user_with_role(request, *PAIRED_CADRES)
    today = timezone.localdate()
    pairing = get_object_or_404(selectors.current_pairings(today).filter(cadre=user), pk=pk)
    form = VisitForm(request.POST or None, initial={"visited_on": today, "form": Form.VISIT, "key": new_form_key()})
    problems = ProblemFormSet(request.POST or None, prefix="problem")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        data = form.cleaned_data
        try:
            visit = visit_log(
                pairing=pairing,
                by=user,
                visited_on=data["visited_on"],
                form=data["form"],
                participants=data["participants"],
                situation=data["situation"],
                problems=[p for p in (f.problem() for f in problems.forms) if p is not None],
                key=data["key"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            count = visit.problems.count()
            messages.success(request, f"已记录走访{f'，{count} 个问题已登记为诉求' if count else ''}。")
            return redirect("visits:detail", pk=visit.pk)
    failed = request.method == "POST"
    return render(
        request,
        "visits/new.html",
        {"pairing": pairing, "form": form, "problems": problems},
        status=400 if failed else 200,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    visit = get_object_or_404(selectors.visits_visible_to(user), pk=pk)
    rows = list(visit.problems.select_related("appeal"))
    ids = [r.appeal_id for r in rows]
    visible = set(appeals_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    # A complaint about the reader's own unit is not even counted (decision 0016).
    secret = set(Appeal.objects.filter(confidential_to(user), pk__in=ids).values_list("pk", flat=True))
    return render(
        request,
        "visits/detail.html",
        {
            "visit": visit,
            "problems": [r for r in rows if r.appeal_id in visible],
            "hidden": sum(1 for r in rows if r.appeal_id not in visible and r.appeal_id not in secret),
        },
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Pairings contacted this period out of all, and the overdue ones, per unit and per cadre: the whole
    county for county-wide roles, their own unit for a unit head; `?unit=` narrows to one unit in scope."""
    user = request_user(request)
    scope = selectors.coverage_units(user)
    if scope == []:
        raise PermissionDenied
    unit_id = Params(request.GET).id("unit", "单位")
    if unit_id is not None:
        if scope is not None and unit_id not in scope:
            raise Http404
        unit = get_object_or_404(Unit, pk=unit_id)
        scope = [unit.pk]
    today = timezone.localdate()
    own_unit = user.unit if user.has_role(*selectors.UNIT_COVERAGE_READERS) and user.unit_id else None
    return render(
        request,
        "visits/coverage.html",
        {
            "coverage": selectors.coverage(today, units=scope),
            "unit": Unit.objects.get(pk=scope[0]) if scope else None,
            "own_unit": own_unit,
            "today": today,
        },
    )
