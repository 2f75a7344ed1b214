from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings with enterprises (政企早餐会 / 政企同心谈, decision 0031)."""

    name = "mashangdu.meetings"
    verbose_name = "政企会议"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.intake.hooks import register_entry_links
        from mashangdu.meetings import event_types
        from mashangdu.meetings.public import enterprise_code_links
        from mashangdu.meetings.transitions import MEETINGS

        event_types.register()
        workflow.register(MEETINGS)
        register_entry_links(enterprise_code_links)  # "参加政企早餐会，提前反映问题" on an enterprise's code
