from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rongcuo.api"
    label = "api"
    verbose_name = "接口"

    def ready(self) -> None:
        from rongcuo.api import auth

        auth.connect_lockout()
