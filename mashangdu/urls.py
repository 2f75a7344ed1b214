from django.contrib import admin
from django.urls import include, path
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mashangdu.core.views import AdminLoginView
from mashangdu.home import home

# django-otp's own device admin would show every device's secret key to every admin: recovery is the
# user admin's "reset" action, enrolment the user's own account page (decision 0019). Unregistered here,
# after every app's admin module has been loaded.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

admin.site.site_header = "码上督 系统管理"
admin.site.site_title = "码上督"
admin.site.index_title = "系统管理"

urlpatterns = [
    # The admin's login with the second-factor step (core.views.AdminLoginView), ahead of admin.site's own.
    path("admin/login/", AdminLoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's init script as a file (?script), not inline: CSP, decision 0018.
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
    path("tasks/", include("mashangdu.keytasks.urls")),
    path("", home, name="home"),
    path("", include("mashangdu.core.urls")),
]
