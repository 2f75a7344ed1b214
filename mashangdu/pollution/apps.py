from django.apps import AppConfig


class PollutionConfig(AppConfig):
    """The 散乱污 registry and its dynamic-zero board, enterprises' environmental performance grades and their
    晋A升B upgrade plans (docs/domain.md §Pollution sources, decision 0038)."""

    name = "mashangdu.pollution"
    verbose_name = "污染源监管"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.pollution import event_types
        from mashangdu.pollution.transitions import PLANS, SITES

        event_types.register()
        workflow.register(SITES)
        workflow.register(PLANS)
