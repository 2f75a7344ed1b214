"""The dispatcher's and admin's page of the routing model: what is current, retrain from the history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mashangdu.core.auth import user_with_role
from mashangdu.core.jobs import job_start
from mashangdu.core.models import ROUTING_MANAGERS
from mashangdu.routing.classifier import NEAR_DUPLICATE
from mashangdu.routing.models import ModelVersion, RoutingRule, RoutingSettings


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user_with_role(request, *ROUTING_MANAGERS)
    return render(
        request,
        "routing/overview.html",
        {
            "versions": ModelVersion.objects.defer("blob")[:20],
            "rules": RoutingRule.objects.select_related("category", "unit"),
            "settings": RoutingSettings.current(),
            "near_duplicate": NEAR_DUPLICATE,
        },
    )


@login_required
@require_POST
def retrain(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *ROUTING_MANAGERS)
    job = job_start(kind="routing.retrain", title="用办结诉求重新训练分派模型", params={}, by=user)
    return redirect("job_detail", pk=job.pk)
