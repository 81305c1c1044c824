from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rongcuo.web"
    label = "web"
    verbose_name = "网页"
