"""Import yearly figures (upload → dry run naming bad rows → confirm) and download the template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from mashangdu.core.staging import Staging, upload_then_confirm
from mashangdu.efficiency.forms import UploadForm
from mashangdu.efficiency.services.imports import COLUMNS, REQUIRED, import_figures, read_figures
from mashangdu.efficiency.views.common import manager

STAGING = Staging(folder="efficiency", session_key="efficiency_upload")


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Nothing is saved before the confirmation; the stored file is read and checked again on confirm."""
    user = manager(request)
    return upload_then_confirm(
        request,
        staging=STAGING,
        form_class=UploadForm,
        read=read_figures,
        save=lambda content: import_figures(content, by=user),
        here="efficiency:import",
        done="efficiency:ranking",
        saved=lambda count: f"已导入 {count} 行年度数据。请在排名页重新评价相应年度。",
        template="efficiency/import.html",
        context={"columns": COLUMNS, "required": sorted(REQUIRED)},
    )
