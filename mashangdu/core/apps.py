from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mashangdu.core"
    label = "core"
    verbose_name = "组织与系统"

    def ready(self) -> None:
        from django.urls import register_converter

        from mashangdu.core.params import IdConverter

        register_converter(IdConverter, "id")  # <id:pk>: a row id within 64 bits (decision 0026)
        from mashangdu.core import event_types
        from mashangdu.core.services.workcal import EVENT_TYPES

        event_types.register("workcal", "工作日历", EVENT_TYPES, order=60)
