"""Forms of the 主动公开 workspace: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django_prose_editor.widgets import ProseEditorWidget

from gongkai.law.proactive import (
    ARTICLE_20_ITEMS,
    COUNTY,
    LOCAL_ITEMS,
    TOWNSHIP,
    WITHHOLDING_REASONS,
)
from gongkai.organizations.models import Body, BodyKind
from gongkai.publications.models import (
    Channel,
    ChannelKind,
    Disclosure,
    Publication,
    Secrecy,
    TopicCategory,
    Validity,
)
from gongkai.publications.services import PublicationDraft

#: The 第二十一条 items binding each kind of body (乡镇; 县级及以上 governments, departments).
LOCAL_LEVELS = {
    BodyKind.TOWNSHIP: TOWNSHIP,
    BodyKind.GOVERNMENT: COUNTY,
    BodyKind.DEPARTMENT: COUNTY,
}


def item_choices(body_kind: str) -> list[tuple[str, str]]:
    """第二十条, and the local items of 第二十一条 that bind the body, each with its article."""
    level = LOCAL_LEVELS.get(BodyKind(body_kind)) if body_kind in BodyKind.values else None
    items = [*ARTICLE_20_ITEMS, *(item for item in LOCAL_ITEMS if item.level == level)]
    return [("", "（不属于列举事项）")] + [
        (item.code, f"{item.label}（{item.article}）") for item in items
    ]


def reason_choices() -> list[tuple[str, str]]:
    return [("", "（主动公开或依申请公开时不填）")] + [
        (reason.code, f"{reason.label}（{reason.article}）") for reason in WITHHOLDING_REASONS
    ]


#: The rich-text editor's extensions (django-prose-editor, Tiptap): exactly the elements that
#: ``gongkai.publishing.sanitize.ALLOWED_TAGS`` keeps, so the editor neither offers what saving
#: would remove nor drops stored content it cannot show. The sanitizer stays the authority: the
#: editor's output (or the plain textarea's, without JavaScript) is sanitized again on save.
RICH_TEXT_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
}


class RichTextEditor(ProseEditorWidget):  # type: ignore[misc]
    """A ``<textarea>`` that the editor's scripts (served from /static/) turn into the editor.

    Without JavaScript it stays a plain textarea of HTML. ``publications/rich_text.js`` gives the
    toolbar and dialogs Chinese words and the editing area the field's label as its name.
    """

    def __init__(self, rows: int) -> None:
        super().__init__(
            attrs={"rows": rows},
            config={"extensions": RICH_TEXT_EXTENSIONS},
            preset="configurable",
        )

    @property
    def media(self) -> forms.Media:
        media: forms.Media = forms.Media(js=["publications/rich_text.js"]) + super().media
        return media


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PublicationForm(forms.Form):
    """The catalogue fields and the text of one item."""

    title = forms.CharField(label="标题", max_length=300)
    issuer = forms.CharField(
        label="发布机构", max_length=200, required=False, help_text="留空则为本机关名称。"
    )
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    written_on = forms.DateField(label="成文日期", required=False, widget=DateInput())
    formed_on = forms.DateField(
        label="形成或变更日期",
        widget=DateInput(),
        help_text="第二十六条：自该日起20个工作日内公开。",
    )
    topic = forms.ModelChoiceField(
        label="主题分类", queryset=TopicCategory.objects.none(), required=False
    )
    article_item = forms.ChoiceField(label="公开事项（第二十条等）", required=False)
    disclosure = forms.ChoiceField(label="公开属性", choices=Disclosure.choices)
    withholding_reason = forms.ChoiceField(label="不予公开的理由及依据", required=False)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea({"rows": 3}))
    body_html = forms.CharField(
        label="正文",
        required=False,
        widget=RichTextEditor(14),
        help_text=(
            "可使用段落、标题、列表、引用、表格、链接和图片（工具栏或 Ctrl+B 等快捷键）；"
            "保存时会清除其他标记和脚本。"
        ),
    )
    interprets = forms.ModelMultipleChoiceField(
        label="解读的政策文件（政策解读时选择）",
        queryset=Publication.objects.none(),
        required=False,
        widget=forms.SelectMultiple({"size": 5}),
    )

    def __init__(
        self,
        *args: Any,
        body: Body,
        topics: QuerySet[TopicCategory],
        policies: QuerySet[Publication],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = topics
        policy_field = self.fields["interprets"]
        assert isinstance(policy_field, forms.ModelMultipleChoiceField)
        policy_field.queryset = policies
        item_field = self.fields["article_item"]
        assert isinstance(item_field, forms.ChoiceField)
        item_field.choices = item_choices(body.kind)
        reason_field = self.fields["withholding_reason"]
        assert isinstance(reason_field, forms.ChoiceField)
        reason_field.choices = reason_choices()

    def draft(self) -> PublicationDraft:
        data = self.cleaned_data
        return PublicationDraft(
            title=data["title"],
            issuer=data["issuer"],
            document_number=data["document_number"],
            written_on=data["written_on"],
            formed_on=data["formed_on"],
            topic=data["topic"],
            article_item=data["article_item"],
            disclosure=data["disclosure"],
            withholding_reason=data["withholding_reason"],
            summary=data["summary"],
            body_html=data["body_html"],
            interprets=tuple(data["interprets"]),
        )


def initial_from(publication: Publication) -> dict[str, Any]:
    """The form's initial values from a stored item."""
    return {
        "title": publication.title,
        "issuer": publication.issuer,
        "document_number": publication.document_number,
        "written_on": publication.written_on,
        "formed_on": publication.formed_on,
        "topic": publication.topic_id,
        "article_item": publication.article_item,
        "disclosure": publication.disclosure,
        "withholding_reason": publication.withholding_reason,
        "summary": publication.summary,
        "body_html": publication.body_html,
        "interprets": list(publication.interprets.values_list("pk", flat=True)),
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        help_text=(
            "PDF、DOCX、XLSX 或 PNG/JPEG/GIF/WebP 图片，按文件内容检查类型；"
            "不接受含宏或脚本的文件。"
        ),
    )


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(
        label="渠道类型",
        choices=[(k, label) for k, label in ChannelKind.choices if k != ChannelKind.WEBSITE],
    )
    name = forms.CharField(label="名称", max_length=100, help_text="如政务新媒体账号名：幸福南郊")


