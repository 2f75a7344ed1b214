"""Pages of black-odorous water bodies: the list, a body's page with its milestones and timeline, and its
actions (the table says who may do what, from which stage)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core import event_types
from mashangdu.core.auth import request_user
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, User
from mashangdu.core.params import Params
from mashangdu.rivers import access
from mashangdu.rivers.forms import MilestoneAddForm, MilestoneDoneForm, MoveForm
from mashangdu.rivers.models import BlackWater, BlackWaterState
from mashangdu.rivers.services import black_water_move, milestone_add, milestone_complete
from mashangdu.rivers.services.blackwater import MOVES
from mashangdu.rivers.transitions import BLACK_WATERS


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not access.reads_rivers(user):
        raise PermissionDenied
    return user


@login_required
def black_waters(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    state = Params(request.GET).choice("state", BlackWaterState.values, "治理阶段")
    bodies = access.black_waters_visible_to(user).prefetch_related("milestones")
    if state:
        bodies = bodies.filter(state=state)
    today = timezone.localdate()
    rows = []
    for body in bodies:
        milestones = list(body.milestones.all())
        late = [m for m in milestones if m.done_on is None and m.due < today]
        rows.append(
            {
                "body": body,
                "done": sum(m.done_on is not None for m in milestones),
                "total": len(milestones),
                "late": late,
            }
        )
    return render(
        request, "rivers/black_waters.html", {"rows": rows, "state": state, "states": BlackWaterState.choices}
    )


def _page(request: HttpRequest, user: User, body: BlackWater, status: int = 200, **forms: object) -> HttpResponse:
    rows = Event.objects.filter(target_type__app_label="rivers", target_type__model="blackwater", target_id=body.pk)
    events = [(e.created_at, event_types.label(e.verb), e.actor_label) for e in rows.order_by("created_at", "pk")]
    return render(
        request,
        "rivers/black_water.html",
        {
            "body": body,
            "milestones": body.milestones.all(),
            "today": timezone.localdate(),
            "moves": [t for t in BLACK_WATERS.allowed(body, user) if t.action in MOVES],
            "may_complete": BLACK_WATERS.may("complete_milestone", body, user),
            "may_add": BLACK_WATERS.may("add_milestone", body, user),
            "done_form": forms.get("done_form") or MilestoneDoneForm(initial={"done_on": timezone.localdate()}),
            "add_form": forms.get("add_form") or MilestoneAddForm(),
            "events": events,
        },
        status=status,
    )


@login_required
def black_water(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    return _page(request, user, get_object_or_404(access.black_waters_visible_to(user), pk=pk))


@login_required
@require_POST
def move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _reader(request)
    body = get_object_or_404(access.black_waters_visible_to(user), pk=pk)
    if action not in MOVES:
        raise Http404
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, user, body, 400)
    try:
        black_water_move(body=body, action=action, by=user, note=form.cleaned_data["note"])
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, user, body, exc.status)
    messages.success(request, f"已{BLACK_WATERS.transitions[action].label}。")
    return redirect("rivers:black_water", pk=body.pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    user = _reader(request)
    body = get_object_or_404(access.black_waters_visible_to(user), pk=pk)
    row = get_object_or_404(body.milestones, pk=milestone_id)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_complete(milestone=row, by=user, **form.cleaned_data)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"节点“{row.title}”已完成。")
            return redirect("rivers:black_water", pk=body.pk)
    return _page(request, user, body, 400, done_form=form)


@login_required
@require_POST
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    body = get_object_or_404(access.black_waters_visible_to(user), pk=pk)
    form = MilestoneAddForm(request.POST)
    if form.is_valid():
        try:
            milestone_add(body=body, by=user, **form.cleaned_data)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("rivers:black_water", pk=body.pk)
    return _page(request, user, body, 400, add_form=form)
