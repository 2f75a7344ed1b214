from django.apps import AppConfig


class TechMatchConfig(AppConfig):
    """Technology matching (技术对接): needs, results, ranked suggestions and dockings."""

    name = "mashangdu.techmatch"
    verbose_name = "技术对接"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.techmatch import event_types
        from mashangdu.techmatch.transitions import NEEDS

        event_types.register()
        workflow.register(NEEDS)
