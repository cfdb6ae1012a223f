"""Body management screens (机关管理): the tree, bodies, people and roles, and the import.

Who may do what is decided by ``selectors.body_ids_managed_by`` and ``body_may_manage`` alone:
a superuser manages every body, a 机关管理员 the subtree below its body, anybody else nothing
(403). Every write goes through a service with ``actor=request.user``.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.organizations.forms import (
    BodyForm,
    ImportForm,
    RevokeForm,
    RoleGrantForm,
    UserCreateForm,
)
from gongkai.organizations.imports import (
    COLUMNS,
    MAX_ROWS,
    ImportFileError,
    ImportPlan,
    plan_import,
    read_table,
    template_csv,
)
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import (
    bodies_managed_by,
    body_get_for_manager,
    body_ids_managed_by,
    body_may_manage,
    body_people,
    body_subtree_ids,
    body_tree_for_manager,
    membership_get_for_manager,
)
from gongkai.organizations.services import (
    STALE_MESSAGE,
    BodyChangedError,
    body_create,
    body_import_apply,
    body_update,
    membership_grant,
    membership_revoke,
    user_create_in_body,
)

DUPLICATE_NAME = "同一上级机关下已有同名机关。"
TEMPLATE_NAME = "机关导入模板.csv"
IMPORT_RACE = "导入期间机关数据已被他人修改，未导入任何机关，请重新导入。"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _posted(request: HttpRequest) -> QueryDict | None:
    """A form's data on POST (an empty POST binds the form too), ``None`` on GET."""
    return request.POST if request.method == "POST" else None


def _managed_or_403(user: User) -> set[int] | None:
    managed = body_ids_managed_by(user=user)
    if managed is not None and not managed:
        raise PermissionDenied
    return managed


