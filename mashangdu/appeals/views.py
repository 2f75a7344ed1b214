from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from mashangdu.appeals import selectors, transitions
from mashangdu.appeals.action_forms import ACTIONS
from mashangdu.appeals.attachments import open_plain
from mashangdu.appeals.filters import PHONE_IN_URL_MESSAGE, QUEUES, AppealFilter, phone_query
from mashangdu.appeals.forms import AppealEntryForm
from mashangdu.appeals.hooks import detail_context, dispatch_advice
from mashangdu.appeals.models import Appeal, CategoryField, ExtensionRequest, ReplyTemplate, Status
from mashangdu.appeals.models.appeals import SUPERVISABLE
from mashangdu.appeals.services import appeal_create, appeal_reveal_requester
from mashangdu.appeals.timeline import timeline
from mashangdu.core.auth import request_user
from mashangdu.core.crypto import blind_index
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.jobs import job_start
from mashangdu.core.masking import mask_phone
from mashangdu.core.models import APPEAL_REGISTRARS, BOARD_READERS, UNIT_STAFF, Role, User
from mashangdu.core.paginate import CappedPaginator
from mashangdu.core.params import Params, page_number, valid_or_400
from mashangdu.enterprises.models import Enterprise


def _staff(user: User) -> None:
    if not user.role_codes():
        raise PermissionDenied


# The phone of the workbench's last phone search: its blind index and its masked form, never the number.
SESSION_PHONE_SEARCH = "appeals_phone_search"


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    """The workbench. Its search form is a POST (post/redirect/get): a phone number goes into the session as
    its blind index and the list is shown at `?phone=1`; other searches and the filters stay in the URL."""
    user = request_user(request)
    _staff(user)
    if request.method == "POST":
        return _search_redirect(request)
    params = Params(request.GET)
    filterset = AppealFilter(request.GET or None, queryset=selectors.appeals_visible_to(user), request=request)
    phone_in_url = filterset.errors.get("q", []) == [PHONE_IN_URL_MESSAGE]
    if not phone_in_url:
        valid_or_400(filterset)  # 9999-12-31, an unknown status, a unit id of 20 digits: a 400 naming it
    appeals = filterset.qs
    if phone_in_url:  # a phone number in the URL: not searched, and nothing listed as if it were
        messages.warning(request, PHONE_IN_URL_MESSAGE)
        appeals = appeals.none()
    phone_search = request.session.get(SESSION_PHONE_SEARCH) if params.choice("phone", ("1",)) else None
    if phone_search:
        appeals = selectors.appeals_with_phone(appeals, phone_index=phone_search["index"], user=user)
    over_cap = filterset.over_cap and not phone_search and not phone_in_url
    page = CappedPaginator(appeals.order_by("-submitted_at", "-pk"), 30, over_cap=over_cap).get_page(
        page_number(params)
    )
    query = request.GET.copy()
    query.pop("page", None)
    queues = _queue_tabs(user)
    template = "appeals/_list_rows.html" if request.htmx else "appeals/list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "queues": queues,
            "current_queue": filterset.form.cleaned_data.get("queue", "") if filterset.is_bound else "",
            "phone_search": phone_search["masked"] if phone_search else "",
            "now": timezone.now(),
            "can_register": user.has_role(*APPEAL_REGISTRARS),
        },
    )


def _search_redirect(request: HttpRequest) -> HttpResponse:
    data = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "page", "phone"):
        data.pop(key, None)
    q = data.get("q", "").strip()
    phone = phone_query(q)
    if phone:
        request.session[SESSION_PHONE_SEARCH] = {"index": blind_index(phone), "masked": mask_phone(phone)}
        data.pop("q")
        data["phone"] = "1"
    query = urlencode([(key, value) for key, values in data.lists() for value in values if value.strip()])
    return redirect(f"{reverse('appeals:list')}?{query}" if query else reverse("appeals:list"))


