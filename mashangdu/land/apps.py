from django.apps import AppConfig


class LandConfig(AppConfig):
    """Idle and inefficient land (闲置/低效用地) and its revitalisation, supervised like key tasks; multi-storey
    factory projects (issue 18, docs/domain.md §Idle and inefficient land, decision 0040)."""

    name = "mashangdu.land"
    verbose_name = "低效用地盘活"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.land import event_types
        from mashangdu.land.transitions import PARCELS

        event_types.register()
        workflow.register(PARCELS)
