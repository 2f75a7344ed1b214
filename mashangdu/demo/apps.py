from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its management command, `manage.py demo_county`; it has no models."""

    name = "mashangdu.demo"
    label = "demo"
    verbose_name = "演示数据"
