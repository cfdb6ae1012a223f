"""Forms of the bulk recording of releases on a body's other channels (they parse input; the
services decide and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.publications.models import Channel, Publication


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ItemChoice(forms.ModelMultipleChoiceField[Publication]):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Publication)
        day = obj.published_on.isoformat() if obj.published_on else "—"
        return f"{obj.index_number} {obj.title}（{day}）"


class BulkReleaseForm(forms.Form):
    """Several published items of the body, one channel, one day."""

    publications = ItemChoice(
        label="已发布的信息",
        queryset=Publication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请至少选择一条已发布的信息。",
            "invalid_choice": "所选信息不在列表中，请刷新后重新选择。",
            "invalid_pk_value": "所选信息不在列表中，请刷新后重新选择。",
        },
    )
    channel = forms.ModelChoiceField(
        label="渠道",
        queryset=Channel.objects.none(),
        error_messages={
            "required": "请选择渠道。",
            "invalid_choice": "请选择本机关使用中的渠道。",
        },
    )
    released_on = forms.DateField(
        label="发布日期",
        widget=DateInput(),
        error_messages={
            "required": "请填写发布日期。",
            "invalid": "请填写正确的日期（年-月-日）。",
        },
    )

    def __init__(
        self,
        *args: Any,
        items: QuerySet[Publication],
        channels: QuerySet[Channel],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        item_field = self.fields["publications"]
        assert isinstance(item_field, forms.ModelMultipleChoiceField)
        item_field.queryset = items
        channel_field = self.fields["channel"]
        assert isinstance(channel_field, forms.ModelChoiceField)
        channel_field.queryset = channels
