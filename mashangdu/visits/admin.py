from django.contrib import admin

from mashangdu.visits.models import Reminder, VisitLog, VisitProblem


class VisitProblemInline(admin.TabularInline):
    model = VisitProblem
    extra = 0
    raw_id_fields = ("appeal",)


@admin.register(VisitLog)
class VisitLogAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "form", "pairing", "recorded_by")
    list_filter = ("form",)
    date_hierarchy = "visited_on"
    raw_id_fields = ("pairing", "recorded_by")
    inlines = [VisitProblemInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("pairing", "duty", "period_start", "period_end", "sent_at")
    list_filter = ("duty",)
    raw_id_fields = ("pairing",)
