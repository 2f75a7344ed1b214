"""Staff pages for codes: list and batches, one code's page, images, posters, window ratings."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from mashangdu.appeals import selectors
from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.downloads import download
from mashangdu.core.errors import DomainError
from mashangdu.core.jobs import job_start
from mashangdu.core.models import COUNTY_WIDE, QR_MANAGERS, Unit
from mashangdu.core.params import Params, page_number, valid_or_400
from mashangdu.intake.forms import PosterForm, QrBatchForm, QrCreateForm, QrDisableForm, QrFilterForm
from mashangdu.intake.models import QrCode, QrScanDay, RatingTag, WindowRating
from mashangdu.intake.posters import SIZES, batch_queryset, public_url, render_pdf
from mashangdu.intake.selectors import codes_filtered
from mashangdu.intake.services.codes import qr_batch_create, qr_create, qr_set_active


def _filtered(form: QrFilterForm) -> QuerySet[QrCode]:
    codes = QrCode.objects.select_related("township", "unit", "enterprise", "village")
    if not form.is_valid():
        return codes.filter(is_active=True)
    return codes_filtered(codes, form.filters())


@login_required
def code_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *COUNTY_WIDE)
    form = valid_or_400(QrFilterForm(request.GET or {"active": "1"}))
    codes = _filtered(form).annotate(scans=Sum("scan_days__count")).order_by("kind", "township_id", "label", "pk")
    page = Paginator(codes, 50).get_page(page_number(Params(request.GET)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "intake/code_list.html",
        {
            "filter": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": user.has_role(*QR_MANAGERS),
            "create_form": QrCreateForm(),
            "batch_form": QrBatchForm(),
            "poster_form": PosterForm(),
        },
    )


@login_required
def code_create(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *QR_MANAGERS)
    form = QrCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = form.enterprise()
        if not form.errors:
            data = form.cleaned_data
            try:
                qr = qr_create(
                    by=user,
                    kind=data["kind"],
                    label=data["label"],
                    enterprise=enterprise,
                    unit=data["unit"],
                    township=data["township"],
                    village=data["village"],
                    address=data["address"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已生成二维码：{qr.label}")
                return redirect("intake:code_detail", pk=qr.pk)
    return render(request, "intake/code_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def code_batch(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *QR_MANAGERS)
    form = QrBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批量生成的对象类型。")
        return redirect("intake:code_list")
    try:
        result = qr_batch_create(by=user, kind=form.cleaned_data["kind"], township=form.cleaned_data["township"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"新生成 {result.created} 个二维码；{result.skipped} 个对象已有启用的二维码，已跳过。"
        )
    return redirect(f"{_list_url()}?kind={form.cleaned_data['kind']}")


def _list_url() -> str:
    return reverse("intake:code_list")


@login_required
@require_POST
def code_posters(request: HttpRequest) -> HttpResponse:
    """Start the batch poster job for the codes the list shows (its active ones), with the list's own filters."""
    user = user_with_role(request, *QR_MANAGERS)
    filters = QrFilterForm(request.POST)
    size = PosterForm(request.POST)
    if not filters.is_valid() or not size.is_valid():
        messages.error(request, "筛选条件或纸张无效。")
        return redirect("intake:code_list")
    chosen = filters.filters()
    params = {**chosen, "size": size.cleaned_data["size"], "base_url": request.build_absolute_uri("/")}
    count = batch_queryset(params).count()
    if not count:
        messages.error(request, "当前筛选条件下没有启用的二维码，未生成海报。")
        shown = {key: value for key, value in chosen.items() if value is not None}
        return redirect(f"{_list_url()}?{urlencode(shown)}")
    job = job_start(kind="intake.posters", title=f"批量生成二维码海报（{params['size']}）", params=params, by=user)
    return redirect("job_detail", pk=job.pk)


