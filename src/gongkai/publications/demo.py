"""Demo catalogues: the 2021 主动公开 of the five seed bodies, as their annual reports state it.

What each report states (``shared/seeds``) and what the demo makes of it:

* 南郊镇 (seed 004): 71 items in its 专栏 — 部门单位职能配置及内设机构 1, 专题会议和部门会议 13,
  业务工作 5, 人大、政协代表建议提案 4, 财政信息 4, 重大建设项目批准和实施、环境保护等重点领域信息
  39, 其他信息 5 — and 429 on its WeChat account 幸福南郊. 20 of the 71 also went out on 幸福南郊;
  the other 409 posts are WeChat-only (no 主题分类: the report classifies only the 专栏).
* 南关区民政局 (seed 003): 163 items (the report names no categories, only "政府机关管理职能调整和
  变动情况、各类发展规划和总结、与公众密切相关工作事务"; the seven categories and their counts are
  the demo's choice), 32 of them also on its WeChat account 南关民政. Table 二 prints one 规章
  issued and in force: it is registered through the ledgers service, which records the warning
  (the bureau has no 规章-making power).
* 长通街道 (seed 000): 12 items in its 专栏 (one a month: "每月至少更新一次"), in the categories
  the report lists (指南、制度、履职依据、年报、机关简介、机构职能、政策文件). It also reports 59
  items sent to the district portal, 48 of them used: the 48 are its releases on an 其他 channel.
* 学府街道 (seed 001): "主动公开各类信息500余条，主要为办事处工作动态类的信息" — the demo takes
  512, most of them 工作动态; its 公开栏 is a channel without counted releases (none stated).
* 徐家营街道 (seed 002): "通过门户网站公开发布各类信息共185条，内容涉及财政资金预决算、民生实事、
  工作动态" — 185 items in those three categories; its 公开栏、电子屏 likewise without releases.

A few items of 南关区民政局 and 南郊镇 go through the whole 三级审查 flow through the services
(拟稿 → 初审 → 审核 → 审发, one of them 退回 once), with the services' clock set to the 2021 days
they happened on, so their versions, review steps, releases and audit events are real. All other
items are written in bulk as already published: one version snapshot and the three approving
review steps each (by the body's demo staff where it has any, else without a person), and their
releases — no audit events (nobody acted on them in this platform).

Titles come from templates per category with the body's places; dates spread over 2021's
working days, 形成日期 a few working days before 发布日期, about one item in fifty formed too long
before (the 第二十六条 flag is computed, not set). Loading is idempotent: a body that already
has 2021 items is left as it is.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from gongkai.applications.selectors import work_calendar
from gongkai.law.calendar import WorkCalendar
from gongkai.law.proactive import format_index_number, is_late
from gongkai.ledgers import services as ledger_services
from gongkai.ledgers.models import DocumentKind, RegisteredDocument
from gongkai.organizations.models import Body, User
from gongkai.publications import services
from gongkai.publications.models import (
    Channel,
    ChannelKind,
    Decision,
    IndexCounter,
    Publication,
    PublicationVersion,
    PublishingSettings,
    Release,
    ReviewStage,
    ReviewStep,
    Secrecy,
    Status,
    TopicCategory,
)
from gongkai.publications.signals import WEBSITE_CHANNEL_NAME

YEAR = 2021
BULK_NOTE = "演示数据：按已审查发布的信息导入"


@dataclass(frozen=True)
class Template:
    """A title with ``{place}``, ``{month}``, ``{quarter}``, ``{n}`` (its nth use), and the
    第二十条/第二十一条 item it falls under (blank: none in particular)."""

    title: str
    item: str = ""


@dataclass(frozen=True)
class DemoTopic:
    """A 主题分类 and how many of the year's 专栏 items are in it."""

    name: str
    count: int
    templates: tuple[Template, ...]
    text: str


