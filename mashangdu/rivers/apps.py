from django.apps import AppConfig


class RiversConfig(AppConfig):
    """River chiefs (河长制): segments, chiefs by level, patrols and their compliance, black-odorous water
    bodies and their remediation (docs/domain.md §River chiefs, decision 0037)."""

    name = "mashangdu.rivers"
    verbose_name = "河长制"

    def ready(self) -> None:
        from mashangdu.core import workflow
        from mashangdu.rivers import event_types
        from mashangdu.rivers.transitions import BLACK_WATERS

        event_types.register()
        workflow.register(BLACK_WATERS)
        # A section below its target names its river chief as the key task's leader (water cannot ask us).
        from mashangdu.rivers.finder import chief_for_section
        from mashangdu.water.chiefs import register_chief_finder

        register_chief_finder(chief_for_section)
