from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rongcuo.notifications"
    label = "notifications"
    verbose_name = "提醒"
