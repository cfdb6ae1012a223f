from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        import gongkai.search.receivers  # noqa: F401  (entries follow their publications)
