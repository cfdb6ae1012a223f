"""``manage.py calendar_year_import FILE.json``: enter a year's holiday arrangement from JSON.

The file holds one arrangement, or a list of them, in the shape of
``gongkai.law.calendar.arrangement_to_mapping``: ``{"year": 2027, "holidays": ["2027-01-01", …],
"make_up_workdays": […], "source": "国办发明电〔2026〕×号"}``. All years or none are saved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.applications.services import calendar_year_save
from gongkai.law.calendar import ArrangementError, arrangement_from_mapping


class Command(BaseCommand):
    help = "从JSON文件录入节假日安排（格式同 arrangement_to_mapping），并重新计算相关答复期限。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise CommandError(f"无法读取文件：{path}（{error.strerror}）") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"文件不是有效的JSON：{error}") from error
        items = data if isinstance(data, list) else [data]
        try:
            arrangements = [
                arrangement_from_mapping(item if isinstance(item, dict) else {}) for item in items
            ]
        except ArrangementError as error:
            raise CommandError(str(error)) from error
        try:
            with transaction.atomic():
                for arrangement in arrangements:
                    calendar_year_save(
                        actor=None,
                        year=arrangement.year,
                        holidays=sorted(arrangement.holidays),
                        make_up_workdays=sorted(arrangement.make_up_workdays),
                        source=arrangement.source,
                    )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        for arrangement in arrangements:
            self.stdout.write(
                f"已录入{arrangement.year}年节假日安排：放假{len(arrangement.holidays)}天，"
                f"调休上班{len(arrangement.make_up_workdays)}天。"
            )