def _add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@login_required
@require_safe
def tree(request: HttpRequest) -> HttpResponse:
    """The bodies the user manages, as an indented tree with their people counts."""
    managed = _managed_or_403(_user(request))
    nodes = body_tree_for_manager(managed_ids=managed)
    return render(
        request, "organizations/tree.html", {"nodes": nodes, "may_create_top": managed is None}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_new(request: HttpRequest) -> HttpResponse:
    """Create a body under one the user manages (at the top: superusers only)."""
    user = _user(request)
    managed = _managed_or_403(user)
    parents = bodies_managed_by(managed_ids=managed)
    initial = {}
    if request.GET.get("parent", "").isdigit():
        parent_id = int(request.GET["parent"])
        if body_may_manage(managed_ids=managed, body_id=parent_id):
            initial["parent"] = parent_id
    form = BodyForm(
        _posted(request),
        initial=initial,
        parents=parents,
        parent_required=managed is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            body = body_create(**form.changes(), actor=user)  # type: ignore[arg-type]
        except ValidationError as error:
            _add_service_errors(form, error)
        except IntegrityError:
            form.add_error("name", DUPLICATE_NAME)
        else:
            messages.success(request, f"已新建机关「{body.name}」。")
            return redirect("organizations:tree")
    return render(request, "organizations/body_form.html", {"form": form, "body": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    """Edit a body's record; moving it is limited to the user's range and refused for cycles."""
    user = _user(request)
    body, managed = body_get_for_manager(user=user, body_id=body_id)
    parents = bodies_managed_by(managed_ids=managed).exclude(pk__in=body_subtree_ids(body=body))
    locked = not body_may_manage(managed_ids=managed, body_id=body.parent_id)
    if locked:
        parents = Body.objects.filter(pk__in=[body.parent_id] if body.parent_id else [])
    form = BodyForm(
        _posted(request),
        parents=parents,
        parent_required=managed is not None and not locked,
        parent_locked=locked,
        body=body,
    )
    if request.method == "POST" and form.is_valid():
        try:
            body_update(
                body=body,
                changes=form.changes(),
                actor=user,
                expected_updated_at=form.expected_updated_at(),
            )
        except BodyChangedError:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            _add_service_errors(form, error)
        except IntegrityError:
            form.add_error("name", DUPLICATE_NAME)
        else:
            messages.success(request, f"已保存机关「{form.cleaned_data['name']}」。")
            return redirect("organizations:tree")
    return render(request, "organizations/body_form.html", {"form": form, "body": body})


@login_required
@require_safe
def people(request: HttpRequest, body_id: int) -> HttpResponse:
    """The people of a body with their roles there."""
    user = _user(request)
    body, _ = body_get_for_manager(user=user, body_id=body_id)
    memberships = list(body_people(body=body))
    rows: dict[int, tuple[User, list[Membership]]] = {}
    for membership in memberships:
        rows.setdefault(membership.user_id, (membership.user, []))[1].append(membership)
    context = {"body": body, "rows": list(rows.values())}
    return render(request, "organizations/people.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_new(request: HttpRequest, body_id: int) -> HttpResponse:
    """Create a person with an initial password and a first role in the body."""
    user = _user(request)
    body, _ = body_get_for_manager(user=user, body_id=body_id)
    form = UserCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = user_create_in_body(
                body=body,
                role=data["role"],
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                email=data["email"],
                actor=user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except IntegrityError:
            form.add_error("username", "该用户名已被使用，请换一个。")
        else:
            messages.success(
                request,
                f"已新建用户「{membership.user.username}」，并授予{membership.get_role_display()}角色。",
            )
            return redirect("organizations:people", body_id=body.pk)
    return render(request, "organizations/person_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def role_grant(request: HttpRequest, body_id: int) -> HttpResponse:
    """Give an existing person a role in the body."""
    user = _user(request)
    body, _ = body_get_for_manager(user=user, body_id=body_id)
    form = RoleGrantForm(_posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        membership = membership_grant(
            user=form.user, body=body, role=form.cleaned_data["role"], actor=user
        )
        messages.success(request, f"已授予「{form.user}」{membership.get_role_display()}角色。")
        return redirect("organizations:people", body_id=body.pk)
    return render(request, "organizations/grant_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def role_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Confirm, then take a role away; a 机关管理员 cannot take its own admin role away."""
    user = _user(request)
    membership = membership_get_for_manager(user=user, membership_id=membership_id)
    form = RevokeForm(_posted(request))
    own_admin = (
        membership.user_id == user.pk
        and membership.role == Role.BODY_ADMIN
        and not user.is_superuser
    )
    if own_admin:
        form.add_error(None, "不能撤销自己的机关管理员角色，请联系上级机关管理员或系统管理员。")
    elif request.method == "POST" and form.is_valid():
        body_id = membership.body_id
        text = f"已撤销「{membership.user}」的{membership.get_role_display()}角色。"
        membership_revoke(membership=membership, actor=user)
        messages.success(request, text)
        return redirect("organizations:people", body_id=body_id)
    context = {"form": form, "membership": membership, "blocked": own_admin}
    return render(request, "organizations/revoke_confirm.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_bodies(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX file: every bad row is reported and nothing imported, or all of it."""
    user = _user(request)
    managed = _managed_or_403(user)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    plan: ImportPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name or "")
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            plan = plan_import(table, managed_ids=managed)
            if plan.ok and not form.cleaned_data["dry_run"]:
                try:
                    body_import_apply(plan=plan, actor=user)
                except (ValidationError, IntegrityError):
                    form.add_error(None, IMPORT_RACE)
                else:
                    messages.success(request, f"导入完成：{plan.summary()}。")
                    return redirect("organizations:import")
    context = {
        "form": form,
        "plan": plan,
        "columns": COLUMNS,
        "max_rows": MAX_ROWS,
        "dry_run": bool(form.is_bound and form.cleaned_data.get("dry_run")),
    }
    return render(request, "organizations/import.html", context)


@login_required
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template: the header and one example row, UTF-8 with BOM."""
    _managed_or_403(_user(request))
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename=\"bodies-template.csv\"; filename*=UTF-8''{quote(TEMPLATE_NAME)}"
    )
    return response
