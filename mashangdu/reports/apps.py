from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mashangdu.reports"
    verbose_name = "考核与通报"
