from django.urls import path

from mashangdu.land.views import imports, parcels, summary

app_name = "land"

urlpatterns = [
    path("", parcels.ledger, name="ledger"),
    path("parcels/new/", parcels.parcel_new, name="parcel_new"),
    path("parcels/import/", imports.import_sheet, name="import"),
    path("parcels/export/", imports.export, name="export"),
    path("parcels/<id:pk>/", parcels.parcel_detail, name="parcel"),
    path("parcels/<id:pk>/act/<slug:action>/", parcels.parcel_act, name="parcel_act"),
    path("parcels/<id:pk>/reports/", parcels.report_new, name="report_new"),
    path("reports/<id:pk>/review/", parcels.report_decide, name="report_review"),
    path("reports/<id:pk>/attachment/", parcels.report_attachment, name="report_attachment"),
    path("townships/", summary.rollup, name="rollup"),
    path("factories/", summary.factory_list, name="factories"),
    path("factories/new/", summary.factory_new, name="factory_new"),
    path("factories/<id:pk>/", summary.factory_detail, name="factory"),
    path("factories/<id:pk>/tenants/", summary.tenant_new, name="tenant_new"),
]
