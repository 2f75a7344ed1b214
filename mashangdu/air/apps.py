from django.apps import AppConfig


class AirConfig(AppConfig):
    """Air monitoring stations, hourly and daily readings, the AQI by HJ 633 (2012 and 2026 editions), monthly
    and yearly statistics, rankings and heavy-pollution breaches (docs/domain.md §Air)."""

    name = "mashangdu.air"
    verbose_name = "大气环境"
