"""Give every existing body its 政府网站专栏 channel (new bodies get it on creation)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

WEBSITE = "政府网站专栏"


def website_channels(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Body = apps.get_model("organizations", "Body")
    Channel = apps.get_model("publications", "Channel")
    have = set(Channel.objects.filter(kind=WEBSITE).values_list("body_id", flat=True))
    Channel.objects.bulk_create(
        [
            Channel(body_id=pk, kind=WEBSITE, name="政府信息公开专栏")
            for pk in Body.objects.values_list("pk", flat=True)
            if pk not in have
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_channels_items_reviews"),
        ("organizations", "0001_initial"),
    ]

    operations = [migrations.RunPython(website_channels, migrations.RunPython.noop)]
