from django.urls import path

from mashangdu.pollution.views import grades, imports, sites

app_name = "pollution"

urlpatterns = [
    path("", sites.board, name="board"),
    path("sites/", sites.site_list, name="sites"),
    path("sites/new/", sites.site_new, name="site_new"),
    path("sites/import/", imports.import_sheet, name="import"),
    path("sites/export/", imports.export, name="export"),
    path("sites/<id:pk>/", sites.site_detail, name="site"),
    path("sites/<id:pk>/inspect/", sites.site_inspect, name="inspect"),
    path("sites/<id:pk>/act/<slug:action>/", sites.site_act, name="site_act"),
    path("grades/", grades.grade_list, name="grades"),
    path("grades/new/", grades.grade_new, name="grade_new"),
    path("grades/enterprises/<id:pk>/", grades.grade_history, name="grade_history"),
    path("plans/", grades.plan_list, name="plans"),
    path("plans/new/", grades.plan_new, name="plan_new"),
    path("plans/<id:pk>/", grades.plan_detail, name="plan"),
    path("plans/<id:pk>/act/<slug:action>/", grades.plan_act, name="plan_act"),
]
