from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mashangdu.core"
    label = "core"
    verbose_name = "组织与系统"
