from django.contrib import admin

from mashangdu.keytasks.models import Indicator, IndicatorShare, Milestone, SourceDocument, SubTask, Task


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class SubTaskInline(admin.TabularInline):
    model = SubTask
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "area", "lead_unit", "due_date", "state"]
    list_filter = ["area", "state", "lead_unit"]
    search_fields = ["code", "title"]
    filter_horizontal = ["co_units"]
    inlines = [MilestoneInline, IndicatorInline, SubTaskInline]


class ShareInline(admin.TabularInline):
    model = IndicatorShare
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "task", "baseline", "target", "current"]
    inlines = [ShareInline]


admin.site.register(SourceDocument)
