"""Demo cases: 南郊镇's 2021 applications as its annual report (seed 004) describes them.

The report prints 4 applications from 自然人 received in 2021: 2 answered 本机关不掌握相关政府
信息 (三（四）1), 1 不予处理 as 信访举报投诉类 (三（五）1), and 1 carried into 2022
(四、结转下年度继续办理; its text: "1件转接至2022年答复"). The cases are made through the real
services — intake, 审核, reply drafted, approved, signed, delivered — by three demo staff of
南郊镇, so their ledgers, timelines and audit events are real; only the dates are set in 2021.
The carried-over case is answered (予以公开) on 14 January 2022, within its limit, so the demo
holds no case overdue for years.

Dates are working days (checked against the 2021/2022 holiday arrangements by the services'
clock) and every reply is within 20 working days. Names, ID numbers and phone numbers are
invented. Loading is idempotent: a case already present (same body and request text) is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from gongkai.applications import services
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Delivery,
    IdType,
    InfoForm,
)
from gongkai.organizations.demo import DEMO_PASSWORD
from gongkai.organizations.models import Body, Role, User
from gongkai.organizations.services import membership_grant, user_create

DEMO_BODY = "南郊镇人民政府"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: Role


DEMO_STAFF = (
    DemoStaff("demo-nanjiao-jingban", "南郊镇演示经办人", Role.CLERK),
    DemoStaff("demo-nanjiao-shenhe", "南郊镇演示审核人", Role.REVIEWER),
    DemoStaff("demo-nanjiao-shenfa", "南郊镇演示审发人", Role.APPROVER),
)


@dataclass(frozen=True)
class DemoCase:
    """One application: who, what, when received, and how (and when) it was answered."""

    name: str
    id_number: str
    phone: str
    address: str
    description: str
    channel: Channel
    receipt_evidence: str
    received_on: date
    outcome: str
    reply: str
    delivered_on: date
    delivery_method: str


DEMO_CASES = (
    DemoCase(
        name="李建国",
        id_number="410305196803120316",
        phone="13803790316",
        address="南郊镇李庄村三组12号",
        description="申请公开李庄村1998年第二轮土地承包时的承包合同及土地承包经营权登记名册。",
        channel=Channel.IN_PERSON,
        receipt_evidence="申请人到镇政府政务服务大厅当面提交",
        received_on=date(2021, 3, 15),
        outcome="3.4.1",
        reply="经检索，本机关未制作、获取该信息，依据《条例》第三十六条第（四）项告知。",
        delivered_on=date(2021, 3, 29),
        delivery_method="当面领取",
    ),
    DemoCase(
        name="张秀英",
        id_number="410305197508260425",
        phone="13937920425",
        address="南郊镇张湾村六组5号",
        description="申请公开2018年张湾村至镇区道路拓宽工程的征地补偿标准及补偿款发放明细。",
        channel=Channel.REGISTERED_LETTER,
        receipt_evidence="挂号信，镇政府收发室签收",
        received_on=date(2021, 6, 8),
        outcome="3.4.1",
        reply="该工程由县交通运输部门实施，本机关不掌握该信息，已告知负责机关的名称和联系方式。",
        delivered_on=date(2021, 6, 25),
        delivery_method="邮寄（挂号信）",
    ),
    DemoCase(
        name="刘志强",
        id_number="410305198204170310",
        phone="13598760310",
        address="南郊镇刘楼村二组8号",
        description="邻居违规加盖房屋影响我家采光，要求镇政府查处并答复处理结果。",
        channel=Channel.IN_PERSON,
        receipt_evidence="申请人到镇政府政务服务大厅当面提交",
        received_on=date(2021, 9, 6),
        outcome="3.5.1",
        reply="所提事项属于投诉举报，不作为政府信息公开申请处理，"
        "已告知通过信访、投诉渠道反映（《条例》第三十九条第一款）。",
        delivered_on=date(2021, 9, 13),
        delivery_method="当面领取",
    ),
    DemoCase(
        name="陈桂兰",
        id_number="410305195901050687",
        phone="13703790687",
        address="南郊镇陈寨村一组3号",
        description="申请公开陈寨村2021年农村最低生活保障对象名单及补助标准。",
        channel=Channel.IN_PERSON,
        receipt_evidence="申请人到镇政府政务服务大厅当面提交",
        received_on=date(2021, 12, 20),
        outcome="3.1",
        reply="所申请信息予以公开，已将公示名单及补助标准复印件交申请人。",
        delivered_on=date(2022, 1, 14),
        delivery_method="当面领取",
    ),
)


@dataclass
class ApplicationsDemoResult:
    """What a load created (empty lists on a second run)."""

    users: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)


def _staff(body: Body, result: ApplicationsDemoResult) -> dict[Role, User]:
    people: dict[Role, User] = {}
    for spec in DEMO_STAFF:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = user_create(
                username=spec.username, password=DEMO_PASSWORD, full_name=spec.full_name
            )
            result.users.append(spec.username)
        membership_grant(user=user, body=body, role=spec.role)
        people[spec.role] = user
    return people


def _case(body: Body, spec: DemoCase, people: dict[Role, User]) -> Application:
    clerk = people[Role.CLERK]
    application, _code = services.application_intake(
        body=body,
        actor=clerk,
        channel=spec.channel,
        received_on=spec.received_on,
        receipt_evidence=spec.receipt_evidence,
        applicant_kind=ApplicantKind.PERSON,
        name=spec.name,
        id_type=IdType.RESIDENT_ID,
        id_number=spec.id_number,
        phone=spec.phone,
        address=spec.address,
        description=spec.description,
        form=InfoForm.PAPER,
        delivery=Delivery.PICKUP,
    )
    case_id = application.pk
    if not spec.outcome.startswith("3.5."):  # 不予处理 is answered straight from 审核
        services.application_accept(application_id=case_id, actor=clerk, expected_version=None)
    services.application_reply_draft(
        application_id=case_id,
        actor=clerk,
        expected_version=None,
        outcome=spec.outcome,
        text=spec.reply,
    )
    services.application_reply_approve(
        application_id=case_id, actor=people[Role.REVIEWER], expected_version=None
    )
    services.application_reply_sign(
        application_id=case_id, actor=people[Role.APPROVER], expected_version=None
    )
    services.application_deliver(
        application_id=case_id,
        actor=clerk,
        expected_version=None,
        method=spec.delivery_method,
        on=spec.delivered_on,
    )
    return services.application_archive(application_id=case_id, actor=clerk, expected_version=None)


@transaction.atomic
def applications_demo_load() -> ApplicationsDemoResult:
    """Create 南郊镇's demo staff and 2021 cases when missing (the demo bodies must exist)."""
    result = ApplicationsDemoResult()
    body = Body.objects.filter(name=DEMO_BODY, parent=None).first()
    if body is None:
        return result
    people = _staff(body, result)
    for spec in DEMO_CASES:
        if Application.objects.filter(body=body, description=spec.description).exists():
            continue
        result.cases.append(_case(body, spec, people).number)
    return result
