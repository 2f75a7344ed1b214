from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "码上督 系统管理"
admin.site.site_title = "码上督"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/", include("mashangdu.api.urls")),
    path("appeals/", include("mashangdu.appeals.urls")),
    path("", include("mashangdu.intake.urls")),
    path("reports/", include("mashangdu.reports.urls")),
    path("open311/v2/", include("mashangdu.open311.urls")),
    path("routing/", include("mashangdu.routing.urls")),
    path("tasks/", include("mashangdu.tasks.urls")),
    path("", include("mashangdu.core.urls")),
]
