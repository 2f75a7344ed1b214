"""Policy documents, clauses, their conditions and eligible enterprises; an enterprise's eligible clauses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import user_with_role
from mashangdu.core.errors import DomainError
from mashangdu.core.models import User
from mashangdu.core.params import Params, page_number
from mashangdu.enterprises.models import Enterprise
from mashangdu.policies import services
from mashangdu.policies.bulk import eligible_ids
from mashangdu.policies.forms import ClauseForm, ConditionForm, DocumentForm
from mashangdu.policies.matching import MET, UNKNOWN, evaluate, load_facts
from mashangdu.policies.models import Clause, Condition, PolicyDocument
from mashangdu.policies.panels import enterprise_sections
from mashangdu.policies.rules import rules_of
from mashangdu.policies.selectors import (
    may_edit,
    may_see_matches,
    unit_editor,
)
from mashangdu.policies.transitions import APPLICATIONS

PAGE = 30


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    documents = PolicyDocument.objects.select_related("issuing_unit").annotate(clause_count=Count("clauses"))
    return render(request, "policies/documents.html", {"documents": documents, "may_create": unit_editor(user)})


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    if not unit_editor(user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.document_save(form=form, by=user)
        messages.success(request, "政策文件已保存。")
        return redirect("policies:document", document.pk)
    return render(
        request, "policies/form.html", {"form": form, "title": "新建政策文件"}, status=400 if form.errors else 200
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    document = get_object_or_404(PolicyDocument.objects.select_related("issuing_unit"), pk=pk)
    clauses = document.clauses.annotate(condition_count=Count("conditions"))
    return render(
        request,
        "policies/document.html",
        {"document": document, "clauses": clauses, "may_edit": may_edit(document, user)},
    )


def _editable_document(request: HttpRequest, pk: int) -> tuple[User, PolicyDocument]:
    user = user_with_role(request)
    document = get_object_or_404(PolicyDocument, pk=pk)
    if not may_edit(document, user):
        raise PermissionDenied
    return user, document


@login_required
def clause_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, document = _editable_document(request, pk)
    today = timezone.localdate()
    form = ClauseForm(request.POST or None, initial={"valid_from": document.effective_from or today})
    if request.method == "POST" and form.is_valid():
        clause = services.clause_save(form=form, document=document, by=user)
        messages.success(request, "条款已保存，请设置适用条件。")
        return redirect("policies:conditions", clause.pk)
    context = {"form": form, "title": f"新增条款 — {document.title}"}
    return render(request, "policies/form.html", context, status=400 if form.errors else 200)


@login_required
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    clause = get_object_or_404(Clause.objects.select_related("document"), pk=pk)
    user, document = _editable_document(request, clause.document_id)
    form = ClauseForm(request.POST or None, instance=clause)
    if request.method == "POST" and form.is_valid():
        services.clause_save(form=form, document=document, by=user)
        messages.success(request, "条款已保存。")
        return redirect("policies:clause", clause.pk)
    context = {"form": form, "title": f"编辑条款 — {clause}"}
    return render(request, "policies/form.html", context, status=400 if form.errors else 200)


@login_required
def clause_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The clause, its conditions, and (for the issuing unit and county-wide roles) its eligible enterprises
    with the reason per condition; `show=missing` lists those kept out only by missing data."""
    user = user_with_role(request)
    clause = get_object_or_404(Clause.objects.select_related("document", "document__issuing_unit"), pk=pk)
    params = Params(request.GET)
    show = params.choice("show", ("eligible", "missing"), "显示", default="eligible")
    number = page_number(params)
    rules = rules_of([clause])[clause.pk]
    context: dict[str, Any] = {
        "clause": clause,
        "rules": rules,
        "show": show,
        "may_edit": may_edit(clause.document, user),
        "may_apply": APPLICATIONS.permits("create", user) and not clause.exempt and clause.published_at is not None,
        "may_see": may_see_matches(clause, user),
    }
    if context["may_see"]:
        today = timezone.localdate()
        eligible = eligible_ids(clause.pk, rules, today)
        context["eligible_count"] = len(eligible)
        if show == "eligible":
            ids = sorted(eligible)
        else:  # kept out only by missing data: evaluated in Python over the active enterprises not eligible
            candidates = Enterprise.objects.filter(is_active=True).exclude(pk__in=eligible).values_list("pk", flat=True)
            facts = load_facts(candidates)
            ids = sorted(
                pk
                for pk, f in facts.items()
                if (v := evaluate(clause.pk, rules, f, today)).missing
                and all(o.status in (MET, UNKNOWN) for o in v.outcomes)
            )
        page = Paginator(ids, PAGE).get_page(number)
        facts = load_facts(page.object_list)
        context["page"] = page
        context["rows"] = [(facts[pk], evaluate(clause.pk, rules, facts[pk], today)) for pk in page.object_list]
    return render(request, "policies/clause.html", context)


@login_required
def conditions(request: HttpRequest, pk: int) -> HttpResponse:
    clause = get_object_or_404(Clause.objects.select_related("document"), pk=pk)
    user, _ = _editable_document(request, clause.document_id)
    form = ConditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.condition_save(form=form, clause=clause, by=user)
        messages.success(request, "条件已添加。")
        return redirect("policies:conditions", clause.pk)
    context = {"clause": clause, "form": form, "rules": rules_of([clause])[clause.pk]}
    return render(request, "policies/conditions.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def condition_delete(request: HttpRequest, pk: int, condition_id: int) -> HttpResponse:
    clause = get_object_or_404(Clause, pk=pk)
    user, _ = _editable_document(request, clause.document_id)
    condition = get_object_or_404(Condition, pk=condition_id, clause=clause)
    services.condition_delete(condition=condition, by=user)
    messages.success(request, "条件已删除。")
    return redirect("policies:conditions", clause.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    clause = get_object_or_404(Clause.objects.select_related("document", "document__issuing_unit"), pk=pk)
    user, _ = _editable_document(request, clause.document_id)
    try:
        services.clause_publish(clause=clause, by=user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("policies:clause", clause.pk)
    messages.success(
        request, "已发布：系统将通知符合条件的企业及其包联干部" + ("，并直接兑付。" if clause.exempt else "。")
    )
    return redirect("policies:clause", clause.pk)


@login_required
def enterprise_clauses(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    enterprise = get_object_or_404(Enterprise.objects.select_related("township"), pk=pk)
    sections = enterprise_sections(enterprise, user)
    if not sections:
        raise Http404
    return render(request, "policies/enterprise.html", {"enterprise": enterprise, **sections[0]})
