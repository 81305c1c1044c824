from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rongcuo.core"
    label = "core"
    verbose_name = "基础数据与留痕"
