from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    """Policies for enterprises (政策找企业, 免申即享): documents, clauses, structured eligibility, matching both
    ways, notices, applications and payments (docs/domain.md §Policies, decision 0032)."""

    name = "mashangdu.policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.policies import event_types, rulecache
        from mashangdu.policies.transitions import APPLICATIONS

        event_types.register()
        workflow.register(APPLICATIONS)
        rulecache.connect()
