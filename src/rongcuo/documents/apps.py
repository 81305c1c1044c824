from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rongcuo.documents"
    label = "documents"
    verbose_name = "文书与卷宗"
