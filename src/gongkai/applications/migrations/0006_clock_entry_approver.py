"""Extensions name their approver in their own column; the ledger note keeps only the reason.

Before, ``application_extend`` wrote ``经{name}批准`` or ``经{name}批准：{reason}`` into ``note``,
and the explanation read "负责人（经…批准：…）同意". A note in neither form (written by hand, as the
law core used to read it) was the approver's name alone.
"""

import re
from typing import Any

from django.db import migrations, models

APPROVED = re.compile(r"^经(?P<approver>.+?)批准(?:：(?P<reason>.*))?$", re.DOTALL)


def forwards(apps: Any, schema_editor: Any) -> None:
    ClockEntry = apps.get_model("applications", "ClockEntry")
    for entry in ClockEntry.objects.filter(kind="extended", approver="").order_by("id").iterator():
        note = entry.note.strip()
        found = APPROVED.match(note)
        if found:
            entry.approver = found.group("approver").strip()[:100]
            entry.note = (found.group("reason") or "").strip()
        else:
            entry.approver, entry.note = note[:100], ""
        entry.save(update_fields=["approver", "note"])


def backwards(apps: Any, schema_editor: Any) -> None:
    ClockEntry = apps.get_model("applications", "ClockEntry")
    for entry in ClockEntry.objects.filter(kind="extended").exclude(approver="").iterator():
        reason = entry.note.strip()
        entry.note = (f"经{entry.approver}批准" + (f"：{reason}" if reason else ""))[:300]
        entry.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_queue_and_statistics_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="clockentry",
            name="approver",
            field=models.CharField(blank=True, max_length=100, verbose_name="批准人"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
