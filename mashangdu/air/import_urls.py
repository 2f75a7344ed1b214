"""The import page's routes, joined with the air dashboard's in `air/urls.py` (namespace `air`)."""

from django.urls import path

from mashangdu.air import import_views

app_name = "air"

urlpatterns = [
    path("import/", import_views.import_page, name="import"),
]
