from django.urls import path, register_converter

from mashangdu.meetings import public, views


class TokenConverter:
    """An invitation's token (secrets.token_urlsafe(32)): anything else is no link of ours (404)."""

    regex = "[A-Za-z0-9_-]{43}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")

app_name = "meetings"

urlpatterns = [
    # The invited enterprise's mobile page (no login).
    path("m/meeting/<token:token>/", public.issue_page, name="public"),
    # Staff pages.
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/new/", views.meeting_new, name="new"),
    path("meetings/<id:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<id:pk>/issues/new/", views.issue_new, name="issue_new"),
    path("meetings/<id:pk>/issues/<id:issue_pk>/accept/", views.issue_accept, name="issue_accept"),
    path("meetings/<id:pk>/issues/<id:issue_pk>/decline/", views.issue_decline, name="issue_decline"),
    path("meetings/<id:pk>/act/<slug:action>/", views.meeting_act, name="act"),
    path("meetings/<id:pk>/minutes.docx", views.minutes, name="minutes"),
    path("meetings/<id:pk>/follow-up.docx", views.followup, name="followup"),
]
