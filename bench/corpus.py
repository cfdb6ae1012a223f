"""Generated published items whose words are distributed like a government website's.

A uniform draw from a hundred government words (the first search benchmark) puts every word in
almost every item, which makes every query "very common". Real catalogues are not like that: a
few words (工作, 公开, 通知) are in most items, a topic's words (低保, 招标, 防汛) in the items of
that topic only. So each generated item has one topic; its words are drawn 70 % from a general
vocabulary with Zipf-like weights (a head of frequent government words, then 3,000 pseudo-words
of two or three characters drawn from 2,500 characters of the CJK block) and 30 % from its
topic's words. Titles lead with topic words; a third of the items carry a 文号.

Deterministic for a seed. About 30,000 items a second on one core (text only).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

#: The most frequent words of government texts, most frequent first.
HEAD = [
    "工作",
    "政府",
    "信息",
    "公开",
    "通知",
    "关于",
    "开展",
    "加强",
    "落实",
    "推进",
    "做好",
    "相关",
    "有关",
    "单位",
    "部门",
    "要求",
    "管理",
    "服务",
    "情况",
    "进一步",
    "按照",
    "规定",
    "组织",
    "实施",
    "全面",
    "建设",
    "发展",
    "社会",
    "群众",
    "办理",
    "负责",
    "以及",
    "确保",
    "提高",
    "完善",
    "机制",
    "加快",
    "重点",
    "目标",
    "任务",
    "责任",
    "检查",
    "时间",
    "地点",
    "内容",
    "方式",
    "标准",
    "程序",
    "材料",
    "年度",
    "本级",
    "全区",
    "全镇",
]

#: Topics and the words only their items use.
TOPICS: tuple[tuple[str, ...], ...] = (
    ("低保", "最低生活保障", "城乡", "救助", "对象", "名单", "公示", "困难群众"),
    ("道路", "维修", "工程", "招标", "中标", "施工", "采购", "合同"),
    ("预算", "决算", "财政", "资金", "三公经费", "支出", "收入", "绩效"),
    ("行政许可", "审批", "许可证", "办件", "申请人", "窗口", "受理", "证照"),
    ("行政处罚", "处罚决定书", "违法", "罚款", "当事人", "执法", "案件", "整改"),
    ("教育", "学校", "招生", "入学", "学生", "教师", "义务教育", "学位"),
    ("医疗", "卫生", "医保", "疫苗", "接种", "医院", "门诊", "报销"),
    ("养老", "老年人", "高龄津贴", "养老服务", "敬老院", "补贴", "发放", "失能"),
    ("就业", "创业", "扶持", "培训", "岗位", "招聘", "失业", "技能"),
    ("土地", "征收", "补偿", "安置", "房屋", "拆迁", "征地", "评估"),
    ("环境", "保护", "监测", "污染", "空气质量", "排放", "生态", "河长"),
    ("安全生产", "应急", "隐患", "排查", "消防", "演练", "事故", "危化品"),
    ("农村", "农业", "种粮", "农民", "合作社", "耕地", "乡村振兴", "补助"),
    ("退役军人", "优抚", "军人", "烈士", "抚恤", "双拥", "光荣牌", "安置"),
    ("住房", "保障性", "租赁", "公积金", "棚户区", "改造", "物业", "小区"),
    ("交通", "运输", "公交", "客运", "出租车", "公路", "桥梁", "停车"),
    ("防汛", "抗旱", "水利", "水库", "河道", "汛期", "雨情", "堤防"),
    ("文化", "旅游", "体育", "景区", "文物", "图书馆", "健身", "非遗"),
    ("民政", "婚姻", "登记", "殡葬", "社会组织", "慈善", "残疾人", "儿童"),
    ("人事", "任免", "机构", "职能", "领导", "分工", "干部", "公务员"),
    ("统计", "人口", "经济", "增长", "数据", "普查", "公报", "指标"),
    ("规划", "计划", "意见", "方案", "办法", "实施细则", "规范性文件", "解读"),
    ("会议", "纪要", "常务会议", "议题", "审议", "部署", "通报", "精神"),
    ("疫情", "防控", "核酸", "检测", "隔离", "健康码", "封控", "物资"),
)


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    chars = [chr(c) for c in rng.sample(range(0x4E00, 0x9FA6), 2500)]
    return ["".join(rng.choices(chars, k=rng.choice((2, 2, 3)))) for _ in range(count)]


@dataclass(frozen=True)
class Item:
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    document_number: str
    published_on: date
    topic: int


class Corpus:
    """Items drawn from the vocabulary above (see the module's notes). Texts are put together
    from a pool of generated clauses per topic (1,200 each), which keeps generation fast."""

    def __init__(self, seed: int, *, clauses: int = 1200) -> None:
        self.rng = random.Random(seed)
        self.general = list(HEAD) + _pseudo_words(self.rng, 3000)
        self.general_weights = list(accumulate(1 / (rank + 8) for rank in range(len(self.general))))
        self.pools = [[self._words(topic, 24) for _ in range(clauses)] for topic in TOPICS]

    def _words(self, topic: tuple[str, ...], chars: int) -> str:
        rng = self.rng
        out: list[str] = []
        length = 0
        batch = rng.choices(self.general, cum_weights=self.general_weights, k=chars // 2 + 8)
        for word in batch:
            if rng.random() < 0.3:
                word = rng.choice(topic)
            out.append(word)
            length += len(word)
            if length >= chars:
                break
        return "".join(out) + ("，" if rng.random() < 0.7 else "。")

    def _text(self, topic_index: int, clauses: int) -> str:
        return "".join(self.rng.choices(self.pools[topic_index], k=clauses))

    def item(self, *, first_day: date, days: int) -> Item:
        rng = self.rng
        topic_index = rng.randrange(len(TOPICS))
        topic = TOPICS[topic_index]
        day = first_day + timedelta(days=rng.randrange(days))
        lead = "".join(rng.sample(topic, 2))
        middle = rng.choice(self.pools[topic_index])[: rng.randrange(6, 16)]
        ending = rng.choice(("的通知", "的公告", "的公示", "情况", "的实施方案", "工作要点"))
        number = f"测政发〔{day.year}〕{rng.randrange(1, 200)}号" if rng.random() < 1 / 3 else ""
        return Item(
            title=f"关于{lead}{middle}{ending}",
            summary=self._text(topic_index, 3),
            paragraphs=tuple(self._text(topic_index, 4) for _ in range(5)),
            document_number=number,
            published_on=day,
            topic=topic_index,
        )
