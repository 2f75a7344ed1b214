from django.urls import path, register_converter

from mashangdu.intake import views, views_public


class CodeConverter:
    regex = "[23456789abcdefghjkmnpqrstuvwxyz]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "qr")

app_name = "intake"

urlpatterns = [
    # The public pages (no login). /m/<code> has no trailing slash: it is what the QR code holds.
    path("m/", views_public.entry, name="home"),
    path("m/new/<slug:kind>/", views_public.new, name="new"),
    path("m/fields/", views_public.extra_fields, name="fields"),
    path("m/villages/", views_public.villages, name="villages"),
    path("m/done/<str:tracking_no>/", views_public.done, name="done"),
    path("m/track/", views_public.track, name="track"),
    path("m/track/<str:tracking_no>/", views_public.track_detail, name="track_detail"),
    path("m/<qr:code>", views_public.entry, name="code"),
    path("m/<qr:code>/new/<slug:kind>/", views_public.new, name="code_new"),
    path("m/<qr:code>/rate/", views_public.rate, name="rate"),
    # Staff pages.
    path("qr/", views.code_list, name="code_list"),
    path("qr/new/", views.code_create, name="code_create"),
    path("qr/batch/", views.code_batch, name="code_batch"),
    path("qr/posters/", views.code_posters, name="code_posters"),
    path("qr/ratings/", views.ratings, name="ratings"),
    path("qr/<int:pk>/", views.code_detail, name="code_detail"),
    path("qr/<int:pk>/toggle/", views.code_toggle, name="code_toggle"),
    path("qr/<int:pk>/image.<str:fmt>", views.code_image, name="code_image"),
    path("qr/<int:pk>/poster-<str:size>.pdf", views.code_poster, name="code_poster"),
]
