from django.urls import path

from mashangdu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.rankings, name="rankings"),
    path("export/", views.ranking_export, name="ranking_export"),
    path("drill/", views.drill_down, name="drill"),
    path("drill/confidential/", views.confidential_drill_down, name="confidential_drill"),
    path("drill/dispatch/", views.dispatch_drill_down, name="dispatch_drill"),
    path("dashboard/", views.leader_dashboard, name="dashboard"),
    path("unit/", views.unit_dashboard, name="unit"),
    path("events/export/", views.events_export, name="events_export"),
    path("circulars/", views.circular_list, name="circulars"),
    path("circulars/<id:pk>/", views.circular_detail, name="circular"),
    path("circulars/<id:pk>/build/", views.circular_build, name="circular_build"),
    path("circulars/<id:pk>/cases/<id:case_id>/delete/", views.circular_case_delete, name="circular_case_delete"),
    path("circulars/<id:pk>/download.<str:fmt>", views.circular_download, name="circular_download"),
]
