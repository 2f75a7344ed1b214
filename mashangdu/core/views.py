from __future__ import annotations

import base64
import textwrap
from pathlib import Path
from typing import Any

import segno
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from mashangdu.core import event_types, otp, selectors
from mashangdu.core.auth import request_user
from mashangdu.core.errors import DomainError
from mashangdu.core.forms import EventFilterForm, LoginForm, OtpTokenForm
from mashangdu.core.jobs import job_rerun
from mashangdu.core.models import EVENT_LOG_READERS, Job, User
from mashangdu.core.params import Params, page_number, valid_or_400


class SecondFactorLoginMixin:
    """A correct password for a user with a TOTP device leads to the code step, not to a login."""

    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if isinstance(user, User) and otp.confirmed_device(user) is not None:
            return otp.begin_second_step(self.request, user, self.get_success_url())  # type: ignore[attr-defined]
        return super().form_valid(form)  # type: ignore[misc]


class LoginView(SecondFactorLoginMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


class AdminLoginView(SecondFactorLoginMixin, auth_views.LoginView):
    """The admin's login (its form, template and staff check, as `AdminSite.login`), with the code step."""

    form_class = AdminAuthenticationForm
    template_name = "admin/login.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "GET" and admin.site.has_permission(request):
            return redirect("admin:index")
        request.current_app = admin.site.name
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("admin:index")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            admin.site.each_context(self.request),
            title="登录",
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
        )
        if not context.get(self.redirect_field_name):
            context[self.redirect_field_name] = reverse("admin:index")
        return context


def login_otp(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code from the authenticator app enrolled on the account page."""
    pending = otp.pending_user(request)
    device = otp.confirmed_device(pending[0]) if pending else None
    if pending is None or device is None:
        messages.info(request, "请重新输入用户名和密码。")
        return redirect("login")
    user, backend = pending
    asked = Params(request.POST).text("next", "登录后前往", max_length=2000) or Params(request.GET).text(
        "next", "登录后前往", max_length=2000
    )
    next_url = otp.safe_next(request, asked, reverse("home"))
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp.finish_second_step(request, user, backend, device)
            return redirect(next_url)
        form.add_error("token", "验证码不正确或已过期。" if allowed else "验证码错误次数过多，请稍后再试。")
        status = 200 if allowed else 429
    return render(request, "core/login_otp.html", {"form": form, "next": next_url}, status=status)


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """The account page's second factor: enrol a TOTP device (QR code and manual key, confirmed with a
    code), or remove it with a current code unless a setting makes it mandatory for one's roles."""
    user = request_user(request)
    context: dict[str, Any] = {"may_enrol": otp.may_enrol(user), "required": otp.must_use(user)}
    if not context["may_enrol"]:
        return render(request, "core/account_security.html", context)
    device = otp.confirmed_device(user)
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    action = Params(request.POST).choice("action", ("confirm", "remove"), "操作")
    if device is None:
        enrolling = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if enrolling is None:
            enrolling = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
        if action == "confirm" and form.is_valid():
            if enrolling.verify_token(form.cleaned_data["token"]):
                enrolling.confirmed = True
                enrolling.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                otp.otp_login(request, enrolling)
                messages.success(request, "两步验证已启用：以后登录时需输入身份验证器中的动态验证码。")
                return redirect("account_security")
            form.add_error("token", "验证码不正确，请核对手机时间后重新输入。")
        context.update(
            form=form,
            enrolling=True,
            qr=segno.make(enrolling.config_url, error="m").svg_data_uri(scale=4),
            manual_key=" ".join(textwrap.wrap(base64.b32encode(enrolling.bin_key).decode(), 4)),
        )
    else:
        if action == "remove" and form.is_valid():
            if context["required"]:
                form.add_error(None, "您的角色必须使用两步验证，不能停用。")
            elif device.verify_token(form.cleaned_data["token"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "两步验证已停用。")
                return redirect("account_security")
            else:
                form.add_error("token", "验证码不正确。")
        context.update(form=form, device=device)
    return render(request, "core/account_security.html", context)


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
    if not user.has_role(*EVENT_LOG_READERS):
        raise PermissionDenied
    events = selectors.events_visible_to(user)
    form = EventFilterForm(request.GET or None)
    if form.is_bound:
        valid_or_400(form)  # 9999-12-31, an unknown event type: a 400 naming the parameter
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
    page = Paginator(events, 50).get_page(page_number(Params(request.GET)))
    query = request.GET.copy()
    query.pop("page", None)
    # The Excel export takes the filter's event type and, when both are given, its days (else this month).
    export: dict[str, Any] = {"verb": form.data.get("verb", "") if form.is_valid() else ""}
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
    page = Paginator(selectors.inbox_of(user), 30).get_page(page_number(Params(request.GET)))
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
@require_POST
def job_rerun_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed job of the user's again (the button on the failed job's page)."""
    user = request_user(request)
    get_object_or_404(Job.objects.filter(created_by=user), pk=pk)
    try:
        job_rerun(job=pk, by=user)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("job_detail", pk=pk)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    user = request_user(request)
    job = get_object_or_404(Job.objects.filter(created_by=user, status=Job.Status.DONE), pk=pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=(job.file.name or "").rsplit("/", 1)[-1])
