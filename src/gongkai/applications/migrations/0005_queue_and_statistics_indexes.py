"""Indexes for 500,000 cases: the work queue's order and table 三's columns.

``application_queue_order`` replaces ``application_queue`` (its first three columns): a page of the
work queue is read from the index alone. ``application_statistics`` holds every column table 三
counts, led by the closing date, so a year's table is a range of the index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_application_fee"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="application",
            name="application_queue",
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["body", "status", "due_on", "created_at", "id"],
                name="application_queue_order",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["body", "closed_on", "received_on", "applicant_kind", "outcome"],
                name="application_statistics",
            ),
        ),
    ]
