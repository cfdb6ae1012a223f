"""The state machine of a publication (三级审查), as data: which action moves an item from where
to where, and who may.

Each action has exactly one service in ``services.py`` that locks the item, looks its action up
here, checks the current status, the version and the actor's role in the item's body, and writes
the change with a version snapshot where the content changed and an audit event.
``target`` ``None`` means the service decides among several (审发: 已发布, 待发布 or 已审定).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.organizations.models import Role
from gongkai.publications.models import ReviewStage, Status

#: The platform itself (the scheduled-publication task), not a person.
SYSTEM = "系统"

HANDLERS = (Role.CLERK, Role.BODY_ADMIN)


@dataclass(frozen=True)
class Transition:
    """One action: the statuses it starts from, the status it leads to, who may take it."""

    action: str
    label: str
    sources: tuple[Status, ...]
    target: Status | None
    roles: tuple[str, ...]
    stage: ReviewStage | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition("edit", "修改", (Status.DRAFT,), Status.DRAFT, HANDLERS),
    Transition("submit", "提交初审", (Status.DRAFT,), Status.FIRST_REVIEW, HANDLERS),
    Transition(
        "first_approve",
        "初审通过",
        (Status.FIRST_REVIEW,),
        Status.REVIEW,
        (Role.CLERK,),
        ReviewStage.FIRST,
    ),
    Transition(
        "review_approve",
        "审核通过",
        (Status.REVIEW,),
        Status.SIGN,
        (Role.REVIEWER,),
        ReviewStage.REVIEW,
    ),
    Transition(
        "sign",
        "审发",
        (Status.SIGN,),
        None,  # 已发布, 待发布 (scheduled) or 已审定（不上网）
        (Role.APPROVER,),
        ReviewStage.SIGN,
    ),
    Transition(
        "return",
        "退回修改",
        (Status.FIRST_REVIEW, Status.REVIEW, Status.SIGN),
        Status.DRAFT,
        (Role.CLERK, Role.REVIEWER, Role.APPROVER),
    ),
    Transition("publish_due", "定时发布", (Status.SCHEDULED,), Status.PUBLISHED, (SYSTEM,)),
    Transition(
        "withdraw",
        "撤稿",
        (Status.SCHEDULED, Status.PUBLISHED),
        Status.WITHDRAWN,
        (Role.APPROVER, Role.BODY_ADMIN),
    ),
    Transition("validity", "变更有效性", (Status.PUBLISHED, Status.FILED), None, HANDLERS),
    Transition("attach", "上传附件", (Status.DRAFT,), None, HANDLERS),
    Transition("detach", "删除附件", (Status.DRAFT,), None, HANDLERS),
    Transition("release", "登记其他渠道发布", (Status.PUBLISHED,), None, HANDLERS),
)

TRANSITIONS_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

#: Who may 退回 at which review status (the stage's own approver only).
RETURN_ROLES = {
    Status.FIRST_REVIEW: (Role.CLERK,),
    Status.REVIEW: (Role.REVIEWER,),
    Status.SIGN: (Role.APPROVER,),
}

#: The approving action of each review status.
APPROVE_ACTION = {
    Status.FIRST_REVIEW: "first_approve",
    Status.REVIEW: "review_approve",
    Status.SIGN: "sign",
}


def transition_get(action: str) -> Transition:
    """The transition named ``action`` (``KeyError`` for an unknown name: a programming error)."""
    return TRANSITIONS_BY_ACTION[action]


def roles_for(transition: Transition, status: str) -> tuple[str, ...]:
    """The roles that may take ``transition`` from ``status`` (退回 depends on the stage)."""
    if transition.action == "return":
        return RETURN_ROLES.get(Status(status), ())
    return transition.roles


def actions_allowed(*, status: str, roles: frozenset[str]) -> list[Transition]:
    """The actions a person with ``roles`` may take on an item in ``status``, in table order."""
    return [
        transition
        for transition in TRANSITIONS
        if status in transition.sources and roles.intersection(roles_for(transition, status))
    ]