@dataclass(frozen=True)
class DemoChannel:
    """A channel besides the 专栏: ``shared`` 专栏 items also released on it (drawn from
    ``shared_topics``), ``own`` items released only on it (titles from ``templates``)."""

    kind: ChannelKind
    name: str
    shared: int = 0
    shared_topics: tuple[str, ...] = ()
    own: int = 0
    templates: tuple[Template, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class FlowItem:
    """An item walked through the services: drafted on ``formed_on``, signed on ``signed_on``."""

    topic: str
    title: str
    item: str
    formed_on: date
    signed_on: date
    text: str
    document_number: str = ""
    returned_with: str = ""  # the 审核人 returns it once with this comment
    also_on: str = ""  # a channel it is released on as well, the day it is signed


@dataclass(frozen=True)
class DemoRegulation:
    """A 规章 the report's table 二 counts, registered through the ledgers service."""

    title: str
    number: str
    issued_on: date
    effective_on: date


@dataclass(frozen=True)
class DemoCatalogue:
    body: str
    short: str
    index_code: str
    places: tuple[str, ...]
    topics: tuple[DemoTopic, ...]
    channels: tuple[DemoChannel, ...] = ()
    staff: tuple[str, str, str] | None = None  # 经办人, 审核人, 审发人 usernames
    flow: tuple[FlowItem, ...] = ()
    regulations: tuple[DemoRegulation, ...] = ()

    @property
    def website_count(self) -> int:
        return sum(topic.count for topic in self.topics)


T = Template

NANJIAO = DemoCatalogue(
    body="南郊镇人民政府",
    short="南郊镇",
    index_code="NJZ",
    places=("李庄村", "张湾村", "刘楼村", "陈寨村", "王营村", "赵屯村", "孙桥村", "周店村"),
    staff=("demo-nanjiao-jingban", "demo-nanjiao-shenhe", "demo-nanjiao-shenfa"),
    topics=(
        DemoTopic(
            "部门单位职能配置及内设机构",
            1,
            (T("南郊镇人民政府机构职能及内设机构设置", "20.2"),),
            "本镇的主要职责、内设机构及其职能、办公地址、办公时间和联系方式。",
        ),
        DemoTopic(
            "专题会议和部门会议",
            13,
            (
                T("南郊镇召开{month}月份安全生产专题会议"),
                T("南郊镇召开{year}年第{n}次党委扩大会议"),
                T("南郊镇召开防汛工作专题部署会"),
                T("南郊镇召开人居环境整治工作推进会"),
                T("南郊镇召开秋粮收购与秸秆禁烧工作会议"),
            ),
            "会议传达学习了上级有关文件精神，通报了前一阶段工作情况，部署了下一阶段重点任务。",
        ),
        DemoTopic(
            "业务工作",
            5,
            (
                T("南郊镇{year}年农村人居环境整治工作方案"),
                T("南郊镇{year}年冬春农田水利建设工作安排", "21.township.irrigation_works"),
                T("南郊镇{year}年第{n}季度重点工作完成情况"),
            ),
            "工作的目标任务、责任分工、时间安排和保障措施。",
        ),
        DemoTopic(
            "人大、政协代表建议提案",
            4,
            (
                T("对镇人大代表关于{place}道路硬化建议的答复", "20.15"),
                T("对镇人大代表关于{place}安装路灯建议的答复", "20.15"),
                T("对区政协委员关于加强{place}饮水安全提案的答复", "20.15"),
            ),
            "建议提案的办理情况和答复意见。",
        ),
        DemoTopic(
            "财政信息",
            4,
            (
                T("南郊镇{year}年部门预算公开", "20.7"),
                T("南郊镇{prev}年部门决算公开", "20.7"),
                T("南郊镇{year}年“三公”经费预算公开", "20.7"),
                T("南郊镇{prev}年“三公”经费决算公开", "20.7"),
            ),
            "收支总表、收入表、支出表、财政拨款收支表及有关说明。",
        ),
        DemoTopic(
            "重大建设项目批准和实施、环境保护等重点领域信息",
            39,
            (
                T("{place}道路硬化工程项目批前公示", "20.10"),
                T("{place}道路硬化工程施工进展情况公示", "20.10"),
                T("{place}高标准农田建设项目实施情况公示", "21.township.irrigation_works"),
                T("南郊镇{month}月份秸秆禁烧巡查情况通报", "20.13"),
                T("南郊镇{month}月份农村最低生活保障动态调整公示", "21.township.social_assistance"),
                T("{place}农村土地承包经营权流转情况公示", "21.township.land_contract_transfer"),
                T("{place}宅基地使用审核情况公示", "21.township.homestead_review"),
                T("南郊镇{month}月份安全生产监督检查情况", "20.13"),
            ),
            "项目或事项的基本情况、实施进度和监督电话，公示期内如有异议可向镇政府反映。",
        ),
        DemoTopic(
            "其他信息",
            5,
            (
                T("南郊镇{prev}年政府信息公开工作年度报告", "20.15"),
                T("南郊镇政府信息公开指南"),
                T("南郊镇{year}年政务公开工作要点"),
                T("南郊镇关于调整政务服务大厅办公时间的公告", "20.2"),
                T("南郊镇{year}年度征兵工作公告"),
            ),
            "有关事项的具体内容和办理方式。",
        ),
    ),
    channels=(
        DemoChannel(
            ChannelKind.NEW_MEDIA,
            "幸福南郊",
            shared=20,
            shared_topics=("专题会议和部门会议", "重大建设项目批准和实施、环境保护等重点领域信息"),
            own=409,
            templates=(
                T("【幸福南郊】{place}开展人居环境集中整治活动"),
                T("【幸福南郊】南郊镇{month}月份“最美家庭”评选结果出炉"),
                T("【幸福南郊】{place}新时代文明实践站开展志愿服务活动"),
                T("【幸福南郊】南郊镇开展防溺水安全教育进校园活动"),
                T("【幸福南郊】{place}老年人新冠病毒疫苗接种服务到家门口"),
                T("【幸福南郊】南郊镇组织开展森林防火宣传"),
                T("【幸福南郊】{place}产业振兴：特色种植助农增收"),
                T("【幸福南郊】南郊镇召开党史学习教育第{n}次专题学习会"),
                T("【幸福南郊】{place}开展“我为群众办实事”走访活动"),
                T("【幸福南郊】南郊镇{month}月份农产品价格信息"),
                T("【幸福南郊】政策解读：城乡居民医疗保险缴费指南"),
                T("【幸福南郊】{place}开展反诈宣传进村入户"),
            ),
            text="南郊镇微信公众号“幸福南郊”推送的工作动态和便民信息。",
        ),
    ),
    flow=(
        FlowItem(
            topic="业务工作",
            title="南郊镇2021年政务公开工作实施方案",
            item="",
            formed_on=date(2021, 3, 1),
            signed_on=date(2021, 3, 5),
            document_number="南政〔2021〕6号",
            text="为做好2021年政务公开工作，结合本镇实际，制定本方案，明确公开重点、责任分工和保障措施。",
        ),
        FlowItem(
            topic="业务工作",
            title="南郊镇2021年政务公开业务培训计划",
            item="",
            formed_on=date(2021, 3, 10),
            signed_on=date(2021, 3, 16),
            document_number="南政〔2021〕8号",
            returned_with="请写明每次培训的时间、对象和授课人后再报。",
            text="全年组织政务公开业务培训四次，对象为镇属各部门和各村信息公开联络员。",
        ),
    ),
)

NANGUAN_STREETS = (
    "长通街道",
    "自强街道",
    "民康街道",
    "新春街道",
    "桃源街道",
    "永吉街道",
    "曙光街道",
    "南岭街道",
    "全安街道",
    "鸿城街道",
    "明珠街道",
    "富裕街道",
)

MINZHENG = DemoCatalogue(
    body="南关区民政局",
    short="南关区民政局",
    index_code="NGMZ",
    places=NANGUAN_STREETS,
    staff=("demo-jingban", "demo-shenhe", "demo-shenfa"),
    topics=(
        DemoTopic(
            "机构职能",
            4,
            (
                T("南关区民政局主要职责", "20.2"),
                T("南关区民政局内设机构", "20.2"),
                T("南关区民政局领导信息", "20.2"),
                T("南关区民政局办公地址、办公时间和联系方式", "20.2"),
            ),
            "本局的职能、内设机构、负责人、办公地址、办公时间和联系方式。",
        ),
        DemoTopic(
            "政策文件",
            6,
            (
                T("关于转发《吉林省最低生活保障工作规程》的通知", "20.1"),
                T("关于做好{year}年度困难群众冬季取暖救助工作的通知", "20.11"),
                T("关于进一步加强养老机构安全管理的通知", "20.13"),
                T("关于开展{year}年度社会组织年检工作的通知", "20.5"),
            ),
            "文件全文及有关附件。",
        ),
        DemoTopic(
            "规划计划和工作总结",
            10,
            (
                T("南关区民政局{prev}年工作总结和{year}年工作计划", "20.3"),
                T("南关区“十四五”民政事业发展规划", "20.3"),
                T("南关区民政局{year}年第{quarter}季度工作总结", "20.3"),
                T("南关区{year}年养老服务体系建设工作计划", "20.3"),
            ),
            "工作目标、主要任务和完成情况。",
        ),
        DemoTopic(
            "社会救助",
            40,
            (
                T("南关区{year}年{month}月份城乡最低生活保障资金发放情况公示", "20.11"),
                T("南关区{year}年{month}月份特困人员救助供养金发放情况公示", "20.11"),
                T("南关区{year}年{month}月份临时救助情况公示", "20.11"),
                T("{place}新增最低生活保障对象公示", "20.11"),
            ),
            "救助对象数量、救助标准和资金发放情况（个人信息已按规定处理）。",
        ),
        DemoTopic(
            "养老服务",
            30,
            (
                T("南关区{year}年{month}月份高龄津贴发放情况公示", "20.11"),
                T("{place}社区居家养老服务中心运营情况", "20.11"),
                T("南关区养老机构{month}月份安全检查情况通报", "20.13"),
            ),
            "服务对象、补贴标准、检查发现的问题和整改情况。",
        ),
        DemoTopic(
            "社会事务",
            25,
            (
                T("南关区婚姻登记处{month}月份婚姻登记办理情况", "20.5"),
                T("南关区殡葬领域突出问题专项整治工作进展情况", "20.13"),
                T("南关区{year}年第{quarter}季度社会组织登记管理情况", "20.5"),
                T("南关区{place}地名标志设置情况公告"),
            ),
            "事项的办理依据、条件、程序和办理结果。",
        ),
        DemoTopic(
            "工作动态",
            48,
            (
                T("南关区民政局到{place}开展困难群众走访慰问"),
                T("南关区民政局开展“我为群众办实事”实践活动"),
                T("南关区民政局召开{month}月份民政工作调度会"),
                T("{place}养老服务中心开展重阳节敬老活动"),
                T("南关区民政局开展社会救助政策宣传进社区活动"),
                T("南关区民政局组织开展养老机构消防安全演练"),
            ),
            "本局工作开展情况。",
        ),
    ),
    channels=(
        DemoChannel(
            ChannelKind.NEW_MEDIA,
            "南关民政",
            shared=31,  # and one item of the flow: 32
            shared_topics=("社会救助", "养老服务", "工作动态"),
        ),
    ),
    flow=(
        FlowItem(
            topic="政策文件",
            title="南关区困难群众临时救助实施办法",
            item="20.1",
            formed_on=date(2021, 11, 12),
            signed_on=date(2021, 11, 19),
            document_number="南民发〔2021〕12号",
            returned_with="请补充施行日期，并核对第十条救助标准的表述。",
            text="为规范临时救助工作，保障困难群众基本生活，制定本办法。本办法自2021年12月15日起施行。",
        ),
        FlowItem(
            topic="社会救助",
            title="南关区2021年第四季度城乡低保资金发放计划",
            item="20.11",
            formed_on=date(2021, 12, 1),
            signed_on=date(2021, 12, 6),
            text="第四季度全区城乡低保资金按月足额发放，发放标准按现行城乡低保标准执行。",
            also_on="南关民政",
        ),
        FlowItem(
            topic="工作动态",
            title="南关区民政局开展2021年冬季“送温暖”活动",
            item="",
            formed_on=date(2021, 12, 13),
            signed_on=date(2021, 12, 16),
            text="活动期间，局领导带队走访慰问辖区特困供养人员、低保对象和孤寡老人。",
        ),
    ),
    regulations=(
        DemoRegulation(
            title="南关区困难群众临时救助实施办法",
            number="南民发〔2021〕12号",
            issued_on=date(2021, 11, 12),
            effective_on=date(2021, 12, 15),
        ),
    ),
)

CHANGTONG = DemoCatalogue(
    body="南关区长通街道办事处",
    short="长通街道",
    index_code="NGCT",
    places=("东岭社区", "西岭社区", "长通社区", "亚泰社区", "南环社区"),
    topics=(
        DemoTopic(
            "政府信息公开指南",
            1,
            (T("长通街道政府信息公开指南"),),
            "公开的范围、方式、申请程序、受理机构和联系方式。",
        ),
        DemoTopic(
            "政府信息公开制度",
            1,
            (T("长通街道政府信息公开保密审查制度"),),
            "信息发布前的审核程序和责任。",
        ),
        DemoTopic(
            "履职依据",
            2,
            (T("长通街道办事处履职依据", "20.1"), T("长通街道权责清单", "20.5")),
            "履行职责的法律法规和政策依据。",
        ),
        DemoTopic(
            "政府信息公开年报",
            1,
            (T("长通街道{prev}年政府信息公开工作年度报告", "20.15"),),
            "上一年度政府信息公开工作情况。",
        ),
        DemoTopic(
            "机关简介",
            1,
            (T("长通街道办事处简介", "20.2"),),
            "街道辖区、人口、社区设置和办公地址。",
        ),
        DemoTopic(
            "机构职能",
            1,
            (T("长通街道办事处机构职能", "20.2"),),
            "街道的主要职责和内设机构。",
        ),
        DemoTopic(
            "政策文件",
            5,
            (
                T("关于做好{year}年城镇居民医疗保险参保缴费工作的通知", "20.11"),
                T("长通街道{year}年安全生产工作要点", "20.13"),
                T("关于开展{year}年度退役军人信息采集工作的通知", "20.15"),
                T("长通街道{year}年冬季供热保障工作方案"),
            ),
            "文件全文。",
        ),
    ),
    channels=(
        DemoChannel(
            ChannelKind.OTHER,
            "南关区政府门户网站（信息报送采用）",
            own=48,
            templates=(
                T("长通街道{place}开展志愿服务活动"),
                T("长通街道开展{month}月份安全生产大检查"),
                T("长通街道{place}举办党史学习教育专题讲座"),
                T("长通街道开展垃圾分类宣传进社区活动"),
                T("长通街道{place}开展疫情防控应急演练"),
            ),
            text="长通街道报送区政府门户网站并被采用的信息。",
        ),
    ),
)

XUEFU = DemoCatalogue(
    body="洛龙区学府街道办事处",
    short="学府街道",
    index_code="LLXF",
    places=("学府社区", "龙祥社区", "开元社区", "翠云社区", "龙泉社区", "北航社区", "太康社区"),
    topics=(
        DemoTopic(
            "工作动态",
            470,
            (
                T("学府街道{place}开展“我为群众办实事”活动"),
                T("学府街道召开{month}月份重点工作推进会"),
                T("学府街道{place}开展疫情防控排查"),
                T("学府街道开展创建全国文明城市迎检工作"),
                T("学府街道{place}开展燃气安全隐患排查"),
                T("学府街道组织开展党史学习教育第{n}次专题学习"),
                T("学府街道{place}开展防汛应急演练"),
                T("学府街道开展“双拥”走访慰问活动"),
                T("学府街道{place}开展垃圾分类入户宣传"),
                T("学府街道开展{month}月份安全生产检查"),
            ),
            "办事处工作开展情况。",
        ),
        DemoTopic(
            "通知公告",
            24,
            (
                T("学府街道关于开展{year}年度城乡居民医疗保险征缴工作的通知", "20.11"),
                T("学府街道{place}公益性岗位招聘公告", "20.11"),
                T("学府街道关于{place}老旧小区改造项目的公示", "20.10"),
            ),
            "通知、公告的具体内容。",
        ),
        DemoTopic(
            "财政信息",
            4,
            (
                T("学府街道{year}年部门预算", "20.7"),
                T("学府街道{prev}年部门决算", "20.7"),
            ),
            "预算、决算报表及说明。",
        ),
        DemoTopic(
            "机构职能",
            2,
            (T("学府街道办事处主要职责", "20.2"), T("学府街道办事处内设机构", "20.2")),
            "主要职责和内设机构。",
        ),
        DemoTopic(
            "民生实事",
            12,
            (
                T("学府街道{year}年民生实事项目进展情况（{month}月）", "20.11"),
                T("{place}便民服务站建成投用"),
            ),
            "民生实事项目的内容和进展。",
        ),
    ),
    channels=(DemoChannel(ChannelKind.BOARD, "政府信息公开栏"),),
)

XUJIAYING = DemoCatalogue(
    body="徐家营街道办事处",
    short="徐家营街道",
    index_code="XJY",
    places=("徐家营社区", "松鹤社区", "丰泽社区", "天缘社区", "瑞和社区"),
    topics=(
        DemoTopic(
            "财政资金预决算",
            4,
            (
                T("徐家营街道办事处{year}年部门预算", "20.7"),
                T("徐家营街道办事处{prev}年部门决算", "20.7"),
            ),
            "预算、决算报表及说明。",
        ),
        DemoTopic(
            "民生实事",
            36,
            (
                T("徐家营街道{year}年民生实事项目进展情况（{month}月）", "20.11"),
                T("{place}老旧小区改造项目公示", "20.10"),
                T("徐家营街道{month}月份城乡低保动态管理情况公示", "20.11"),
            ),
            "民生实事项目的内容和进展。",
        ),
        DemoTopic(
            "工作动态",
            145,
            (
                T("徐家营街道{place}开展党员志愿服务活动"),
                T("徐家营街道召开{month}月份工作例会"),
                T("徐家营街道{place}开展消防安全检查"),
                T("徐家营街道开展文明城市创建集中行动"),
                T("徐家营街道{place}开展反诈宣传活动"),
                T("徐家营街道组织开展第{n}期业务培训"),
            ),
            "街道工作开展情况。",
        ),
    ),
    channels=(DemoChannel(ChannelKind.BOARD, "政务公开栏、电子屏"),),
)

DEMO_CATALOGUES: tuple[DemoCatalogue, ...] = (NANJIAO, MINZHENG, CHANGTONG, XUEFU, XUJIAYING)


@dataclass
class PublicationsDemoResult:
    """What a load created (empty on a second run)."""

    publications: dict[str, int] = field(default_factory=dict)
    releases: dict[str, int] = field(default_factory=dict)
    regulations: list[str] = field(default_factory=list)


# --- helpers --------------------------------------------------------------------------------


ZONE = ZoneInfo(settings.TIME_ZONE)
QUARTERS = "一二三四"
TURNS = "一二三四五六七八九十"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@contextmanager
def _clock(day: date, hour: int) -> Iterator[None]:
    """Set the publication services' clock to ``day`` (the seam tests move it through)."""
    saved = services.clock_now
    services.clock_now = lambda: _at(day, hour)
    try:
        yield
    finally:
        services.clock_now = saved


def _workdays_before(calendar: WorkCalendar, day: date, count: int) -> date:
    """The ``count``-th working day before ``day``."""
    while count:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            count -= 1
    return day


def _spread(calendar: WorkCalendar, count: int, first: date, last: date) -> list[date]:
    """``count`` working days spread evenly from ``first`` to ``last`` (in order)."""
    span = (last - first).days
    days = []
    for index in range(count):
        day = first + timedelta(days=(span * index) // max(count, 1))
        days.append(calendar.add_workdays(day, 0))
    return [min(day, last) for day in days]


@dataclass
class _Planned:
    """One bulk item before it is written."""

    title: str
    item: str
    text: str
    topic: TopicCategory | None
    published_on: date
    formed_on: date = date(YEAR, 1, 1)
    channels: list[Channel] = field(default_factory=list)


class _Titles:
    """Titles from a category's templates, cycling, with the item's month and a place."""

    def __init__(self, catalogue: DemoCatalogue, rng: random.Random) -> None:
        self.catalogue = catalogue
        self.rng = rng
        self.used: dict[str, int] = {}
        self.titles: set[str] = set()

    def title(self, templates: Sequence[Template], index: int, day: date) -> Template:
        template = templates[index % len(templates)]
        self.used[template.title] = n = self.used.get(template.title, 0) + 1
        title = template.title.format(
            place=self.rng.choice(self.catalogue.places),
            month=day.month,
            quarter=QUARTERS[(day.month - 1) // 3],
            n=n,
            year=YEAR,
            prev=YEAR - 1,
        )
        if title in self.titles:  # the same event again: name its day (and its turn)
            dated = f"{title}（{day.month}月{day.day}日）"
            turn = 1
            while dated in self.titles:
                turn += 1
                dated = f"{title}（{day.month}月{day.day}日之{TURNS[turn - 1]}）"
            title = dated
        self.titles.add(title)
        return Template(title, template.item)


# --- set-up: settings, topics, channels -----------------------------------------------------


def _setup(
    catalogue: DemoCatalogue, body: Body
) -> tuple[dict[str, TopicCategory], dict[str, Channel]]:
    if not PublishingSettings.objects.filter(body=body).exists():
        taken = PublishingSettings.objects.filter(index_code=catalogue.index_code).exists()
        code = services.index_code_default(body) if taken else catalogue.index_code
        PublishingSettings.objects.create(body=body, index_code=code)
    topics = {}
    for order, spec in enumerate(catalogue.topics, 1):
        topics[spec.name], _ = TopicCategory.objects.get_or_create(
            body=body, name=spec.name, defaults={"order": order}
        )
    channels = {WEBSITE_CHANNEL_NAME: services.channel_website_ensure(body=body)}
    for channel_spec in catalogue.channels:
        channels[channel_spec.name], _ = Channel.objects.get_or_create(
            body=body, kind=channel_spec.kind, name=channel_spec.name
        )
    return topics, channels


def _staff(catalogue: DemoCatalogue) -> tuple[User, User, User] | None:
    if catalogue.staff is None:
        return None
    users = {user.username: user for user in User.objects.filter(username__in=catalogue.staff)}
    if len(users) != len(catalogue.staff):
        return None
    clerk, reviewer, approver = (users[name] for name in catalogue.staff)
    return clerk, reviewer, approver


# --- the full 三级审查 flow -----------------------------------------------------------------


def _walk(
    spec: FlowItem,
    *,
    body: Body,
    topic: TopicCategory,
    channels: dict[str, Channel],
    people: tuple[User, User, User],
) -> Publication:
    clerk, reviewer, approver = people
    draft = services.PublicationDraft(
        title=spec.title,
        formed_on=spec.formed_on,
        written_on=spec.formed_on if spec.document_number else None,
        document_number=spec.document_number,
        topic=topic,
        article_item=spec.item,
        summary=spec.text,
        body_html=f"<p>{spec.text}</p>",
    )
    with _clock(spec.formed_on, 9):
        item = services.publication_create(body=body, actor=clerk, draft=draft)
        item = services.publication_submit(
            publication_id=item.pk, actor=clerk, expected_version=None
        )
        item = services.publication_first_approve(
            publication_id=item.pk, actor=clerk, expected_version=None, comment="同意报审核。"
        )
    if spec.returned_with:
        with _clock(spec.formed_on, 15):
            services.publication_return(
                publication_id=item.pk,
                actor=reviewer,
                expected_version=None,
                comment=spec.returned_with,
            )
            item = services.publication_edit(
                publication_id=item.pk, actor=clerk, expected_version=None, draft=draft
            )
            item = services.publication_submit(
                publication_id=item.pk, actor=clerk, expected_version=None
            )
            item = services.publication_first_approve(
                publication_id=item.pk, actor=clerk, expected_version=None, comment="已按意见修改。"
            )
    with _clock(spec.signed_on, 10):
        item = services.publication_review_approve(
            publication_id=item.pk, actor=reviewer, expected_version=None, comment="同意。"
        )
        item = services.publication_sign(
            publication_id=item.pk,
            actor=approver,
            expected_version=None,
            secrecy=Secrecy.NONE,
            comment="经保密审查，不涉密，同意发布。",
        )
        if spec.also_on:
            services.release_record(
                publication_id=item.pk,
                actor=clerk,
                channel=channels[spec.also_on],
                released_on=spec.signed_on,
            )
    return item


# --- bulk -----------------------------------------------------------------------------------


def _plan(
    catalogue: DemoCatalogue,
    *,
    topics: dict[str, TopicCategory],
    channels: dict[str, Channel],
    calendar: WorkCalendar,
    walked: set[str],
) -> list[_Planned]:
    """The bulk items: 专栏 items per topic, then each channel's own items; dated and titled."""
    rng = random.Random(f"gongkai-demo-{catalogue.index_code}")
    titles = _Titles(catalogue, rng)
    first, last = date(YEAR, 1, 4), date(YEAR, 12, 30)
    website = channels[WEBSITE_CHANNEL_NAME]
    kinds: list[tuple[DemoTopic, int]] = []
    for spec in catalogue.topics:
        done = sum(1 for item in catalogue.flow if item.topic == spec.name and item.title in walked)
        kinds.extend((spec, index) for index in range(spec.count - done))
    rng.shuffle(kinds)
    planned = []
    for (spec, index), day in zip(kinds, _spread(calendar, len(kinds), first, last), strict=True):
        template = titles.title(spec.templates, index, day)
        planned.append(
            _Planned(
                template.title, template.item, spec.text, topics[spec.name], day, channels=[website]
            )
        )
    for channel_spec in catalogue.channels:
        channel = channels[channel_spec.name]
        # an item of the flow that was not walked (no demo staff) is released here in bulk
        shared = channel_spec.shared + sum(
            1
            for item in catalogue.flow
            if item.also_on == channel_spec.name and item.title not in walked
        )
        if shared:
            eligible = [
                item
                for item in planned
                if item.topic is not None and item.topic.name in channel_spec.shared_topics
            ]
            step = len(eligible) / shared
            for index in range(shared):
                eligible[int(index * step)].channels.append(channel)
        days = _spread(calendar, channel_spec.own, first, last)
        for index, day in enumerate(days):
            template = titles.title(channel_spec.templates, index, day)
            planned.append(
                _Planned(
                    template.title,
                    template.item,
                    channel_spec.text,
                    None,
                    day,
                    channels=[channel],
                )
            )
    for item in planned:  # about one in fifty formed too long before: 第二十六条 late
        lag = rng.randint(24, 32) if rng.random() < 0.02 else rng.randint(0, 6)
        item.formed_on = max(_workdays_before(calendar, item.published_on, lag), date(YEAR, 1, 1))
    planned.sort(key=lambda item: (item.published_on, item.formed_on))
    return planned


def _snapshot(publication: Publication) -> dict[str, Any]:
    """The version fields of a bulk item (the same keys as the services' snapshots)."""
    return {
        "title": publication.title,
        "issuer": publication.issuer,
        "written_on": "",
        "formed_on": publication.formed_on.isoformat(),
        "published_on": publication.published_on.isoformat() if publication.published_on else "",
        "document_number": "",
        "topic": publication.topic.name if publication.topic is not None else "",
        "article_item": publication.article_item,
        "disclosure": publication.disclosure,
        "withholding_reason": "",
        "validity": publication.validity,
        "successor": "",
        "interprets": [],
        "summary": publication.summary,
        "attachments": [],
        "status": Status.PUBLISHED.label,
        "scheduled_at": "",
        "secrecy": publication.secrecy,
    }


def _bulk(
    catalogue: DemoCatalogue,
    *,
    body: Body,
    planned: list[_Planned],
    people: tuple[User, User, User] | None,
    calendar: WorkCalendar,
) -> tuple[int, int]:
    """Write the planned items, their versions, review steps and releases; (items, releases)."""
    code = PublishingSettings.objects.get(body=body).index_code
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(body=body, year=YEAR)
    clerk, reviewer, approver = people if people is not None else (None, None, None)
    rows = []
    for seq, plan in enumerate(planned, counter.last + 1):
        rows.append(
            Publication(
                body=body,
                index_number=format_index_number(code, YEAR, seq),
                year=YEAR,
                seq=seq,
                title=plan.title,
                issuer=body.name,
                formed_on=plan.formed_on,
                published_on=plan.published_on,
                topic=plan.topic,
                article_item=plan.item,
                summary=plan.text,
                body_html=f"<p>{plan.title}。</p><p>{plan.text}</p>",
                status=Status.PUBLISHED,
                on_website=any(c.kind == ChannelKind.WEBSITE for c in plan.channels),
                secrecy=Secrecy.NONE,
                late=is_late(plan.formed_on, plan.published_on, calendar),
                created_by=clerk,
                created_at=_at(plan.formed_on, 9),
            )
        )
    made = Publication.objects.bulk_create(rows, batch_size=500)
    counter.last += len(made)
    counter.save(update_fields=["last"])
    versions: list[PublicationVersion] = []
    steps: list[ReviewStep] = []
    releases: list[Release] = []
    for publication, plan in zip(made, planned, strict=True):
        day = plan.published_on
        versions.append(
            PublicationVersion(
                publication=publication,
                number=1,
                fields=_snapshot(publication),
                body_html=publication.body_html,
                note=BULK_NOTE,
                author=clerk,
                at=_at(day, 9),
            )
        )
        for hour, stage, actor in (
            (9, ReviewStage.FIRST, clerk),
            (10, ReviewStage.REVIEW, reviewer),
            (11, ReviewStage.SIGN, approver),
        ):
            steps.append(
                ReviewStep(
                    publication=publication,
                    stage=stage,
                    decision=Decision.APPROVED,
                    secrecy=Secrecy.NONE if stage == ReviewStage.SIGN else "",
                    comment=BULK_NOTE,
                    version=1,
                    actor=actor,
                    at=_at(day, hour, 30),
                )
            )
        releases.extend(
            Release(
                publication=publication,
                channel=channel,
                released_on=day,
                recorded_by=clerk,
                at=_at(day, 11, 45),
            )
            for channel in plan.channels
        )
    PublicationVersion.objects.bulk_create(versions, batch_size=500)
    ReviewStep.objects.bulk_create(steps, batch_size=500)
    Release.objects.bulk_create(releases, batch_size=500)
    return len(made), len(releases)


# --- loading --------------------------------------------------------------------------------


def _regulations(
    catalogue: DemoCatalogue, body: Body, people: tuple[User, User, User] | None
) -> list[str]:
    """Register the report's 规章 through the ledgers service (its power warning recorded)."""
    names: list[str] = []
    if people is None:
        return names
    for spec in catalogue.regulations:
        if RegisteredDocument.objects.filter(body=body, number=spec.number).exists():
            continue
        ledger_services.document_create(
            body=body,
            actor=people[0],
            kind=DocumentKind.REGULATION,
            title=spec.title,
            number=spec.number,
            issued_on=spec.issued_on,
            effective_on=spec.effective_on,
        )
        names.append(spec.title)
    return names


def _catalogue_load(
    catalogue: DemoCatalogue, body: Body, calendar: WorkCalendar, result: PublicationsDemoResult
) -> None:
    topics, channels = _setup(catalogue, body)
    people = _staff(catalogue)
    result.regulations.extend(_regulations(catalogue, body, people))
    if Publication.objects.filter(body=body, year=YEAR).exists():
        return
    walked: set[str] = set()
    releases = 0
    if people is not None:
        for spec in catalogue.flow:
            item = _walk(
                spec, body=body, topic=topics[spec.topic], channels=channels, people=people
            )
            walked.add(spec.title)
            releases += item.releases.count()
    planned = _plan(catalogue, topics=topics, channels=channels, calendar=calendar, walked=walked)
    made, released = _bulk(catalogue, body=body, planned=planned, people=people, calendar=calendar)
    result.publications[catalogue.short] = made + len(walked)
    result.releases[catalogue.short] = released + releases


@transaction.atomic
def publications_demo_load() -> PublicationsDemoResult:
    """Create the seed bodies' 2021 catalogues when missing (the demo bodies must exist)."""
    result = PublicationsDemoResult()
    calendar = work_calendar()
    for catalogue in DEMO_CATALOGUES:
        body = Body.objects.filter(name=catalogue.body).first()
        if body is not None:
            _catalogue_load(catalogue, body, calendar, result)
    return result
