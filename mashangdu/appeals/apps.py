from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "mashangdu.appeals"
    label = "appeals"
    verbose_name = "诉求办理"

    def ready(self) -> None:
        from mashangdu.appeals import event_types
        from mashangdu.appeals.transitions import APPEALS
        from mashangdu.core import workflow

        event_types.register()
        workflow.register(APPEALS)
