"""One disclosure application's whole life, walked in Chromium by the people who take part in it.

A citizen applies online, the 经办人 registers the case and asks for 补正, the citizen corrects it
online, the 经办人 records an extension approved by the 负责人 and a third-party consultation
(第三十二条), the reply (部分公开) is drafted, 审核 and 审发 by the users holding those roles,
delivered, and the citizen downloads the reply letter. The services' clock is pinned to each
step's day; every form is filled with explicit dates.

The expected dates are counted by hand from the State Council's 2026 arrangement
(国办发明电〔2025〕7号): 清明节 2026-04-04 (Sat) to 04-06 (Mon) off; 劳动节 2026-05-01 (Fri) to
05-05 (Tue) off, Saturday 2026-05-09 worked (调休上班). A period's first day is not counted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django import Settings

from browser.browsing import log_in
from gongkai.applications import services
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body

LETTER_MS = 30_000
BODY = "南关区民政局"
APPLICANT = "王小明"
ID_NUMBER = "11010519491231002X"  # the checksum-valid example number of GB 11643-1999
REQUEST = "南关区2025年度最低生活保障资金发放明细"

# The days things happen (all Wednesdays but the extension's Monday).
SUBMITTED = date(2026, 4, 1)  # the citizen applies online; the clerk confirms receipt that day
CORRECTION_ASKED = date(2026, 4, 2)  # Thursday: the 补正 notice
CORRECTED = date(2026, 4, 8)  # the citizen corrects online
EXTENDED = date(2026, 4, 20)  # Monday: the 负责人 approves 20 more working days
CONSULTED = date(2026, 4, 22)  # the 征求意见书 goes to the third party
ANSWERED = date(2026, 4, 29)  # the third party's answer arrives
DELIVERED = date(2026, 5, 20)  # the reply is signed off and delivered

# Counted by hand (A + n = the n-th working day after A):
# 补正 notice: at most 7 working days after receipt 04-01: 04-02, 04-03, [04-04..06 清明],
# 04-07, 04-08, 04-09, 04-10, 04-13.
NOTICE_LATEST = "2026-04-13"
# 补正 period 15 working days after 04-02: 04-03 (1), 04-07..10 (5), 04-13..17 (10), 04-20..24 (15).
CORRECTION_DUE = "2026-04-24"
# 20 working days after the correction (04-08): 04-09..10 (2), 04-13..17 (7), 04-20..24 (12),
# 04-27..30 (16), [05-01..05 劳动节], 05-06..08 (19), Saturday 05-09 worked (20).
DUE_AFTER_CORRECTION = "2026-05-09"
# Extended by 20: 05-11..15 (5), 05-18..22 (10), 05-25..29 (15), 06-01..05 (20).
DUE_AFTER_EXTENSION = "2026-06-05"
# The third party has 15 working days after 04-22: 04-23..24 (2), 04-27..30 (6), 05-06..09 (10),
# 05-11..15 (15).
ANSWER_WINDOW_END = "2026-05-15"
# The answer came 04-29: 04-23, 04-24, 04-27, 04-28, 04-29 are not counted (5), so the due date
# moves 5 working days: 06-08..12.
DUE_FINAL = "2026-06-12"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[date], None]]:
    """The services' one clock seam, moved by the test (the live server runs in this process)."""
    now = [at(SUBMITTED)]
    monkeypatch.setattr(services, "clock_now", lambda: now[0])

    def move(day: date) -> None:
        now[0] = at(day)

    yield move


def done(page: Page) -> None:
    """The case page tells that the action went through (and nothing else)."""
    expect(page.get_by_role("status")).to_have_text("操作已完成。")


def action(page: Page, label: str) -> Locator:
    """The form of one action on the case page (named by its heading)."""
    return page.get_by_role("region", name="办理", exact=True).get_by_role(
        "form", name=label, exact=True
    )


def generate(page: Page, kind: str) -> None:
    """The clerk makes a letter (DOCX and PDF; rendering the PDF may take seconds under load)."""
    letters = page.get_by_role("region", name="文书", exact=True)
    letters.get_by_label("文书类型").select_option(label=kind)
    letters.get_by_role("button", name="生成 DOCX 和 PDF").click(timeout=LETTER_MS)


