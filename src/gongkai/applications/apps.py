from importlib import import_module

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def import_models(self) -> None:
        super().import_models()
        import_module(f"{self.name}.models_letters")  # letters live in their own module
