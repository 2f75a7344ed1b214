from django.urls import path

from mashangdu.air import import_urls, views

app_name = "air"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("stations/<id:pk>/", views.station_detail, name="station"),
    path("breaches/", views.breach_list, name="breaches"),
    path("targets/", views.targets, name="targets"),
    *import_urls.urlpatterns,  # the import page (air/import_views.py)
]