def _queue_tabs(user: User) -> list[tuple[str, str]]:
    keys: list[str] = []
    if user.has_role(Role.DISPATCHER):
        keys += ["new", "returned", "review", "extensions"]
    if user.has_role(*UNIT_STAFF):
        keys += ["to_sign", "in_hand", "due_soon", "overdue"]
    if user.has_role(Role.SUPERVISOR):
        keys += ["review", "overdue"]
    return [(key, QUEUES[key][0]) for key in dict.fromkeys(keys)]


def _visible(user: User, pk: int) -> Appeal:
    return get_object_or_404(selectors.appeals_visible_to(user), pk=pk)


@login_required
def appeal_detail(
    request: HttpRequest, pk: int, *, failed: tuple[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    appeal = _visible(user, pk)
    routing = dispatch_advice(appeal, user) if transitions.may("dispatch", appeal, user) else None
    actions = []
    for t in transitions.allowed_actions(appeal, user):
        ui = ACTIONS[t.action]
        form = failed[1] if failed and failed[0] == t.action else ui.form(appeal=appeal, user=user)
        best = routing.best if routing is not None else None
        if t.action == "dispatch" and not form.is_bound and best is not None:
            form.initial.update({k: v for k, v in (("category", best.category), ("unit", best.unit)) if v is not None})
        actions.append(
            {"transition": t, "form": form, "style": ui.style, "open": bool(failed and failed[0] == t.action)}
        )
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "actions": actions,
            "routing": routing,
            "timeline": timeline(appeal, staff=True),
            "show_requester": selectors.requester_visible_to(appeal, user),
            "attachments": appeal.attachments.all(),
            "extensions": appeal.extensions.select_related("requested_by", "decided_by"),
            "co_units": appeal.co_units.all(),
            "duplicates": appeal.duplicates.all(),
            # What it was merged into, if the viewer may see that: never a complaint about the viewer's unit.
            "merged_into": selectors.appeals_visible_to(user).filter(pk=appeal.duplicate_of_id).first()
            if appeal.duplicate_of_id
            else None,
            "extra_items": _extra_items(appeal),
            "now": timezone.now(),
            **detail_context(appeal, user),  # from the apps above: the QR code it came from (intake)
        },
        status=status,
    )


def _extra_items(appeal: Appeal) -> list[tuple[str, str]]:
    """The category's extra answers with their labels, in the category's order."""
    if not appeal.extra:
        return []
    cats = [c for c in (appeal.category, appeal.category.parent if appeal.category else None) if c]
    labels = dict(CategoryField.objects.filter(category__in=cats).values_list("code", "label"))
    return [
        (labels.get(code, code), "、".join(value) if isinstance(value, list) else str(value))
        for code, value in appeal.extra.items()
    ]


