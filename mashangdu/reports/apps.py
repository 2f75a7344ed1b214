from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mashangdu.reports"
    verbose_name = "考核与通报"

    def ready(self) -> None:
        """The event log's export and a circular's files are background jobs (core.jobs; decision 0021)."""
        from mashangdu.core.jobs import register_runner
        from mashangdu.reports.circular import run_circular
        from mashangdu.reports.exports import run_event_export

        register_runner("reports.events", run_event_export)
        register_runner("reports.circular", run_circular)

        from mashangdu.reports import event_types

        event_types.register()

        # Writes to the handling records mark the closed months they change stale (decision 0048).
        from mashangdu.appeals.hooks import register_records_changed
        from mashangdu.reports.rollup import mark_stale

        register_records_changed(mark_stale)
