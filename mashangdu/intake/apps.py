from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mashangdu.intake"
    verbose_name = "扫码受理"

    def ready(self) -> None:
        """A batch of posters is a background job (core.jobs; decision 0021)."""
        from mashangdu.core.jobs import register_runner
        from mashangdu.intake.posters import run_posters

        register_runner("intake.posters", run_posters)
