from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "mashangdu.enterprises"
    label = "enterprises"
    verbose_name = "企业服务"
