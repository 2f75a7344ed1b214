"""The registry's pages: the list (名录), its Excel export and import. The enterprise's own page (一企一档)
is composed on the top floor (mashangdu/enterprise_file.py), since it shows what other apps know."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import user_with_role
from mashangdu.core.downloads import XLSX, download
from mashangdu.core.models import ENTERPRISE_READERS, REGISTRY_EDITORS
from mashangdu.core.params import Params, page_number, valid_or_400
from mashangdu.core.services.events import event_record
from mashangdu.core.staging import Staging, rechecked, upload_then_confirm
from mashangdu.enterprises.forms import EnterpriseFilterForm, UploadForm
from mashangdu.enterprises.imports import COLUMNS, export_registry, import_confirmed, read_registry
from mashangdu.enterprises.imports import Preview as RegistryPreview
from mashangdu.enterprises.imports.apply import Imported
from mashangdu.enterprises.selectors import enterprises_visible_to, phones_visible_to

STAGING = Staging(folder="enterprises", session_key="enterprises-upload")


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *ENTERPRISE_READERS)
    form = valid_or_400(EnterpriseFilterForm(request.GET))
    enterprises = form.apply(enterprises_visible_to(user)).order_by("township__admin_code", "name", "pk")
    page = Paginator(enterprises, 50).get_page(page_number(Params(request.GET)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "filter": form,
            "page": page,
            "query": query.urlencode(),
            # The filters as given, for the export's form (field names only: nothing else is echoed).
            "filters": [(name, request.GET[name]) for name in form.fields if request.GET.get(name)],
            "may_import": user.has_role(*REGISTRY_EDITORS),
        },
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The enterprises of the list's filters that the user may see; phones in clear for the registry's editors."""
    user = user_with_role(request, *ENTERPRISE_READERS)
    form = valid_or_400(EnterpriseFilterForm(request.POST))
    enterprises = form.apply(enterprises_visible_to(user))
    clear = phones_visible_to(user)
    content = export_registry(enterprises, phones_in_clear=clear)
    with transaction.atomic():  # event_record runs inside the transaction of what it records
        event_record(verb="enterprise.exported", actor=user, data={"count": enterprises.count(), "phones": clear})
    return download(content, filename=f"企业名录-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX)


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Upload → dry run naming every bad row and column → confirm: the stored file is read and checked
    again, then saved in one transaction. Nothing is saved before the confirmation."""
    user = user_with_role(request, *REGISTRY_EDITORS)

    def apply(preview: RegistryPreview) -> Imported:
        with transaction.atomic():
            done = import_confirmed(preview)
            event_record(
                verb="enterprise.imported", actor=user, data={"created": done.created, "updated": done.updated}
            )
        return done

    return upload_then_confirm(
        request,
        staging=STAGING,
        form_class=UploadForm,
        read=read_registry,
        save=rechecked(read_registry, apply),
        here="enterprises:import",
        done="enterprises:list",
        saved=lambda done: f"已导入：新增 {done.created} 家企业，更新 {done.updated} 家。",
        template="enterprises/import.html",
        context={"columns": [header for header, _ in COLUMNS]},
    )