@login_required
def code_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request, *COUNTY_WIDE)
    qr = get_object_or_404(QrCode.objects.select_related("enterprise", "unit", "township", "village"), pk=pk)
    today = timezone.localdate()
    since = today - dt.timedelta(days=29)
    by_day = dict(QrScanDay.objects.filter(qr=qr, day__gte=since).values_list("day", "count"))
    days = [(since + dt.timedelta(days=i), by_day.get(since + dt.timedelta(days=i), 0)) for i in range(30)]
    peak = max([n for _, n in days] or [0])
    total = QrScanDay.objects.filter(qr=qr).aggregate(n=Sum("count"))["n"] or 0
    appeals = selectors.appeals_visible_to(user).filter(public_submission__qr=qr).order_by("-submitted_at")[:20]
    ratings = WindowRating.objects.filter(qr=qr)
    return render(
        request,
        "intake/code_detail.html",
        {
            "qr": qr,
            "url": public_url(qr, request.build_absolute_uri("/")),
            "svg": segno.make(public_url(qr, request.build_absolute_uri("/")), error="q").svg_inline(scale=5),
            "days": [(d, n, int(100 * n / peak) if peak else 0) for d, n in days],
            "scans_30": sum(n for _, n in days),
            "scans_total": total,
            "appeals": appeals,
            "appeal_count": selectors.appeals_visible_to(user).filter(public_submission__qr=qr).count(),
            "rating_summary": ratings.aggregate(n=Count("pk"), avg=Avg("stars")),
            "can_manage": user.has_role(*QR_MANAGERS),
            "disable_form": QrDisableForm(),
            "sizes": list(SIZES),
        },
    )


@login_required
@require_POST
def code_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request, *QR_MANAGERS)
    qr = get_object_or_404(QrCode, pk=pk)
    params = Params(request.POST)
    activate = params.choice("active", ("1", "0"), "启用") == "1"
    try:
        qr_set_active(qr=qr, by=user, active=activate, reason=params.text("reason", "停用原因", max_length=1000))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已启用。" if activate else "已停用；扫码将显示停用提示，历史记录保留。")
    return redirect("intake:code_detail", pk=qr.pk)


@login_required
def code_image(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user_with_role(request, *COUNTY_WIDE)
    qr = get_object_or_404(QrCode, pk=pk)
    code = segno.make(public_url(qr, request.build_absolute_uri("/")), error="q")
    out = io.BytesIO()
    svg = fmt == "svg"
    code.save(out, kind="svg" if svg else "png", scale=10 if svg else 12, border=2)
    return download(
        out.getvalue(),
        filename=f"码上督-{qr.label}.{'svg' if svg else 'png'}",
        content_type="image/svg+xml" if svg else "image/png",
    )


@login_required
def code_poster(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    user_with_role(request, *COUNTY_WIDE)
    qr = get_object_or_404(QrCode, pk=pk)
    if size not in SIZES:
        raise Http404
    pdf = render_pdf([qr], size=size, base_url=request.build_absolute_uri("/"))
    return download(pdf, filename=f"码上督-{qr.label}-{size}.pdf", content_type="application/pdf")


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    """Window ratings per unit over a period: the county sees all units, a unit its own."""
    user = request_user(request)
    if not user.role_codes():
        raise PermissionDenied
    days = int(Params(request.GET).choice("days", ("30", "90", "365"), "统计天数", default="90"))
    since = timezone.now() - dt.timedelta(days=days)
    rows = WindowRating.objects.filter(created_at__gte=since)
    if not user.has_role(*COUNTY_WIDE):
        rows = rows.filter(unit_id=user.unit_id or 0)
    summary: list[dict[str, Any]] = [
        dict(row)
        for row in rows.values("unit_id", "unit__name")
        .annotate(n=Count("pk"), avg=Avg("stars"), low=Count("pk", filter=Q(stars__lte=2)))
        .order_by("-avg", "-n")
    ]
    tags: dict[int, Counter[str]] = {}
    for unit_id, row_tags in rows.values_list("unit_id", "tags"):
        tags.setdefault(unit_id, Counter()).update(t for t in row_tags if t in RatingTag.values)
    for row in summary:
        row["tags"] = [(RatingTag(t).label, n) for t, n in tags.get(row["unit_id"], Counter()).most_common(4)]
    units = Unit.objects.filter(pk__in=[r["unit_id"] for r in summary])
    return render(
        request,
        "intake/ratings.html",
        {"summary": summary, "days": days, "units": units, "recent": rows.select_related("unit")[:30]},
    )
