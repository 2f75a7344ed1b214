"""The public's mobile pages (no login): a code's page, the forms, the result, tracking and evaluation."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from mashangdu.appeals.models import Appeal, Kind, Satisfaction, Status
from mashangdu.appeals.models.appeals import OPEN
from mashangdu.appeals.selectors import PROTECTED_KINDS
from mashangdu.appeals.services import appeal_evaluate_on_tracking_page
from mashangdu.appeals.timeline import timeline
from mashangdu.core.crypto import blind_index
from mashangdu.core.errors import DomainError
from mashangdu.core.middleware import request_ip
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.params import Params
from mashangdu.intake import passes
from mashangdu.intake.forms import PublicAppealForm, RatingForm, TrackForm, category_groups
from mashangdu.intake.hooks import entry_links
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.ratings import window_rate
from mashangdu.intake.services.scans import qr_scanned
from mashangdu.intake.services.submissions import (
    PublicKind,
    choices_for,
    new_submission_key,
    public_submit,
    take_issued_access_code,
)

T = TypeVar("T")
HONEYPOT_MESSAGE = "提交未成功，请刷新页面后重试。"


def _code(code: str | None) -> QrCode | None:
    if code is None:
        return None
    return _known(code)


def _known(code: str) -> QrCode:
    return get_object_or_404(
        QrCode.objects.select_related("enterprise__township", "unit", "township", "village"), code=code.lower()
    )


def _disabled(request: HttpRequest, qr: QrCode) -> HttpResponse:
    return render(request, "intake/m_disabled.html", {"qr": qr}, status=410)


@never_cache
def entry(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """A code's page (or the general entry /m/): what it is about and what one can do here."""
    qr = _code(code)
    if qr is not None:
        if not qr.is_active:
            return _disabled(request, qr)
        qr_scanned(qr)
    return render(
        request,
        "intake/m_entry.html",
        {"qr": qr, "choices": choices_for(qr), "reported": _already_reported(qr), "offered": entry_links(qr)},
    )


def _already_reported(qr: QrCode | None) -> list[Appeal]:
    """Open matters filed through this code, so a second person can see it is known (no personal data,
    no complaints or reports)."""
    if qr is None:
        return []
    return list(
        Appeal.objects.filter(public_submission__qr=qr, status__in=OPEN)
        .exclude(kind__in=[Kind.COMPLAINT, Kind.REPORT])
        .select_related("category")
        .order_by("-submitted_at")[:5]
    )


@never_cache
def new(request: HttpRequest, kind: str, code: str | None = None) -> HttpResponse:
    qr = _code(code)
    if qr is not None and not qr.is_active:
        return _disabled(request, qr)
    offered = {k: label for k, label, _ in choices_for(qr)}
    if kind == PublicKind.RATE and qr is not None and kind in offered:
        return redirect("intake:rate", code=qr.code)
    if kind not in offered or kind == PublicKind.RATE:
        raise Http404
    place_needed = qr is None or qr.kind in (TargetKind.COUNTY, TargetKind.WINDOW)
    if request.method == "POST":
        form = PublicAppealForm(request.POST, request.FILES, place_needed=place_needed)
    else:
        form = PublicAppealForm(initial={"key": new_submission_key()}, place_needed=place_needed)
    status = 200
    if request.method == "POST":
        outcome, status = _handle(
            form,
            lambda data: public_submit(
                key=data["key"],
                ip=request_ip(request),
                qr=qr,
                public_kind=kind,
                content=data["content"],
                category=data["category"],
                township=data.get("township"),
                village=data.get("village"),
                address=data["address"],
                requester_name=data["requester_name"],
                requester_phone=data["requester_phone"],
                is_anonymous=data["is_anonymous"],
                consent=data["consent"],
                photos=data["photos"],
                extra=form.extra_values(),
            ),
        )
        if outcome is not None:
            tracking_no = outcome.appeal.tracking_no
            response = redirect("intake:done", tracking_no=tracking_no)
            return passes.remember(request, response, tracking_no, passes.DONE, passes.TRACKED, passes.BY_CODE)
    return render(
        request,
        "intake/m_new.html",
        {
            "qr": qr,
            "kind": kind,
            "kind_label": offered[kind],
            "form": form,
            "place_needed": place_needed,
            "contact_optional": kind == PublicKind.SUGGESTION,
            "content_max": 3000,
            "category_groups": category_groups(),
        },
        status=status,
    )


def _handle(form: forms.Form, submit: Callable[[dict[str, Any]], T]) -> tuple[T | None, int]:
    """Validate a public form, refuse bots, call `submit` with its data: (result, HTTP status).
    Refusals land on the form: the field the service named, else the form as a whole."""
    if not form.is_valid():
        return None, 400
    data = form.cleaned_data
    if data["website"]:
        form.add_error(None, HONEYPOT_MESSAGE)
        return None, 400
    try:
        return submit(data), 200
    except DomainError as exc:  # e.g. too many submissions: 429 (core/errors.py)
        field = "photos" if exc.field == "attachments" else exc.field
        form.add_error(field if field in form.fields else None, exc.message)
        return None, exc.status


def extra_fields(request: HttpRequest) -> HttpResponse:
    """htmx: the chosen category's extra fields on the public form."""
    return render(request, "appeals/_entry_extra.html", {"form": PublicAppealForm(request.GET)})


def villages(request: HttpRequest) -> HttpResponse:
    """htmx: the villages of the chosen township as <option>s."""
    township = Params(request.GET).id("township", "乡镇")
    rows = (
        Unit.objects.filter(kind=UnitKind.VILLAGE, is_active=True, parent_id=township).order_by("sort_order", "pk")
        if township is not None
        else Unit.objects.none()
    )
    return render(request, "intake/_village_options.html", {"villages": rows})


