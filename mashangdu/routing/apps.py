from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "mashangdu.routing"
    verbose_name = "智能分派"

    def ready(self) -> None:
        """Routing plugs into the appeals app, which does not know it (decision 0021): it may auto-dispatch
        each new appeal (again when a client's retry finds it unrouted), and advises the dispatcher on
        the detail page. Its retraining is a background job."""
        from mashangdu.appeals.hooks import appeal_created, register_dispatch_advisor, register_resubmitted
        from mashangdu.core.jobs import register_runner
        from mashangdu.routing.auto import queue_auto_route, requeue_if_unrouted
        from mashangdu.routing.engine import detail_suggestions
        from mashangdu.routing.training import run_retrain

        appeal_created.connect(queue_auto_route, dispatch_uid="routing.queue_auto_route")
        register_resubmitted(requeue_if_unrouted)
        register_dispatch_advisor(detail_suggestions)
        register_runner("routing.retrain", run_retrain)
