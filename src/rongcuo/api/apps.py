from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rongcuo.api"
    label = "api"
    verbose_name = "接口"
