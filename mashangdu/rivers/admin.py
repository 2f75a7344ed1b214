"""The administrator edits the frequency rules here (and corrects chiefs and segments); the pages and services
are the way for everything else."""

from django.contrib import admin

from mashangdu.rivers.models import BlackWater, FrequencyRule, Milestone, RiverChief, RiverSegment


@admin.register(FrequencyRule)
class FrequencyRuleAdmin(admin.ModelAdmin):
    list_display = ["level", "period", "times"]


@admin.register(RiverChief)
class RiverChiefAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "position", "township", "is_active"]
    list_filter = ["level", "is_active"]
    raw_id_fields = ["user"]


@admin.register(RiverSegment)
class RiverSegmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "township", "length_km"]
    raw_id_fields = ["county_chief", "township_chief", "village_chief", "village"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(BlackWater)
class BlackWaterAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "level", "state"]
    readonly_fields = ["state"]
    inlines = [MilestoneInline]
