from django.apps import AppConfig


class EfficiencyConfig(AppConfig):
    """亩均效益 evaluation: enterprises' yearly figures, configurable indicators and weights, scores, classes
    A/B/C/D and the differentiated measures per class (issue 18, decision 0041)."""

    name = "mashangdu.efficiency"
    verbose_name = "亩均效益评价"

    def ready(self) -> None:
        from mashangdu.efficiency import event_types

        event_types.register()
