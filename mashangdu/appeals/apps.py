from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "mashangdu.appeals"
    label = "appeals"
    verbose_name = "诉求办理"

    def ready(self) -> None:
        """What appeals adds to core (decision 0021): the event log and the list of everyone's messages
        leave out complaints about the viewer's own unit; the appeal list's export is a background job; `audit
        verify` replays the handling records from the events and compares them with the stored ones."""
        from mashangdu.appeals.audit import projection_check
        from mashangdu.appeals.exports import run_export
        from mashangdu.appeals.selectors import hide_confidential_events, hide_confidential_notifications
        from mashangdu.core.audit import register_projection_check
        from mashangdu.core.jobs import register_runner
        from mashangdu.core.selectors import register_event_scope, register_notification_scope

        register_event_scope(hide_confidential_events)
        register_notification_scope(hide_confidential_notifications)
        register_runner("appeals.export", run_export)
        register_projection_check("appeals", projection_check)

        from mashangdu.appeals import event_types
        from mashangdu.appeals.transitions import APPEALS
        from mashangdu.core import workflow

        event_types.register()
        workflow.register(APPEALS)
