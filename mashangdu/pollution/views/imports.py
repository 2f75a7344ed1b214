"""Import a 排查 list (upload → dry run naming bad rows → confirm) and export the registry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.downloads import XLSX, download
from mashangdu.core.services.events import event_record
from mashangdu.core.staging import Staging, upload_then_confirm
from mashangdu.pollution.forms import UploadForm
from mashangdu.pollution.scope import is_environment_staff, sites_visible_to, township_of
from mashangdu.pollution.services.imports import COLUMNS, export_sites, import_survey, read_survey
from mashangdu.pollution.transitions import SITES
from mashangdu.pollution.views.common import reader

STAGING = Staging(folder="pollution", session_key="pollution_upload")


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Nothing is saved before the confirmation; the stored file is read and checked again on confirm."""
    user = reader(request)
    if not SITES.permits("register", user) or not (is_environment_staff(user) or township_of(user)):
        raise PermissionDenied
    return upload_then_confirm(
        request,
        staging=STAGING,
        form_class=UploadForm,
        read=lambda content: read_survey(content, by=user),
        save=lambda content: import_survey(content, by=user),
        here="pollution:import",
        done="pollution:sites",
        saved=lambda count: f"已导入 {count} 个散乱污点位。",
        template="pollution/import.html",
        context={"columns": COLUMNS},
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Every site the user may see, as the import's columns plus state, cleared date and overdue."""
    user = reader(request)
    sites = sites_visible_to(user).order_by("township__sort_order", "township_id", "found_on", "pk")
    today = timezone.localdate()
    content = export_sites(sites, today)
    with transaction.atomic():
        event_record(verb="pollution.exported", actor=user, data={"count": sites.count()})
    return download(content, filename=f"散乱污点位-{today:%Y%m%d}.xlsx", content_type=XLSX)
