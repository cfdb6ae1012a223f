"""What a backup holds and how rows are written: Django's JSON serialization, engine-neutral.

Every concrete model of every installed app is saved — users with their password hashes, groups,
bodies, memberships, audit events, the portal's directory version — except:

- ``contenttypes.contenttype`` and ``auth.permission``: ``migrate`` creates them in every database,
  with ids that differ between databases; rows pointing at them are written with natural keys
  (``["add_body", "organizations", "body"]``) and found again by those keys;
- ``sessions.session``: a restore signs everybody out (sessions belong to the old installation and
  its ``SECRET_KEY``);
- ``django_tasks_database.dbtaskresult``: the task queue and its results are transient. Running
  old queued jobs again on a restored copy would send reminders a second time; the daily trigger
  enqueues the day's jobs anew.

Primary keys are kept (links, audit events and exports name records by id). Date-times are written
with their microseconds (Django's encoder would cut them to milliseconds).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import sort_dependencies
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import models

EXCLUDED_MODELS = {
    "contenttypes.contenttype": "由 migrate 在每个数据库中生成，按自然键引用",
    "auth.permission": "由 migrate 在每个数据库中生成，按自然键引用",
    "sessions.session": "登录会话不随备份迁移，恢复后所有人需重新登录",
    "django_tasks_database.dbtaskresult": "任务队列和执行结果是临时数据，每日任务会重新排队",
}
CLEARED_WITH_REPLACE = ("sessions.session", "django_tasks_database.dbtaskresult")
# Rows that ``migrate`` itself writes: they do not make a database "not empty" for a restore, and
# the restore replaces them with the backup's.
SEEDED_BY_MIGRATE = {"portal.directoryversion"}


def backup_models() -> list[type[models.Model]]:
    """The models a backup holds, ordered so that natural-key targets come first."""
    app_list = []
    for app_config in apps.get_app_configs():
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in EXCLUDED_MODELS
        ]
        if chosen:
            app_list.append((app_config, chosen))
    return sort_dependencies(app_list, allow_cycles=True)


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def m2m_tables(model: type[models.Model]) -> list[type[models.Model]]:
    """The auto-created many-to-many tables whose rows the model's serialization carries."""
    tables = []
    for field in model._meta.local_many_to_many:
        through: type[models.Model] = field.remote_field.through  # type: ignore[assignment]
        if through._meta.auto_created:
            tables.append(through)
    return tables


def _natural_key_models() -> tuple[type[models.Model], ...]:
    return (ContentType, Permission)


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder, keeping the microseconds of times and date-times."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupSerializer(JsonSerializer):
    """JSON rows with primary keys; references to content types and permissions by natural key.

    Many-to-many values come from ``m2m_values`` (read beforehand, one query per table) instead of
    one query, or one prefetch-built queryset, per row.
    """

    m2m_values: dict[str, dict[Any, list[Any]]]
    _current: dict[str, Any]  # the row being written (Django's python serializer)
    json_kwargs: dict[str, Any]

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model in _natural_key_models()
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        if field.name in self.m2m_values:
            self._current[field.name] = self.m2m_values[field.name].get(obj.pk, [])

    def end_object(self, obj: models.Model) -> None:
        # Django's version calls json.dump, which always runs the pure-Python encoder;
        # json.dumps uses the C encoder: the same text, several times faster.
        self.stream.write("\n" if self.first else ",\n")
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))


def m2m_values(model: type[models.Model], *, using: str) -> dict[str, dict[Any, list[Any]]]:
    """For each auto-created many-to-many field: source pk → related pks (natural keys for
    content types and permissions), in a stable order."""
    values: dict[str, dict[Any, list[Any]]] = {}
    for field in model._meta.local_many_to_many:
        through: type[models.Model] = field.remote_field.through  # type: ignore[assignment]
        if not through._meta.auto_created:
            continue
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        source_id = through._meta.get_field(source).attname  # type: ignore[union-attr]
        target_id = through._meta.get_field(target).attname  # type: ignore[union-attr]
        rows = through._base_manager.using(using).order_by(source_id, target_id)
        links: dict[Any, list[Any]] = {}
        if field.remote_field.model in _natural_key_models():
            related = (
                f"{target}__content_type" if field.remote_field.model is Permission else target
            )
            for row in rows.select_related(related).iterator(chunk_size=2000):
                key = getattr(row, target).natural_key()
                links.setdefault(getattr(row, source_id), []).append(list(key))
        else:
            for source_pk, target_pk in rows.values_list(source_id, target_id).iterator():
                links.setdefault(source_pk, []).append(target_pk)
        values[field.name] = links
    return values


def model_rows(model: type[models.Model], *, using: str) -> models.QuerySet[Any]:
    """All rows of ``model`` by primary key."""
    return model._base_manager.using(using).order_by(model._meta.pk.name)


def model_write(model: type[models.Model], stream: IO[str], *, using: str) -> int:
    """Write every row of ``model`` to ``stream`` as a JSON array; return the number of rows."""
    count = 0

    def counted() -> Iterator[models.Model]:
        nonlocal count
        for row in model_rows(model, using=using).iterator(chunk_size=2000):
            count += 1
            yield row

    serializer = BackupSerializer()
    serializer.m2m_values = m2m_values(model, using=using)
    serializer.serialize(
        counted(),
        stream=stream,
        use_natural_foreign_keys=True,
        cls=FullPrecisionEncoder,
        sort_keys=True,
    )
    return count
