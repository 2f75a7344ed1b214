from django.contrib.auth import views as auth_views
from django.urls import path

from mashangdu.core import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/login/otp/", views.login_otp, name="login_otp"),
    path("accounts/security/", views.account_security, name="account_security"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="core/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("units/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("events/", views.event_list, name="event_list"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<id:pk>/read/", views.inbox_read, name="inbox_read"),
    path("jobs/<id:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<id:pk>/rerun/", views.job_rerun_view, name="job_rerun"),
    path("jobs/<id:pk>/download/", views.job_download, name="job_download"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
