"""Applications (entered by staff on an enterprise's behalf, reviewed and paid by the issuing unit) and the
ledger of payments with its totals and its Excel export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.downloads import XLSX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.exports import Sheet, render_xlsx_sheets
from mashangdu.core.models import Unit, User
from mashangdu.core.params import Params, page_number
from mashangdu.enterprises.models import Enterprise
from mashangdu.policies import services
from mashangdu.policies.forms import ApplicationForm, PayForm, ReviewForm
from mashangdu.policies.matching import evaluate, load_facts
from mashangdu.policies.models import Application, Clause, Payment
from mashangdu.policies.rules import rules_of
from mashangdu.policies.selectors import applications_visible_to, may_read_ledger, payments_visible_to
from mashangdu.policies.transitions import APPLICATIONS

GROUPS = {
    "enterprise": ("enterprise__name", "企业"),
    "clause": ("clause__number", "条款"),
    "township": ("enterprise__township__name", "乡镇"),
}


def _clerk(request: HttpRequest) -> User:
    user = request_user(request)
    if not APPLICATIONS.permits("create", user):
        raise PermissionDenied
    return user


@login_required
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _clerk(request)
    clause = get_object_or_404(Clause.objects.select_related("document"), pk=pk)
    form = ApplicationForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = Enterprise.objects.filter(pk=data["enterprise"]).first()
        if enterprise is None:
            form.add_error("enterprise", "企业 ID 不存在。")
        else:
            try:
                application = services.application_create(
                    clause=clause,
                    enterprise=enterprise,
                    year=data["year"],
                    requested_amount=data["requested_amount"],
                    note=data["note"],
                    by=user,
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "申请已登记，等待发文单位审核。")
                return redirect("policies:application", application.pk)
    context = {"form": form, "title": f"登记申请 — {clause}", "clause": clause}
    return render(request, "policies/form.html", context, status=400 if form.errors else 200)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    params = Params(request.GET)
    state = params.choice("state", Application.State.values, "状态")
    rows = applications_visible_to(user)
    if state:
        rows = rows.filter(state=state)
    page = Paginator(rows.order_by("-submitted_on", "-pk"), 30).get_page(page_number(params))
    return render(
        request,
        "policies/applications.html",
        {"page": page, "state": state, "states": Application.State.choices},
    )


def _visible_application(request: HttpRequest, pk: int) -> tuple[User, Application]:
    user = user_with_role(request)
    return user, get_object_or_404(applications_visible_to(user), pk=pk)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, application = _visible_application(request, pk)
    clause = application.clause
    facts = load_facts([application.enterprise_id])[application.enterprise_id]
    verdict = evaluate(clause.pk, rules_of([clause])[clause.pk], facts, timezone.localdate())
    return render(
        request,
        "policies/application.html",
        {
            "application": application,
            "verdict": verdict,
            "cap": services.amount_for(clause, facts),
            "may_review": APPLICATIONS.may("approve", application, user),
            "may_pay": APPLICATIONS.may("pay", application, user),
            "review_form": ReviewForm(initial={"amount": application.requested_amount}),
            "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
        },
    )


def _act(request: HttpRequest, application: Application, form: Any, run: Any) -> HttpResponse:
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
        return redirect("policies:application", application.pk)
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("policies:application", application.pk)


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    user, application = _visible_application(request, pk)
    if not APPLICATIONS.permits("approve", user, application):
        raise PermissionDenied

    def run(data: dict[str, Any]) -> None:
        if data["decision"] == "approve":
            services.application_approve(application=application.pk, amount=data["amount"], note=data["note"], by=user)
            messages.success(request, "已审核通过。")
        else:
            services.application_reject(application=application.pk, note=data["note"], by=user)
            messages.success(request, "已记录不予支持。")

    return _act(request, application, ReviewForm(request.POST), run)


@login_required
@require_POST
def application_pay(request: HttpRequest, pk: int) -> HttpResponse:
    user, application = _visible_application(request, pk)
    if not APPLICATIONS.permits("pay", user, application):
        raise PermissionDenied

    def run(data: dict[str, Any]) -> None:
        services.application_pay(application=application.pk, paid_on=data["paid_on"], by=user)
        messages.success(request, "已确认兑付，台账已记录。")

    return _act(request, application, PayForm(request.POST), run)


# -------------------------------------------------------------------------------------------------- ledger
def _ledger_rows(request: HttpRequest) -> tuple[User, QuerySet[Payment], dict[str, Any]]:
    user = user_with_role(request)
    if not may_read_ledger(user):
        raise PermissionDenied
    params = Params(request.GET)
    filters: dict[str, Any] = {
        "year": params.integer("year", "年度", low=2000, high=2099),
        "township": params.id("township", "乡镇"),
        "clause": params.id("clause", "条款"),
        "enterprise": params.id("enterprise", "企业"),
        "exempt": params.choice("exempt", ("1", "0"), "兑付方式"),
        "by": params.choice("by", tuple(GROUPS), "汇总方式", default="enterprise"),
    }
    rows = payments_visible_to(user)
    if filters["year"]:
        rows = rows.filter(year=filters["year"])
    if filters["township"]:
        rows = rows.filter(enterprise__township_id=filters["township"])
    if filters["clause"]:
        rows = rows.filter(clause_id=filters["clause"])
    if filters["enterprise"]:
        rows = rows.filter(enterprise_id=filters["enterprise"])
    if filters["exempt"]:
        rows = rows.filter(exempt=filters["exempt"] == "1")
    return user, rows, filters


def _totals(rows: QuerySet[Payment], by: str) -> list[dict[str, Any]]:
    key = GROUPS[by][0]
    return list(rows.values(key).annotate(count=Count("pk"), total=Sum("amount")).order_by("-total", key))


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    _, rows, filters = _ledger_rows(request)
    params = Params(request.GET)
    page = Paginator(rows.order_by("-paid_on", "-pk"), 50).get_page(page_number(params))
    key, label = GROUPS[filters["by"]]
    totals = [(t[key], t["count"], t["total"]) for t in _totals(rows, filters["by"])]
    grand = rows.aggregate(total=Sum("amount"), count=Count("pk"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "policies/ledger.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "totals": totals,
            "group_label": label,
            "grand": grand,
            "townships": Unit.objects.townships().order_by("sort_order", "pk"),
            "groups": [(k, v[1]) for k, v in GROUPS.items()],
        },
    )


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    _, rows, filters = _ledger_rows(request)
    detail = [
        (
            p.paid_on,
            p.year,
            p.enterprise.name,
            p.enterprise.uscc,
            p.enterprise.township.name,
            p.clause.document.title,
            f"{p.clause.number} {p.clause.title}",
            "免申即享" if p.exempt else "申请兑付",
            p.amount,
        )
        for p in rows.order_by("paid_on", "pk")
    ]
    sheets = [
        Sheet(
            title="兑付台账",
            header=["兑付日期", "年度", "企业", "统一社会信用代码", "乡镇", "政策文件", "条款", "方式", "金额（万元）"],
            rows=detail,
            formats={8: "0.00"},
        )
    ]
    for by, (key, label) in GROUPS.items():
        totals = [(t[key], t["count"], t["total"] or Decimal(0)) for t in _totals(rows, by)]
        sheets.append(
            Sheet(title=f"按{label}汇总", header=[label, "笔数", "金额（万元）"], rows=totals, formats={2: "0.00"})
        )
    del filters
    return download(render_xlsx_sheets(sheets), filename="惠企政策兑付台账.xlsx", content_type=XLSX)
