from django.apps import AppConfig


class KeyTasksConfig(AppConfig):
    """Key tasks (重点工作督办). The package was `mashangdu.tasks`, a name that collided with background
    jobs; the app label stays "tasks" because it is the data's identity (tables, migration history,
    content types), so renaming the package moved no data (decision 0020)."""

    name = "mashangdu.keytasks"
    label = "tasks"
    verbose_name = "重点工作督办"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.keytasks import event_types
        from mashangdu.keytasks.transitions import REPORTS, TASKS

        event_types.register()
        workflow.register(TASKS)
        workflow.register(REPORTS)