def ledger(page: Page) -> list[str]:
    """The lines of "期限计算过程" on the case page."""
    clock = page.get_by_role("region", name="答复期限", exact=True)
    return clock.get_by_role("list").get_by_role("listitem").all_inner_texts()


def track(page: Page, number: str, code: str) -> None:
    """The citizen opens the tracking page and gives 申请编号 and 查询码."""
    page.goto("/applications/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"申请 {number}")


def open_case(page: Page, username: str, number: str) -> None:
    """A member of staff signs in and finds the case in the body's work queue."""
    log_in(page, username)
    page.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    page.get_by_role("link", name="申请办理队列").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BODY} · 依申请公开")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"申请 {number}")


def test_one_application_from_the_form_to_the_reply_letter(
    new_page: Callable[..., Page],
    demo: DemoResult,
    clock: Callable[[date], None],
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    body = Body.objects.get(name=BODY)

    # 1. The citizen applies online (2026-04-01).
    citizen = new_page()
    citizen.goto(f"/bodies/{body.pk}/apply/")
    citizen.get_by_label("申请人类型").select_option("自然人")
    citizen.get_by_label("申请人姓名或名称").fill(APPLICANT)
    citizen.get_by_label("身份证明类型").select_option("居民身份证")
    citizen.get_by_label("证件号码").fill(ID_NUMBER)
    citizen.get_by_label("联系电话").fill("13800000000")
    citizen.get_by_label("通信地址").fill("长春市南关区人民大街1号")
    citizen.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(REQUEST)
    citizen.get_by_label("电子", exact=True).check()
    citizen.get_by_label("网上", exact=True).check()
    question = citizen.get_by_text(re.compile(r"验证题：\d+ 加 \d+ 等于多少")).inner_text()
    first, second = map(int, re.findall(r"\d+", question))
    citizen.get_by_label("验证题").fill(str(first + second))
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("申请已提交")
    text = citizen.locator("main").inner_text()
    number = re.search(r"申请编号：\s*(\S+)", text)
    code = re.search(r"查询码：\s*(\S+)", text)
    assert number is not None and code is not None, text
    number_text, code_text = number.group(1), code.group(1)
    assert number_text.startswith("2026-")

    # 2. The clerk registers it (receipt confirmed 04-01) and asks for 补正 on 04-02.
    clock(CORRECTION_ASKED)
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    clerk.get_by_role("link", name="申请办理队列").click()
    row = clerk.get_by_role("row").filter(has=clerk.get_by_role("link", name=number_text))
    expect(row).to_contain_text(APPLICANT)
    expect(row.get_by_role("cell").nth(3)).to_have_text("登记")
    expect(row.get_by_role("cell").nth(5)).to_have_text("待确认")
    row.get_by_role("link", name=number_text).click()
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 登记")

    register = action(clerk, "确认收到（登记）")
    register.get_by_label("收到申请日期（双方确认之日）").fill("2026-04-01")
    register.get_by_label("确认情况").fill("2026年4月1日电话与申请人确认")
    register.get_by_role("button", name="确认收到（登记）").click()
    done(clerk)
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 审核")
    expect(clerk.locator("#due-date")).to_have_text("2026-04-30")  # 20 after 04-01, 清明 skipped

    correction = action(clerk, "告知补正")
    correction.get_by_label("需要补正的事项（一次性告知）").fill("请写明所需明细的具体月份。")
    expect(correction.get_by_label("补正期限（工作日）")).to_have_value("15")
    correction.get_by_label("告知日期").fill("2026-04-02")
    correction.get_by_role("button", name="告知补正").click()
    done(clerk)
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 补正中")
    expect(clerk.get_by_role("region", name="答复期限", exact=True)).to_contain_text(
        f"期限暂停计算（补正，至 {CORRECTION_DUE}）"
    )
    letters = clerk.get_by_role("region", name="文书", exact=True)
    generate(clerk, "补正告知书")
    expect(clerk.get_by_role("status")).to_contain_text("已生成补正告知书")
    expect(letters.get_by_role("row").filter(has_text="补正告知书")).to_contain_text("2026-04-02")

    # 3. The citizen corrects the application online on 04-08.
    clock(CORRECTED)
    track(citizen, number_text, code_text)
    correct = citizen.get_by_role("region", name="补正申请")
    expect(correct).to_contain_text(f"补正期限至 {CORRECTION_DUE}")
    expect(correct).to_contain_text("请写明所需明细的具体月份。")
    correct.get_by_label("补正内容").fill("需要2025年1月至12月每月的发放明细。")
    correct.get_by_role("button", name="提交补正").click()
    expect(citizen.get_by_role("region", name="补正申请")).to_have_count(0)
    values = citizen.locator("dl.values")
    expect(values).to_contain_text("办理状态办理")
    expect(values).to_contain_text(f"答复期限{DUE_AFTER_CORRECTION}")

    # 4. The clerk records the extension (approved on 04-20) and the consultation (04-22..04-29).
    clock(CONSULTED)
    clerk.reload()
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 办理")
    expect(clerk.locator("#due-date")).to_have_text(DUE_AFTER_CORRECTION)
    extend = action(clerk, "延长答复期限")
    expect(extend.get_by_label("延长工作日数（最长20个工作日，只能延长一次）")).to_have_value("20")
    extend.get_by_label("批准人（政府信息公开工作机构负责人）").select_option(label="演示审发人")
    extend.get_by_label("批准日期").fill("2026-04-20")
    extend.get_by_label("延期理由").fill("需调取全年档案")
    extend.get_by_role("button", name="延长答复期限").click()
    done(clerk)
    expect(clerk.locator("#due-date")).to_have_text(DUE_AFTER_EXTENSION)

    consult = action(clerk, "开始征求意见")
    consult.get_by_label("征求意见对象").select_option("第三方征求意见")
    consult.get_by_label("发出征求意见书日期").fill("2026-04-22")
    consult.get_by_label("说明").fill("明细涉及承办银行的商业信息")
    consult.get_by_role("button", name="开始征求意见").click()
    done(clerk)
    expect(clerk.get_by_role("region", name="答复期限", exact=True)).to_contain_text(
        f"期限暂停计算（第三方征求意见，至 {ANSWER_WINDOW_END}）"
    )

    clock(ANSWERED)
    clerk.reload()
    answered = action(clerk, "征求意见结束")
    answered.get_by_label("收到意见日期").fill("2026-04-29")
    answered.get_by_label("说明").fill("第三方同意公开除账号外的内容")
    answered.get_by_role("button", name="征求意见结束").click()
    done(clerk)
    expect(clerk.locator("#due-date")).to_have_text(DUE_FINAL)

    # 5. 部分公开: drafted by the clerk, 审核, 审发, then the letter and its delivery (05-20).
    clock(DELIVERED)
    clerk.reload()
    draft = action(clerk, "拟写答复")
    draft.get_by_label("办理结果（表三类别）").select_option(label="三（二） （二）部分公开")
    draft.get_by_label("法律依据（不填则按所选类别的条文）").fill("《条例》第三十七条")
    draft.get_by_label("答复内容").fill("承办银行账号已作区分处理，不予公开。")
    draft.get_by_role("button", name="拟写答复").click()
    done(clerk)
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 答复待审核")

    reviewer = new_page()
    open_case(reviewer, "demo-shenhe", number_text)
    expect(reviewer.get_by_role("region", name="申请内容")).to_contain_text(
        "办理结果三（二） （二）部分公开 · 《条例》第三十七条"
    )
    action(reviewer, "审核通过").get_by_role("button", name="审核通过").click()
    done(reviewer)
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 答复待审发")

    approver = new_page()
    open_case(approver, "demo-shenfa", number_text)
    action(approver, "审发签发").get_by_role("button", name="审发签发").click()
    done(approver)
    expect(approver.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 答复已签发")

    clerk.reload()
    generate(clerk, "答复告知书")
    expect(clerk.get_by_role("status")).to_contain_text("已生成政府信息部分公开告知书")
    reply_row = letters.get_by_role("row").filter(has_text="政府信息部分公开告知书")
    letter_number = reply_row.get_by_role("cell").first.inner_text()
    assert "〔2026〕" in letter_number
    deliver = action(clerk, "登记送达")
    expect(deliver.get_by_label("送达方式")).to_have_value("网上")
    deliver.get_by_label("送达日期").fill("2026-05-20")
    deliver.get_by_role("button", name="登记送达").click()
    done(clerk)
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"申请 {number_text} 已送达")
    reply_row.get_by_label("送达日期").fill("2026-05-20")
    reply_row.get_by_role("button", name="登记送达").click()
    expect(clerk.get_by_role("status")).to_have_text("送达情况已登记。")
    expect(reply_row.get_by_role("cell").last).to_have_text("网上，2026-05-20")

    # 7. The ledger: every date as counted by hand above.
    expect(clerk.get_by_role("region", name="答复期限", exact=True)).to_contain_text("已办结。")
    lines = ledger(clerk)
    expected = [
        ("2026-04-01 收到申请（当日不计）",),
        ("2026-04-02 一次性告知申请人补正", f"告知期限至{NOTICE_LATEST}", f"至{CORRECTION_DUE}"),
        ("2026-04-08 收到补正后的申请（当日不计）", "重新计算答复期限20个工作日"),
        ("2026-04-11至2026-04-12 周末，不计",),
        ("2026-04-18至2026-04-19 周末，不计",),
        (
            "2026-04-20 经政府信息公开工作机构负责人演示审发人同意，延长答复期限20个工作日"
            "（理由：需调取全年档案），并告知申请人（《条例》第三十三条第二款）",
        ),
        ("2026-04-22 发出征求意见书（第三方征求意见", f"对方应于{ANSWER_WINDOW_END}前提出意见"),
        ("2026-04-29 收到意见（当日不计）", "2026-04-23至2026-04-29期间5个工作日不计入答复期限"),
        ("2026-05-01至2026-05-05 ", "劳动节", "放假，不计"),
        ("2026-05-09（星期六） 调休上班，计为工作日",),
        ("2026-05-10 周末，不计",),
        ("2026-05-16至2026-05-17 周末，不计",),
        ("2026-05-20 办结", f"答复期限{DUE_FINAL}", "在期限内"),
    ]
    for fragments in expected:
        matching = [line for line in lines if all(part in line for part in fragments)]
        assert len(matching) == 1, (fragments, lines)
    starts = [line[:10] for line in lines]
    assert starts == sorted(starts), lines
    assert starts[-1] == "2026-05-20", lines  # nothing skipped after the case closed
    assert {line[:10] for line in lines} >= {
        "2026-04-01",
        "2026-04-02",
        "2026-04-08",
        "2026-04-20",
        "2026-04-22",
        "2026-04-29",
        "2026-05-20",
    }
    table = clerk.get_by_role("region", name="答复期限", exact=True).get_by_role("table")
    dates = [
        row.get_by_role("cell").first.inner_text()
        for row in table.get_by_role("row").all()[1:]  # the header row first
    ]
    assert dates == [
        "2026-04-01",
        "2026-04-02",
        "2026-04-08",
        "2026-04-20",
        "2026-04-22",
        "2026-04-29",
        "2026-05-20",
    ]

    # 6. The citizen sees the outcome and downloads the reply letter.
    track(citizen, number_text, code_text)
    values = citizen.locator("dl.values")
    expect(values).to_contain_text("办理状态已送达")
    expect(values).to_contain_text("已办结（2026-05-20）")
    expect(values).to_contain_text("部分公开")
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="下载答复告知书（PDF）").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert download.suggested_filename.endswith(".pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
    flat = re.sub(r"\s+", "", pdf_text)
    for wording in (
        "政府信息部分公开告知书",
        re.sub(r"\s+", "", letter_number),
        APPLICANT,
        "本机关于2026年4月1日收到您提出的政府信息公开申请",
        "能够作区分处理",
        "《条例》第三十七条",
        "2026年5月20日",
    ):
        assert wording in flat, (wording, pdf_text)
