"""The registry's pages. The enterprise's page (`enterprises:detail`, /enterprises/<id>/) is added to this
namespace by mashangdu/urls.py from the top floor (mashangdu/enterprise_file.py)."""

from django.urls import path

from mashangdu.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export/", views.export, name="export"),
    path("import/", views.import_sheet, name="import"),
]
