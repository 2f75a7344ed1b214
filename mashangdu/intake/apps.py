from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mashangdu.intake"
    verbose_name = "扫码受理"
