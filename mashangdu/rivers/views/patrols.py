"""Pages of chiefs and patrols: the compliance report, the register of chiefs, a chief's page (his own: mine),
the patrol form (mobile) and a patrol's page with its photos."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.models.appeals import OPEN
from mashangdu.appeals.selectors import appeals_visible_to, confidential_to
from mashangdu.core.auth import request_user
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.params import Params
from mashangdu.rivers import access
from mashangdu.rivers.compliance import compliance as build_report
from mashangdu.rivers.compliance import rules, standing
from mashangdu.rivers.forms import PatrolForm, ProblemFormSet
from mashangdu.rivers.models import ChiefLevel, PatrolProblem, RiverChief, RiverSegment, segments_of
from mashangdu.rivers.periods import month_range, quarter_range
from mashangdu.rivers.services import patrol_record


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not access.reads_rivers(user):
        raise PermissionDenied
    return user


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    """Required vs done patrols per chief, level and township for a month (default: last month) or a quarter
    (`?quarter=`), with the chiefs who missed a period. `?level=` and `?township=` narrow it."""
    user = _reader(request)
    params = Params(request.GET)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    year = params.integer("year", "年份", default=last_month.year, low=2000, high=2100) or last_month.year
    quarter = params.integer("quarter", "季度", low=1, high=4)
    month = params.integer("month", "月份", default=last_month.month, low=1, high=12) or last_month.month
    level = params.choice("level", ChiefLevel.values, "河长级别")
    township_id = params.id("township", "乡镇")
    chiefs = access.chiefs_visible_to(user).filter(is_active=True)
    if township_id is not None:
        if not chiefs.filter(township_id=township_id).exists() and not access.reads_all(user):
            raise Http404
        township = get_object_or_404(Unit, pk=township_id, kind=UnitKind.TOWNSHIP)
        chiefs = chiefs.filter(township=township)
    if level:
        chiefs = chiefs.filter(level=level)
    span = quarter_range(year, quarter) if quarter else month_range(year, month)
    report = build_report(list(chiefs.order_by("level", "township__sort_order", "pk")), span, today)
    return render(
        request,
        "rivers/compliance.html",
        {
            "report": report,
            "year": year,
            "month": None if quarter else month,
            "quarter": quarter,
            "level": level,
            "township_id": township_id,
            "levels": ChiefLevel.choices,
            "townships": Unit.objects.townships().filter(pk__in=access.chiefs_visible_to(user).values("township_id")),
            "years": range(today.year - 2, today.year + 1),
            "rules": rules(),
        },
    )


@login_required
def chiefs(request: HttpRequest) -> HttpResponse:
    """The register of chiefs in scope and the segments they answer for (names and phones masked)."""
    user = _reader(request)
    visible = access.chiefs_visible_to(user)
    segments = RiverSegment.objects.select_related(
        "water_body", "township", "village", "county_chief", "township_chief", "village_chief"
    )
    if not access.reads_all(user):
        ids = list(visible.values_list("pk", flat=True))
        segments = (
            segments.filter(county_chief_id__in=ids)
            | segments.filter(township_chief_id__in=ids)
            | segments.filter(village_chief_id__in=ids)
        )
    return render(request, "rivers/chiefs.html", {"chiefs": visible, "segments": segments.distinct()})


def _chief_page(request: HttpRequest, user: User, chief: RiverChief, *, own: bool) -> HttpResponse:
    today = timezone.localdate()
    patrols = chief.patrols.select_related("recorded_by").prefetch_related("problems")[:30]
    problem_appeals = PatrolProblem.objects.filter(patrol__chief=chief).values("appeal_id")
    appeals = appeals_visible_to(user).filter(pk__in=problem_appeals, status__in=OPEN).order_by("-submitted_at")
    return render(
        request,
        "rivers/chief.html",
        {
            "chief": chief,
            "own": own,
            "standing": standing(chief, today),
            "segments": RiverSegment.objects.filter(segments_of(chief)).select_related("water_body", "township"),
            "patrols": patrols,
            "appeals": appeals[:50],
            "may_record": access.may_record_for(chief, user),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A chief's own page: his segments, the patrol due, his patrols, the open appeals from them."""
    user = request_user(request)
    chief = access.own_chief(user)
    if chief is None:
        raise PermissionDenied
    return _chief_page(request, user, chief, own=True)


@login_required
def chief(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    found = get_object_or_404(access.chiefs_visible_to(user), pk=pk)
    return _chief_page(request, user, found, own=found.user_id == user.pk)


@login_required
def patrol_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The patrol form, for the chief himself or the staff recording for him; a double submission of one
    form makes one patrol (its hidden key)."""
    user = _reader(request)
    found = get_object_or_404(access.chiefs_visible_to(user), pk=pk)
    if not access.may_record_for(found, user):
        raise PermissionDenied
    form = PatrolForm(request.POST or None, chief=found, initial={"patrolled_on": timezone.localdate()})
    problems = ProblemFormSet(request.POST or None, prefix="problem", form_kwargs={"chief": found})
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        data = form.cleaned_data
        try:
            patrol, created = patrol_record(
                chief=found,
                by=user,
                key=data["key"],
                patrolled_on=data["patrolled_on"],
                minutes=data["minutes"],
                route=data["route"],
                segments=list(data["segments"]),
                photos=request.FILES.getlist("photos"),
                problems=[p for p in (f.problem() for f in problems.forms) if p is not None],
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if created:
                count = patrol.problems.count()
                messages.success(request, f"已记录巡河{f'，{count} 个问题已登记为诉求' if count else ''}。")
            else:
                messages.info(request, "该巡河记录已保存过，未重复登记。")
            return redirect("rivers:patrol", pk=patrol.pk)
    return render(
        request,
        "rivers/patrol_new.html",
        {"chief": found, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def patrol(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader_or_recorder(request)
    found = get_object_or_404(access.patrols_visible_to(user).prefetch_related("photos", "segments"), pk=pk)
    rows = list(found.problems.select_related("appeal"))
    ids = [r.appeal_id for r in rows]
    visible = set(appeals_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    # A complaint about the reader's own unit is neither shown nor counted (decision 0016).
    secret = set(Appeal.objects.filter(confidential_to(user), pk__in=ids).values_list("pk", flat=True))
    # Who reported the problems sees what became of them (number, title, state) before the appeal reaches a
    # unit they may open; they have no link to the appeal itself.
    own = user.pk in (found.recorded_by_id, found.chief.user_id)
    others = [r for r in rows if r.appeal_id not in visible and r.appeal_id not in secret]
    return render(
        request,
        "rivers/patrol.html",
        {
            "patrol": found,
            "problems": [r for r in rows if r.appeal_id in visible],
            "reported": others if own else [],
            "hidden": 0 if own else len(others),
        },
    )


def _reader_or_recorder(request: HttpRequest) -> User:
    user = request_user(request)
    if not access.reads_rivers(user) and not user.river_patrols.exists():
        raise PermissionDenied
    return user


@login_required
def photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    user = _reader_or_recorder(request)
    found = get_object_or_404(access.patrols_visible_to(user), pk=pk)
    picture = get_object_or_404(found.photos, pk=photo_id)
    return FileResponse(picture.file.open("rb"), filename=picture.original_name, content_type="image/jpeg")
