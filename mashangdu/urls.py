from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

admin.site.site_header = "码上督 系统管理"
admin.site.site_title = "码上督"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's init script as a file (?script), not inline: CSP, decision 0016.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema", template_name="core/swagger_ui.html"),
        name="api_docs",
    ),
    path("api/", include("mashangdu.api.urls")),
    path("appeals/", include("mashangdu.appeals.urls")),
    path("", include("mashangdu.intake.urls")),
    path("reports/", include("mashangdu.reports.urls")),
    path("open311/v2/", include("mashangdu.open311.urls")),
    path("routing/", include("mashangdu.routing.urls")),
    path("tasks/", include("mashangdu.tasks.urls")),
    path("", include("mashangdu.core.urls")),
]