class TopicForm(forms.Form):
    name = forms.CharField(label="主题分类名称", max_length=100)
    order = forms.IntegerField(label="顺序", min_value=0, max_value=999, initial=0)


class SettingsForm(forms.Form):
    index_code = forms.CharField(
        label="索引号机关代码",
        max_length=30,
        help_text="索引号的第一段，如 NJZ；修改后只影响以后生成的索引号。",
    )
    sensitive_words = forms.CharField(
        label="敏感词",
        required=False,
        widget=forms.Textarea({"rows": 8}),
        help_text="每行一个词；审查前的自动检查会提示正文和附件中出现的这些词。",
    )


class ReleaseForm(forms.Form):
    channel = forms.ModelChoiceField(label="渠道", queryset=Channel.objects.none())
    released_on = forms.DateField(label="发布日期", widget=DateInput())

    def __init__(self, *args: Any, channels: QuerySet[Channel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = channels


SECRECY_CHOICES = [("", "请选择"), *Secrecy.choices]
VALIDITY_CHOICES = Validity.choices


def form_errors_add(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class BodyPageForm(forms.Form):
    """A body's 信息公开指南 or 信息公开制度 (HTML, sanitized by the service)."""

    html = forms.CharField(
        label="页面内容",
        widget=RichTextEditor(20),
        help_text="可使用段落、标题、列表、引用、表格和链接；保存时会清除其他标记和脚本。",
    )