@never_cache
def done(request: HttpRequest, tracking_no: str) -> HttpResponse:
    appeal = (
        Appeal.objects.filter(tracking_no=tracking_no).first()
        if passes.holds(request, passes.DONE, tracking_no)
        else None
    )
    if appeal is None:
        return redirect("intake:track")
    code = take_issued_access_code(appeal)  # shown once; a reload says so instead
    return render(request, "intake/m_done.html", {"appeal": appeal, "access_code": code})


@never_cache
def rate(request: HttpRequest, code: str) -> HttpResponse:
    qr = _known(code)
    if not qr.is_active:
        return _disabled(request, qr)
    if qr.kind != TargetKind.WINDOW:
        raise Http404
    form = RatingForm(request.POST or None, initial={"key": new_submission_key()})
    status = 200
    if request.method == "POST":
        rated, status = _handle(
            form,
            lambda data: window_rate(
                key=data["key"],
                ip=request_ip(request),
                qr=qr,
                stars=data["stars"],
                tags=data["tags"],
                comment=data["comment"],
                phone=data["phone"],
            ),
        )
        if rated is not None:
            return render(request, "intake/m_rated.html", {"qr": qr})
    return render(request, "intake/m_rate.html", {"qr": qr, "form": form}, status=status)


def _track_key(request: HttpRequest) -> str:
    return "track-failures:" + hashlib.sha256(f"{request_ip(request)}".encode()).hexdigest()


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """Look an appeal up by tracking number and access code, or tracking number and phone."""
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        failures = int(cache.get(_track_key(request), 0))
        if failures >= settings.TRACK_MAX_FAILURES:
            minutes = settings.TRACK_LOCKOUT_SECONDS // 60
            form.add_error(
                None, f"查询失败次数过多，请 {minutes} 分钟后再试，或拨打服务热线 {settings.SERVICE_HOTLINE}。"
            )
            status = 429
        elif form.is_valid():
            appeal, by_code = _lookup(form.cleaned_data)
            if appeal is None:
                cache.set(_track_key(request), failures + 1, settings.TRACK_LOCKOUT_SECONDS)
                form.add_error(None, "受理编号与查询码（或手机号码）不匹配，请核对后重试。投诉、举报只能凭查询码查询。")
            else:
                response = redirect("intake:track_detail", tracking_no=appeal.tracking_no)
                proved = (passes.TRACKED, passes.BY_CODE) if by_code else (passes.TRACKED,)
                return passes.remember(request, response, appeal.tracking_no, *proved)
    return render(request, "intake/m_track.html", {"form": form}, status=status)


def _lookup(data: dict[str, Any]) -> tuple[Appeal | None, bool]:
    """The appeal the form names, and whether the access code (not the phone) proved it."""
    tracking_no = data["tracking_no"].strip().upper()
    appeal = Appeal.objects.filter(tracking_no=tracking_no).first()
    if appeal is None:
        return None, False
    code = (data.get("access_code") or "").strip().upper()
    phone = (data.get("phone") or "").strip().replace(" ", "")
    if code and appeal.access_code_matches(code):
        return appeal, True
    if (
        phone
        and appeal.kind not in PROTECTED_KINDS  # a complaint or report: by its access code only (issue 13)
        and appeal.requester_phone_index
        and secrets.compare_digest(appeal.requester_phone_index, blind_index(phone))
    ):
        return appeal, False
    return None, False


def _tracked(request: HttpRequest, tracking_no: str) -> Appeal:
    appeal = Appeal.objects.select_related("category", "unit").filter(tracking_no=tracking_no).first()
    if appeal is None or not passes.holds(request, passes.TRACKED, appeal.tracking_no):
        raise Http404
    return appeal


YES_NO = ("yes", "no")
PROGRESS_ONLY = "凭手机号查询只显示办理进度；查看诉求内容、办理答复和评价，请凭受理编号和查询码查询。"


@never_cache
def track_detail(request: HttpRequest, tracking_no: str) -> HttpResponse:
    appeal = _tracked(request, tracking_no)
    # A phone number is guessable by whoever knows the requester: it opens the progress only. The text,
    # the reply and the evaluation need the access code, which only the requester was given.
    by_code = passes.holds(request, passes.BY_CODE, appeal.tracking_no)
    error = ""
    status = 200
    params = Params(request.POST)
    solved = params.choice("solved", YES_NO, "是否解决")
    if request.method == "POST" and not by_code:
        error, status = PROGRESS_ONLY, 403
    elif request.method == "POST" and appeal.status == Status.REPLIED and not solved:
        error, status = "请选择问题是否解决。", 400
    elif request.method == "POST":
        try:
            appeal = appeal_evaluate_on_tracking_page(
                appeal=appeal,  # this browser proved it knows the code or the phone (`track`)
                satisfaction=params.choice("satisfaction", Satisfaction.values, "满意度"),
                solved=solved == "yes",
                comment=params.text("comment", "评价意见", max_length=10_000),  # the service allows 500
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect("intake:track_detail", tracking_no=appeal.tracking_no)
    return render(
        request,
        "intake/m_track_detail.html",
        {
            "appeal": appeal,
            # Whoever holds the slip sees this page: the text as the public may read it.
            "content": appeal.public_text(appeal.content) if by_code else "",
            "reply": appeal.public_text(appeal.reply_public) if by_code else "",
            "progress_only": PROGRESS_ONLY if not by_code else "",
            "entries": timeline(appeal, staff=False),
            "can_evaluate": by_code and appeal.status == Status.REPLIED,
            "satisfactions": Satisfaction.choices,
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=status,
    )
