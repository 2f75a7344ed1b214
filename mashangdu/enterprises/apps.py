from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "mashangdu.enterprises"
    label = "enterprises"
    verbose_name = "企业服务"

    def ready(self) -> None:
        from mashangdu.enterprises import event_types

        event_types.register()
