from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "mashangdu.appeals"
    label = "appeals"
    verbose_name = "诉求办理"
