from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "gongkai.ledgers"
    verbose_name = "主动公开台账"
