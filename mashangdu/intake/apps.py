from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mashangdu.intake"
    verbose_name = "扫码受理"

    def ready(self) -> None:
        from mashangdu.intake import event_types

        event_types.register()
