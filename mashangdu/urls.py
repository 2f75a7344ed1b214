from django.contrib import admin
from django.urls import include, path
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mashangdu.api import urls as api_urls
from mashangdu.appeals import urls as appeals_urls
from mashangdu.core import errorpages
from mashangdu.core import urls as core_urls
from mashangdu.core.views import AdminLoginView
from mashangdu.home import home
from mashangdu.intake import urls as intake_urls
from mashangdu.keytasks import urls as keytasks_urls
from mashangdu.open311 import urls as open311_urls
from mashangdu.reports import urls as reports_urls
from mashangdu.routing import urls as routing_urls

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
    path("api/", include(api_urls)),
    path("appeals/", include(appeals_urls)),
    path("", include(intake_urls)),
    path("reports/", include(reports_urls)),
    path("open311/v2/", include(open311_urls)),
    path("routing/", include(routing_urls)),
    path("tasks/", include(keytasks_urls)),
    path("", home, name="home"),
    path("", include(core_urls)),
]

# Chinese error pages in the site's layouts (core/errorpages.py), not Django's bare English ones.
handler400 = errorpages.bad_request
handler403 = errorpages.permission_denied
handler404 = errorpages.page_not_found
handler500 = errorpages.server_error
