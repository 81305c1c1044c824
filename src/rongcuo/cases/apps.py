from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rongcuo.cases"
    label = "cases"
    verbose_name = "容错纠错案件"
