from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mashangdu.intake"
    verbose_name = "扫码受理"

    def ready(self) -> None:
        """Intake plugs into the apps below it (decision 0021): an appeal's page names the QR code it was
        filed with; a batch of posters is a background job."""
        from mashangdu.appeals.hooks import register_detail_context
        from mashangdu.core.jobs import register_runner
        from mashangdu.core.middleware import register_bad_request_template
        from mashangdu.intake.posters import run_posters
        from mashangdu.intake.selectors import appeal_detail_context

        register_detail_context(appeal_detail_context)
        register_runner("intake.posters", run_posters)
        register_bad_request_template("/m/", "intake/m_bad_request.html")  # the public pages' own 400 page

        from mashangdu.intake import event_types

        event_types.register()
