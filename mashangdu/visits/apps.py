from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """Pairing (包联) periods, the visit log, reminders of overdue pairings and the coverage views
    (docs/domain.md §Pairing and visits, decision 0030)."""

    name = "mashangdu.visits"
    verbose_name = "包联走访"

    def ready(self) -> None:
        from mashangdu.visits import event_types

        event_types.register()
