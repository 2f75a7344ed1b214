from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "mashangdu.tasks"
    verbose_name = "重点工作督办"
