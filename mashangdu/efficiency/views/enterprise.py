"""An enterprise's 亩均效益 page: every year's result with its per-indicator breakdown and figures, the measures
its class carries and those recorded as applied; the managers record a measure here (decision 0041)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.params import valid_or_400
from mashangdu.efficiency.forms import MeasureForm
from mashangdu.efficiency.models import FIGURES, AppliedMeasure, SchemeMeasure, YearFigures
from mashangdu.efficiency.scope import enterprises_in_scope, evaluations_visible_to, may_manage
from mashangdu.efficiency.services.measures import measure_apply
from mashangdu.efficiency.views.common import manager, reader
from mashangdu.enterprises.selectors import enterprises_visible_to


@login_required
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    firm = get_object_or_404(enterprises_in_scope(user).select_related("township"), pk=pk)
    evaluations = list(evaluations_visible_to(user).filter(enterprise=firm).select_related("scheme").order_by("-year"))
    figures = {f.year: f for f in YearFigures.objects.filter(enterprise=firm)}
    applied = list(AppliedMeasure.objects.filter(enterprise=firm).select_related("recorded_by"))
    years = []
    for index, evaluation in enumerate(evaluations):
        row = figures.get(evaluation.year)
        previous = evaluations[index + 1] if index + 1 < len(evaluations) else None
        years.append(
            {
                "e": evaluation,
                "previous": previous if previous and previous.year == evaluation.year - 1 else None,
                "figures": [(label, unit, getattr(row, name) if row else None) for name, label, unit in FIGURES],
                "measures": SchemeMeasure.objects.filter(scheme=evaluation.scheme, grade=evaluation.grade)
                if evaluation.grade
                else [],
                "applied": [a for a in applied if a.year == evaluation.year],
            }
        )
    return render(
        request,
        "efficiency/enterprise.html",
        {
            "enterprise": firm,
            "years": years,
            "may_manage": may_manage(user),
            "form": MeasureForm(),
            "file": enterprises_visible_to(user).filter(pk=firm.pk).exists(),
        },
    )


@login_required
@require_POST
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a measure of the enterprise's class as applied for the year of `evaluation`."""
    user = manager(request)
    evaluation = get_object_or_404(evaluations_visible_to(user), pk=pk)
    form = valid_or_400(MeasureForm(request.POST))
    try:
        measure_apply(
            evaluation=evaluation,
            kind=form.cleaned_data["kind"],
            applied_on=form.cleaned_data["applied_on"],
            note=form.cleaned_data["note"],
            by=user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录差别化措施。")
    return redirect("efficiency:enterprise", evaluation.enterprise_id)
