"""Forms of the body management screens: Chinese labels and messages, no writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from gongkai.organizations.imports import MAX_BYTES, POSTCODE_MESSAGE
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.services import BODY_EDITABLE_FIELDS

BODY_FORM_FIELDS = BODY_EDITABLE_FIELDS


class ParentChoiceField(forms.ModelChoiceField[Body]):
    """A parent body, shown with its own parent so equal names can be told apart."""

    def label_from_instance(self, obj: Body) -> str:
        return f"{obj.name}（{obj.parent.name}）" if obj.parent else obj.name


class BodyForm(forms.Form):
    """All fields of a body; ``parents`` are the bodies it may be put under.

    ``parent_locked`` shows the parent without letting it change (a 机关管理员 editing the top
    of its own range). ``updated_at`` carries the version the editor loaded.
    """

    def __init__(
        self,
        *args: Any,
        parents: QuerySet[Body],
        parent_required: bool,
        parent_locked: bool = False,
        body: Body | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        own = ("parent", "website")  # built below, not from the model
        generated = forms.fields_for_model(
            Body, fields=[name for name in BODY_FORM_FIELDS if name not in own]
        )
        for name in BODY_FORM_FIELDS:
            self.fields[name] = generated.get(name) or forms.Field()
        self.fields["parent"] = ParentChoiceField(
            queryset=parents.select_related("parent"),
            required=parent_required,
            disabled=parent_locked,
            label="上级机关",
            empty_label="（无，顶级机关）" if not parent_required else "请选择上级机关",
        )
        self.fields["postcode"].validators.append(RegexValidator(r"^[0-9]{6}$", POSTCODE_MESSAGE))
        self.fields["postcode"].help_text = "6位数字"
        self.fields["website"] = forms.URLField(
            label="网站", required=False, max_length=200, assume_scheme="https"
        )
        if parent_locked:
            self.fields["parent"].help_text = "本机关是您管理范围的最上级，不能调整上级机关。"
        if body is not None:
            self.fields["updated_at"] = forms.CharField(widget=forms.HiddenInput, required=False)
            if not self.is_bound:
                self.initial = {
                    **{name: getattr(body, name) for name in BODY_FORM_FIELDS},
                    "updated_at": body.updated_at.isoformat(),
                }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = cleaned.get("name")
        if name and "parent" not in self.errors:
            parent = cleaned.get("parent")
            siblings = Body.objects.filter(name=name, parent=parent)
            if self.body is not None:
                siblings = siblings.exclude(pk=self.body.pk)
            if siblings.exists():
                where = f"上级机关「{parent.name}」下" if parent else "顶级机关中"
                self.add_error("name", f"{where}已有名为「{name}」的机关。")
        return cleaned

    def changes(self) -> dict[str, object]:
        """The body's fields as entered (a locked parent left out)."""
        return {
            name: self.cleaned_data[name]
            for name in BODY_FORM_FIELDS
            if not self.fields[name].disabled
        }

    def expected_updated_at(self) -> datetime:
        """The version the editor loaded (a garbled one never matches, so the save is refused)."""
        try:
            return datetime.fromisoformat(str(self.cleaned_data.get("updated_at", "")))
        except ValueError:
            return datetime.min


PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要{min_length}个字符。",
    "password_too_common": "这个密码太常见了。",
    "password_entirely_numeric": "密码不能全是数字。",
    "password_too_similar": "密码与用户名、姓名或电子邮箱过于相近。",
}


def _password_message(error: ValidationError) -> str:
    """Django's password validator message in Chinese (some have no zh-hans translation)."""
    template = PASSWORD_MESSAGES.get(error.code or "")
    if template is None:
        return " ".join(error.messages)
    return template.format(**(error.params or {}))


class UserCreateForm(forms.Form):
    """A new person with an initial password and a first role in the body."""

    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="登录用，不超过150个字符，可用字母、数字和 @ . + - _ 。",
    )
    full_name = forms.CharField(label="姓名", max_length=100, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于找回密码。")
    role = forms.ChoiceField(label="在本机关的角色", choices=Role.choices)
    password1 = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少10位，不能全是数字，不能过于常见或与用户名相近。请当面或电话告知本人。",
    )
    password2 = forms.CharField(
        label="再次输入初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("该用户名已被使用，请换一个。")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif password1:
            probe = User(
                username=cleaned.get("username", ""),
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password1, user=probe)
            except ValidationError as error:
                self.add_error("password1", [_password_message(e) for e in error.error_list])
        return cleaned


class RoleGrantForm(forms.Form):
    """Give an existing person (by exact username) a role in the body."""

    username = forms.CharField(
        label="用户名", max_length=150, help_text="已有用户的用户名，须完全一致。"
    )
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        self.user: User | None = None

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        self.user = User.objects.filter(username=username, is_active=True).first()
        if self.user is None:
            raise ValidationError("找不到该用户，请核对用户名；新人员请先新建用户。")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if self.user is not None and role:
            held = Membership.objects.filter(user=self.user, body=self.body, role=role)
            if held.exists():
                self.add_error("role", "该用户在本机关已担任此角色。")
        return cleaned


class RevokeForm(forms.Form):
    """The confirmation of taking a role away."""

    confirm = forms.BooleanField(label="确认撤销该角色", required=True)


class ImportForm(forms.Form):
    """The file to import and whether only to check it."""

    file = forms.FileField(
        label="文件",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的。"},
        help_text=(
            "CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx，读取第一个工作表），不超过5 MB、2万行。"
        ),
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请分批导入。")
        return upload
