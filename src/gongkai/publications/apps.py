from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    verbose_name = "主动公开"

    def ready(self) -> None:
        import gongkai.publications.signals  # noqa: F401  (every new body gets its 专栏)
