"""The 亩均效益 ranking of a year with its class distribution and year-over-year change, its export, and the
button that runs the evaluation again (decision 0041)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.downloads import XLSX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.params import Params, bad, page_number
from mashangdu.core.services.events import event_record
from mashangdu.efficiency.models import Evaluation, Grade, Scheme
from mashangdu.efficiency.scope import evaluations_visible_to, may_manage, township_of
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.efficiency.services.imports import export_ranking
from mashangdu.efficiency.views.common import manager, reader, scheme_param
from mashangdu.enterprises.models import Industry
from mashangdu.enterprises.selectors import enterprises_visible_to

GRADES = [g.value for g in Grade]


def _filtered(user: User, scheme: Scheme, params: Params) -> tuple[QuerySet[Evaluation], dict[str, Any]]:
    """The year's results in the reader's scope, filtered by township and industry (both charts and the list)."""
    rows = evaluations_visible_to(user).filter(scheme=scheme)
    own = None if may_manage(user) else township_of(user)
    township_id = params.id("township", "乡镇")
    township = None
    if township_id is not None:
        township = Unit.objects.filter(pk=township_id, kind=UnitKind.TOWNSHIP).first()
        if township is None or (own is not None and township.pk != own):
            raise bad("township", "没有这个乡镇，或不在您的范围内。", "乡镇")
        rows = rows.filter(enterprise__township=township)
    industry = params.choice("industry", Industry.values, "行业门类")
    if industry:
        rows = rows.filter(enterprise__industry=industry)
    return rows, {"township": township, "industry": industry}


def _distribution(rows: QuerySet[Evaluation]) -> dict[str, Any]:
    counts = Counter(rows.values_list("grade", flat=True))
    by_township: dict[str, Counter[str]] = {}
    # In the county's order of townships (系统管理 → 单位), not by the characters' codes.
    ordered = rows.filter(small=False).order_by("enterprise__township__sort_order", "enterprise__township_id")
    for name, grade in ordered.values_list("enterprise__township__name", "grade"):
        by_township.setdefault(name or "未填乡镇", Counter())[grade] += 1
    townships = list(by_township)
    return {
        "grades": GRADES,
        "counts": [counts.get(g, 0) for g in GRADES],
        "small": counts.get("", 0),
        "townships": townships,
        "by_township": {g: [by_township[t].get(g, 0) for t in townships] for g in GRADES},
    }


def _year_over_year(rows: QuerySet[Evaluation], scheme: Scheme) -> tuple[dict[int, str], list[list[Any]] | None]:
    """(enterprise → last year's class, the change matrix of enterprises classed in both years)."""
    previous = Scheme.objects.filter(year=scheme.year - 1).first()
    if previous is None:
        return {}, None
    before = dict(
        Evaluation.objects.filter(scheme=previous, enterprise_id__in=rows.values("enterprise_id")).values_list(
            "enterprise_id", "grade"
        )
    )
    matrix = Counter(
        (before[e], g) for e, g in rows.filter(small=False).values_list("enterprise_id", "grade") if before.get(e)
    )
    table = [[old, *(matrix.get((old, new), 0) for new in GRADES)] for old in GRADES]
    return before, table


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """`?year=&grade=&township=&industry=&small=1&page=`: the classed enterprises, or the small ones apart."""
    user = reader(request)
    params = Params(request.GET)
    scheme = scheme_param(params)
    if scheme is None:
        return render(request, "efficiency/ranking.html", {"scheme": None, "may_manage": may_manage(user)})
    rows, chosen = _filtered(user, scheme, params)
    small = params.flag("small", "小微企业")
    grade = params.choice("grade", GRADES, "类别")
    listed = rows.filter(small=small)
    if grade:
        listed = listed.filter(grade=grade)
    page = Paginator(listed.order_by("rank", "enterprise__name", "pk"), 50).get_page(page_number(params))
    before, changes = _year_over_year(rows, scheme)
    on_page = [e.enterprise_id for e in page]
    files = set(enterprises_visible_to(user).filter(pk__in=on_page).values_list("pk", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "scheme": scheme,
        "schemes": Scheme.objects.order_by("-year"),
        "page": page,
        "rows": [{"e": e, "before": before.get(e.enterprise_id), "file": e.enterprise_id in files} for e in page],
        "chart": _distribution(rows),
        "changes": changes,
        "grades": Grade.choices,
        "grade": grade,
        "small": small,
        "industries": [(v, label) for v, label in Industry.choices if v in "BCD"],
        "townships": Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("sort_order", "pk")
        if may_manage(user)
        else Unit.objects.filter(pk=township_of(user) or 0),
        "may_manage": may_manage(user),
        "incomplete": rows.filter(incomplete=True).count(),
        "query": query.urlencode(),
        **chosen,
    }
    return render(request, "efficiency/ranking.html", context)


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The year's ranking in the reader's scope (`year`, `township`, `industry` as on the page): classed first."""
    user = reader(request)
    params = Params(request.POST)
    scheme = scheme_param(params)
    if scheme is None:
        raise bad("year", "还没有评价办法。", "年度")
    rows, _chosen = _filtered(user, scheme, params)
    content_rows = list(rows.order_by("small", "rank", "enterprise__name", "pk"))
    indicators = list(scheme.indicators.order_by("pk").values_list("indicator", flat=True))
    content = export_ranking(content_rows, indicators, scheme.year)
    with transaction.atomic():
        event_record(verb="efficiency.exported", actor=user, data={"year": scheme.year, "count": len(content_rows)})
    stamp = timezone.localdate()
    return download(content, filename=f"亩均效益排名-{scheme.year}-{stamp:%Y%m%d}.xlsx", content_type=XLSX)


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Evaluate `year` again under its scheme as it stands (after an edit in the admin, a new import)."""
    user = manager(request)
    scheme = scheme_param(Params(request.POST))
    if scheme is None:
        raise bad("year", "还没有评价办法。", "年度")
    try:
        count = evaluate_year(scheme=scheme, by=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{scheme.year} 年度已评价 {count} 家企业。")
    return redirect(f"{reverse('efficiency:ranking')}?year={scheme.year}")
