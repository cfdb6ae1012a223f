"""The state machine of a case, as data: which action moves a case from where to where, and who may.

Each action has exactly one service in ``services.py`` that locks the case, looks its action up
here, checks the current status and the actor's role in the case's body, and writes the change.
Actions whose ``target`` is ``None`` keep the status (ledger entries of 办理, notes, assignment).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import OPEN_STATUSES, Status
from gongkai.organizations.models import Role

#: The applicant, acting through the tracking page with the 查询码 (not a staff role).
APPLICANT = "申请人"

HANDLERS = (Role.CLERK, Role.BODY_ADMIN)


@dataclass(frozen=True)
class Transition:
    """One action: the statuses it starts from, the status it leads to, who may take it."""

    action: str
    label: str
    sources: tuple[Status, ...]
    target: Status | None
    roles: tuple[str, ...]


TRANSITIONS: tuple[Transition, ...] = (
    Transition("register", "确认收到（登记）", (Status.REGISTERED,), Status.REVIEW, HANDLERS),
    Transition("request_correction", "告知补正", (Status.REVIEW,), Status.CORRECTION, HANDLERS),
    Transition("accept", "转入办理", (Status.REVIEW,), Status.PROCESSING, HANDLERS),
    Transition(
        "receive_correction", "登记收到补正", (Status.CORRECTION,), Status.PROCESSING, HANDLERS
    ),
    Transition("correct_online", "网上补正", (Status.CORRECTION,), Status.PROCESSING, (APPLICANT,)),
    Transition("lapse", "逾期未补正，不再处理", (Status.CORRECTION,), Status.LAPSED, HANDLERS),
    Transition("consultation_start", "开始征求意见", (Status.PROCESSING,), None, HANDLERS),
    Transition("consultation_end", "征求意见结束", (Status.PROCESSING,), None, HANDLERS),
    Transition("extend", "延长答复期限", (Status.PROCESSING,), None, HANDLERS),
    Transition("fee_notice", "发出收费通知", (Status.PROCESSING,), None, HANDLERS),
    Transition("fee_paid", "登记缴费", (Status.PROCESSING,), None, HANDLERS),
    Transition(
        "fee_lapse", "逾期未缴费，不再处理", (Status.PROCESSING,), Status.FEE_LAPSED, HANDLERS
    ),
    Transition("delay", "确定延迟答复期限（第三十五条）", (Status.PROCESSING,), None, HANDLERS),
    Transition(
        "transfer",
        "转办至平台内其他机关",
        (Status.REGISTERED, Status.REVIEW, Status.PROCESSING),
        None,
        HANDLERS,
    ),
    Transition(
        "draft_reply",
        "拟写答复",
        (Status.REVIEW, Status.PROCESSING),
        Status.REPLY_REVIEW,
        HANDLERS,
    ),
    Transition(
        "approve_reply", "审核通过", (Status.REPLY_REVIEW,), Status.REPLY_SIGN, (Role.REVIEWER,)
    ),
    Transition(
        "sign_reply", "审发签发", (Status.REPLY_SIGN,), Status.REPLY_SIGNED, (Role.APPROVER,)
    ),
    Transition(
        "return_reply",
        "退回修改",
        (Status.REPLY_REVIEW, Status.REPLY_SIGN),
        Status.PROCESSING,
        (Role.REVIEWER, Role.APPROVER),
    ),
    Transition("deliver", "登记送达", (Status.REPLY_SIGNED,), Status.DELIVERED, HANDLERS),
    Transition(
        "archive",
        "归档",
        (Status.DELIVERED, Status.LAPSED, Status.FEE_LAPSED, Status.WITHDRAWN),
        Status.ARCHIVED,
        HANDLERS,
    ),
    Transition(
        "withdraw",
        "撤回申请",
        (Status.REGISTERED, Status.REVIEW, Status.CORRECTION, Status.PROCESSING),
        Status.WITHDRAWN,
        (APPLICANT,),
    ),
    Transition(
        "assign",
        "分配经办人",
        OPEN_STATUSES,
        None,
        (Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN),
    ),
    Transition(
        "note",
        "内部备注",
        tuple(Status),
        None,
        (Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN),
    ),
)

TRANSITIONS_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}


def transition_get(action: str) -> Transition:
    """The transition named ``action`` (``KeyError`` for an unknown name: a programming error)."""
    return TRANSITIONS_BY_ACTION[action]


def actions_allowed(*, status: str, roles: frozenset[str]) -> list[Transition]:
    """The actions a person with ``roles`` may take on a case in ``status``, in table order."""
    return [
        transition
        for transition in TRANSITIONS
        if status in transition.sources and roles.intersection(transition.roles)
    ]
