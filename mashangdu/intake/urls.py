from django.urls import path, register_converter

from mashangdu.intake.views import public, staff


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
    path("m/", public.entry, name="home"),
    path("m/new/<slug:kind>/", public.new, name="new"),
    path("m/fields/", public.extra_fields, name="fields"),
    path("m/villages/", public.villages, name="villages"),
    path("m/done/<str:tracking_no>/", public.done, name="done"),
    path("m/track/", public.track, name="track"),
    path("m/track/<str:tracking_no>/", public.track_detail, name="track_detail"),
    path("m/<qr:code>", public.entry, name="code"),
    path("m/<qr:code>/new/<slug:kind>/", public.new, name="code_new"),
    path("m/<qr:code>/rate/", public.rate, name="rate"),
    # Staff pages.
    path("qr/", staff.code_list, name="code_list"),
    path("qr/new/", staff.code_create, name="code_create"),
    path("qr/batch/", staff.code_batch, name="code_batch"),
    path("qr/posters/", staff.code_posters, name="code_posters"),
    path("qr/ratings/", staff.ratings, name="ratings"),
    path("qr/<id:pk>/", staff.code_detail, name="code_detail"),
    path("qr/<id:pk>/toggle/", staff.code_toggle, name="code_toggle"),
    path("qr/<id:pk>/image.<str:fmt>", staff.code_image, name="code_image"),
    path("qr/<id:pk>/poster-<str:size>.pdf", staff.code_poster, name="code_poster"),
]
