"""Import a list of parcels (upload → dry run naming bad rows → confirm) and export the filtered ledger."""

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
from mashangdu.land.forms import UploadForm
from mashangdu.land.scope import is_land_staff, township_of
from mashangdu.land.services.imports import COLUMNS, REQUIRED, export_parcels, import_parcels, read_parcels
from mashangdu.land.transitions import PARCELS
from mashangdu.land.views.common import ledger_filters, reader

STAGING = Staging(folder="land", session_key="land_upload")


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Nothing is saved before the confirmation; the stored file is read and checked again on confirm."""
    user = reader(request)
    if not PARCELS.permits("register", user) or not (is_land_staff(user) or township_of(user)):
        raise PermissionDenied
    return upload_then_confirm(
        request,
        staging=STAGING,
        form_class=UploadForm,
        read=lambda content: read_parcels(content, by=user),
        save=lambda content: import_parcels(content, by=user),
        here="land:import",
        done="land:ledger",
        saved=lambda count: f"已导入 {count} 个地块。",
        template="land/import.html",
        context={"columns": COLUMNS, "optional": [c for c in COLUMNS if c not in REQUIRED]},
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The parcels the user may see under the ledger's filters (in the query string): the import's columns,
    then m², state, overdue and the figures after."""
    user = reader(request)
    parcels, _ = ledger_filters(request, user)
    parcels = parcels.order_by("township__sort_order", "township_id", "code")
    today = timezone.localdate()
    content = export_parcels(parcels, today)
    with transaction.atomic():
        event_record(
            verb="land.exported", actor=user, data={"count": parcels.count(), "filters": request.GET.urlencode()}
        )
    return download(content, filename=f"低效用地台账-{today:%Y%m%d}.xlsx", content_type=XLSX)
