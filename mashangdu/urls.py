from django.contrib import admin
from django.urls import include, path
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mashangdu.air import urls as air_urls
from mashangdu.api import urls as api_urls
from mashangdu.appeals import urls as appeals_urls
from mashangdu.core import errorpages
from mashangdu.core import urls as core_urls
from mashangdu.core.views import AdminLoginView
from mashangdu.efficiency import urls as efficiency_urls
from mashangdu.enterprise_file import urlpatterns as enterprise_file_urls
from mashangdu.enterprises import urls as enterprises_urls
from mashangdu.home import home
from mashangdu.intake import urls as intake_urls
from mashangdu.keytasks import urls as keytasks_urls
from mashangdu.land import urls as land_urls
from mashangdu.meetings import urls as meetings_urls
from mashangdu.open311 import urls as open311_urls
from mashangdu.policies import urls as policies_urls
from mashangdu.pollution import urls as pollution_urls
from mashangdu.reports import urls as reports_urls
from mashangdu.rivers import urls as rivers_urls
from mashangdu.routing import urls as routing_urls
from mashangdu.techmatch import urls as techmatch_urls
from mashangdu.villages import urls as villages_urls
from mashangdu.visits import urls as visits_urls
from mashangdu.water import urls as water_urls

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
    # The registry's pages and, in its namespace, the enterprise's page composed on the top floor.
    path("enterprises/", include((enterprises_urls.urlpatterns + enterprise_file_urls, enterprises_urls.app_name))),
    path("", include(intake_urls)),
    path("reports/", include(reports_urls)),
    path("open311/v2/", include(open311_urls)),
    path("routing/", include(routing_urls)),
    path("tasks/", include(keytasks_urls)),
    path("visits/", include(visits_urls)),
    path("water/", include(water_urls)),
    path("rivers/", include(rivers_urls)),
    path("air/", include(air_urls)),
    path("", include(meetings_urls)),
    path("techmatch/", include(techmatch_urls)),
    path("policies/", include(policies_urls)),
    path("pollution/", include(pollution_urls)),
    path("land/", include(land_urls)),
    path("efficiency/", include(efficiency_urls)),
    path("villages/", include(villages_urls)),
    path("", home, name="home"),
    path("", include(core_urls)),
]

# Chinese error pages in the site's layouts (core/errorpages.py), not Django's bare English ones.
handler400 = errorpages.bad_request
handler403 = errorpages.permission_denied
handler404 = errorpages.page_not_found
handler500 = errorpages.server_error
