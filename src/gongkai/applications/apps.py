from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def calendar_year_changed(sender: type[Any], **kwargs: Any) -> None:
    """Receiver for ``post_save`` and ``post_delete`` of ``CalendarYear``.

    Forgets the shown calendar now (this transaction's own pages) and again once the change
    commits (a page read in between may have remembered the rows without it).
    """
    from gongkai.applications.selectors import work_calendar_forget

    work_calendar_forget()
    transaction.on_commit(work_calendar_forget, using=kwargs.get("using"))


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def import_models(self) -> None:
        super().import_models()
        import_module(f"{self.name}.models_letters")  # letters live in their own module

    def ready(self) -> None:
        calendar_year = self.get_model("CalendarYear")
        post_save.connect(
            calendar_year_changed, sender=calendar_year, dispatch_uid="applications.calendar_saved"
        )
        post_delete.connect(
            calendar_year_changed,
            sender=calendar_year,
            dispatch_uid="applications.calendar_deleted",
        )
