from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "rongcuo.ledger"
    label = "ledger"
    verbose_name = "行政执法台账"
