from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "mashangdu.routing"
    verbose_name = "智能分派"
