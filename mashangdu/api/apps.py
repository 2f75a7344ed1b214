from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mashangdu.api"
    verbose_name = "工作人员接口"
