"""Notices to approvers: the items waiting for the user's review (待我审核) and the e-mail sent
when an item reaches a review stage.

Who reviews at which stage is the state machine's (``workflow``): 待初审 → the body's 经办人,
待审核 → its 审核人, 待审发 → its 审发人 — the roles a person holds in exactly that body
(``Membership``), as the services check them. The list is read live, so an item leaves it as soon
as someone acts on it; the e-mail goes out once per stage reached, after the transaction commits,
to every active holder of the role who has an address (not the person who moved the item on).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from gongkai.organizations.models import Membership, User
from gongkai.publications.models import REVIEW_STATUSES, Publication, Status
from gongkai.publications.workflow import APPROVE_ACTION, transition_get

logger = logging.getLogger("gongkai.publications")

#: How many waiting items the workspace lists (the count covers all of them).
AWAITING_SHOWN = 20


def stage_roles(status: str) -> tuple[str, ...]:
    """The roles that approve an item in review status ``status`` (none for other statuses)."""
    action = APPROVE_ACTION.get(Status(status)) if status in Status.values else None
    return transition_get(action).roles if action is not None else ()


@dataclass(frozen=True)
class Awaiting:
    """The items waiting for one person's review: how many, and the oldest first few."""

    total: int
    items: tuple[Publication, ...]


def _awaiting_filter(user: User, memberships: Iterable[Membership] | None) -> Q | None:
    if not user.is_active:
        return None
    held: dict[str, set[int]] = defaultdict(set)
    pairs = (
        ((m.body_id, m.role) for m in memberships)
        if memberships is not None
        else Membership.objects.filter(user=user).values_list("body_id", "role")
    )
    for body_id, role in pairs:
        held[role].add(body_id)
    condition: Q | None = None
    for status in REVIEW_STATUSES:
        bodies = set().union(*(held[role] for role in stage_roles(status)))
        if bodies:
            part = Q(status=status, body_id__in=sorted(bodies))
            condition = part if condition is None else condition | part
    return condition


def awaiting_for_user(
    *,
    user: User,
    memberships: Iterable[Membership] | None = None,
    shown: int = AWAITING_SHOWN,
) -> Awaiting:
    """Items in the review stages the user approves in the user's bodies, oldest change first.

    At most three queries: the user's roles (none when the caller passes the user's
    ``memberships``), the count (none without a reviewing role), the first ``shown`` items with
    their bodies (none when nothing waits).
    """
    condition = _awaiting_filter(user, memberships)
    if condition is None:
        return Awaiting(total=0, items=())
    waiting: QuerySet[Publication] = Publication.objects.filter(condition)
    total = waiting.count()
    if not total:
        return Awaiting(total=0, items=())
    items = waiting.select_related("body").order_by("updated_at", "pk")[:shown]
    return Awaiting(total=total, items=tuple(items))


def _recipients(publication: Publication, exclude: User | None) -> list[str]:
    roles = stage_roles(publication.status)
    users = User.objects.filter(
        pk__in=Membership.objects.filter(body_id=publication.body_id, role__in=roles).values(
            "user_id"
        ),
        is_active=True,
    ).exclude(email="")
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.order_by("email").values_list("email", flat=True).distinct())


def approvers_notify(*, publication: Publication, actor: User | None) -> None:
    """After the transaction commits, e-mail the body's approvers of the item's new stage."""
    if publication.status not in REVIEW_STATUSES:
        return
    stage = Status(publication.status).label
    body_name = publication.body.name
    path = reverse(
        "publications:detail",
        kwargs={"body_id": publication.body_id, "publication_id": publication.pk},
    )
    subject = f"【政府信息公开】{stage}：{publication.title}"[:200]
    text = (
        f"{body_name}的主动公开信息“{publication.title}”（索引号 {publication.index_number}）"
        f"已{'提交' if publication.status == Status.FIRST_REVIEW else '流转'}至“{stage}”，"
        f"请登录政府信息公开平台工作台办理（{path}）。"
    )
    recipients = _recipients(publication, actor)
    if not recipients:
        return

    def send() -> None:
        messages = [mail.EmailMessage(subject=subject, body=text, to=[to]) for to in recipients]
        try:
            with mail.get_connection() as connection:
                sent = connection.send_messages(messages) or 0
        except Exception:  # the item moved on; a mail server down must not undo that
            logger.exception(
                "publication notice not sent",
                extra={"event": "publication_notice", "publication": publication.pk},
            )
            return
        logger.info(
            "publication notice sent",
            extra={"event": "publication_notice", "publication": publication.pk, "sent": sent},
        )

    transaction.on_commit(send)