@login_required
@require_POST
def appeal_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    appeal = _visible(user, pk)
    if action not in ACTIONS:
        raise Http404
    ui = ACTIONS[action]
    form = ui.form(request.POST, request.FILES, appeal=appeal, user=user)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errs)}"
                for name, errs in form.errors.items()
            ),
        )
        return appeal_detail(request, pk, failed=(action, form), status=400)
    try:
        ui.run(appeal, user, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:  # not about the input (who, when: 403, 409): the page as it is, not the form again
            return appeal_detail(request, pk, status=exc.status)
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        return appeal_detail(request, pk, failed=(action, form), status=exc.status)
    messages.success(request, f"已{transitions.TRANSITIONS[action].label}。")
    if not selectors.appeals_visible_to(user).filter(pk=pk).exists():
        return redirect("appeals:list")
    return redirect("appeals:detail", pk=pk)


@login_required
@require_POST
def reveal_requester(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the requester's name and phone in clear; every such view is logged (docs/domain.md §Personal data)."""
    user = request_user(request)
    try:
        name, phone = appeal_reveal_requester(appeal=_visible(user, pk), by=user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    return render(request, "appeals/_requester.html", {"name": name, "phone": phone})


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    user = request_user(request)
    appeal = _visible(user, pk)
    attachment = get_object_or_404(appeal.attachments, pk=attachment_id)
    return FileResponse(
        open_plain(attachment),  # decrypted here for a confidential matter's sealed file
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def appeal_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_role(*APPEAL_REGISTRARS):
        raise PermissionDenied
    form = AppealEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = None
        if data["enterprise_uscc"]:
            enterprise = Enterprise.objects.filter(uscc=data["enterprise_uscc"].strip().upper()).first()
            if enterprise is None:
                form.add_error("enterprise_uscc", "找不到该统一社会信用代码对应的企业。")
        if not form.errors:
            try:
                appeal = appeal_create(
                    by=user,
                    kind=data["kind"],
                    channel=data["channel"],
                    title=data["title"],
                    content=data["content"],
                    category=data["category"],
                    urgency=data["urgency"],
                    township=data["township"],
                    village=data["village"],
                    address=data["address"],
                    enterprise=enterprise,
                    requester_name=data["requester_name"],
                    requester_phone=data["requester_phone"],
                    is_anonymous=data["is_anonymous"],
                    about_unit=data["about_unit"],
                    extra=form.extra_values(),
                    attachments=data["attachments"],
                )
            except DomainError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, exc.message)
            else:
                if not selectors.appeals_visible_to(user).filter(pk=appeal.pk).exists():
                    # A complaint about the person's own unit: sent to the office that handles it, and
                    # from now on hidden from them like from every member of that unit.
                    messages.success(
                        request,
                        f"已登记，受理编号 {appeal.tracking_no}。此件涉及本单位，已由系统转交"
                        f"{appeal.unit.display_name if appeal.unit else '督查室'}办理，本单位不能查看。",
                    )
                    return redirect("appeals:list")
                messages.success(request, f"已登记，受理编号 {appeal.tracking_no}。")
                return redirect("appeals:detail", pk=appeal.pk)
    template = "appeals/_entry_extra.html" if request.htmx and request.method == "GET" else "appeals/new.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@login_required
def entry_extra_fields(request: HttpRequest) -> HttpResponse:
    """htmx: the extra fields of the chosen category."""
    form = AppealEntryForm(request.GET)
    return render(request, "appeals/_entry_extra.html", {"form": form})


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The supervisor's board: overdue by unit, escalations, supervised items, awaiting review."""
    user = request_user(request)
    if not user.has_role(*BOARD_READERS):
        raise PermissionDenied
    visible = selectors.appeals_visible_to(user)
    now = timezone.now()
    overdue_by_unit = (
        visible.red(now).values("unit__id", "unit__name").annotate(n=Count("pk", distinct=True)).order_by("-n")[:20]  # type: ignore[attr-defined]
    )
    return render(
        request,
        "appeals/board.html",
        {
            "overdue_by_unit": overdue_by_unit,
            "supervised": visible.exclude(supervision_level="").filter(status__in=SUPERVISABLE)[:30],
            "reviewing": visible.filter(status=Status.REVIEWING)[:30],
            "pending_extensions": ExtensionRequest.objects.filter(
                decision="pending", appeal__in=visible
            ).select_related("appeal")[:30],
            "now": now,
        },
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _staff(user)
    query = QueryDict(Params(request.POST).text("query", "筛选条件", max_length=4000), mutable=True)
    params = {}
    phone_search = request.session.get(SESSION_PHONE_SEARCH)
    phone = phone_query(query.get("q", ""))
    if phone:
        # A phone in the search (typed into the query by hand): the job keeps its index, never the number.
        query.pop("q")
        params["phone_index"] = blind_index(phone)
    elif phone_search and Params(query).choice("phone", ("1",)):
        params["phone_index"] = phone_search["index"]  # the job keeps the index, never the number
    # The job filters with the list's filterset: a filter it cannot use is refused now, not in the worker.
    valid_or_400(AppealFilter(query, queryset=Appeal.objects.none()))
    params["query"] = query.urlencode()
    job = job_start(kind="appeals.export", title="导出诉求清单", params=params, by=user)
    return redirect("job_detail", pk=job.pk)


@login_required
def reply_template_text(request: HttpRequest) -> HttpResponse:
    template_id = Params(request.GET).id("template", "回复模板")
    template = ReplyTemplate.objects.filter(pk=template_id).first() if template_id else None
    return HttpResponse(template.text if template else "", content_type="text/plain; charset=utf-8")
