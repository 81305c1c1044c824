from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rongcuo.evaluation"
    label = "evaluation"
    verbose_name = "案卷评查"
