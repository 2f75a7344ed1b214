from django.apps import AppConfig


class VillagesConfig(AppConfig):
    """Villages' yearly indicators with targets and roll-ups, 一村一品 and tourism routes (issue 18,
    decision 0042)."""

    name = "mashangdu.villages"
    verbose_name = "乡村振兴"

    def ready(self) -> None:
        from mashangdu.villages import event_types

        event_types.register()
