from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mashangdu.reports"
    verbose_name = "考核与通报"

    def ready(self) -> None:
        from mashangdu.reports import event_types

        event_types.register()
