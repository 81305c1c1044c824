from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rongcuo.cases"
    label = "cases"
    verbose_name = "容错纠错案件"

    def ready(self) -> None:
        from rongcuo.cases import projection  # noqa: F401  (recomputes due dates when holidays change)
