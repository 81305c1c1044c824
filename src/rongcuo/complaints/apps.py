from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "rongcuo.complaints"
    label = "complaints"
    verbose_name = "信访举报"
