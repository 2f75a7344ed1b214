from django.urls import path

from mashangdu.villages.views import board, entry, products, routes

app_name = "villages"

urlpatterns = [
    path("", board.board, name="board"),
    path("townships/<id:pk>/", board.township, name="township"),
    path("v/<id:pk>/", board.village, name="village"),
    path("v/<id:pk>/entry/", entry.entry, name="entry"),
    path("import/", entry.import_sheet, name="import"),
    path("export/", entry.export, name="export"),
    path("targets/", entry.targets, name="targets"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_new, name="product_new"),
    path("products/<id:pk>/", products.product_edit, name="product"),
    path("products/<id:pk>/remove/", products.product_remove, name="product_remove"),
    path("routes/", routes.route_list, name="routes"),
    path("routes/new/", routes.route_new, name="route_new"),
    path("routes/<id:pk>/", routes.route_detail, name="route"),
    path("routes/<id:pk>/edit/", routes.route_edit, name="route_edit"),
    path("routes/<id:pk>/sheet/", routes.route_sheet, name="route_sheet"),
    path("routes/<id:pk>/sheet.pdf", routes.route_pdf, name="route_pdf"),
    path("routes/<id:pk>/stops/", routes.stop_new, name="stop_new"),
    path("routes/<id:pk>/stops/<id:stop>/up/", routes.stop_up, name="stop_up"),
    path("routes/<id:pk>/stops/<id:stop>/down/", routes.stop_down, name="stop_down"),
    path("routes/<id:pk>/stops/<id:stop>/remove/", routes.stop_delete, name="stop_remove"),
]
