from django.apps import AppConfig


class WaterConfig(AppConfig):
    """Water bodies, assessment sections, samples classified by GB 3838—2002 and sections below their target
    class (docs/domain.md §Water, decision 0036)."""

    name = "mashangdu.water"
    verbose_name = "水环境"

    def ready(self) -> None:
        from mashangdu.water import event_types

        event_types.register()
