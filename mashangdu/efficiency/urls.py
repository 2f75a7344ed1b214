from django.urls import path

from mashangdu.efficiency.views import enterprise, imports, ranking

app_name = "efficiency"

urlpatterns = [
    path("", ranking.ranking, name="ranking"),
    path("export/", ranking.export, name="export"),
    path("evaluate/", ranking.run, name="evaluate"),
    path("import/", imports.import_sheet, name="import"),
    path("enterprises/<id:pk>/", enterprise.enterprise, name="enterprise"),
    path("evaluations/<id:pk>/measures/", enterprise.measure, name="measure"),
]
