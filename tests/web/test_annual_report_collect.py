"""Collected reports: a 监督员 uploads a body's published report; the core reads and checks it.

The five seed reports (``shared/seeds``, kept in ``tests/cases/seed-*/input.txt``) are uploaded
through the page for bodies named as the seeds name themselves. Their tables and findings must be
what the core reads and reports for the file directly. Today is 2026-03-02 (``applications_world``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from applications_world import today_fixture  # noqa: F401
from django.core.exceptions import ValidationError
from django.core.files import storage as file_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.annual_reports import services, services_collect
from gongkai.annual_reports.models import (
    AnnualReport,
    CellCorrection,
    ReportKind,
    ReportStatus,
    ReportStep,
    StepAction,
)
from gongkai.annual_reports.selectors import TABLE_KEYS, check_config
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.report import read, render
from gongkai.report.checks import check

#: The five seed reports as published (copies of ``shared/seeds`` kept with the golden cases).
CASES = Path(__file__).resolve().parents[1] / "cases"


def seed_path(name: str) -> Path:
    """The seed ``NNN_<hash>.txt`` as kept in ``tests/cases/seed-NNN_<hash>/input.txt``."""
    return CASES / f"seed-{name.removesuffix('.txt')}" / "input.txt"


#: Each seed file, the organ its title names, and the kind of body that is.
SEED_BODIES = {
    "000_b2a6ebfd1a6d7656.txt": ("南关区长通街道办事处", BodyKind.SUBDISTRICT),
    "001_23d5930e45ca0162.txt": ("洛阳市洛龙区学府街道办事处", BodyKind.SUBDISTRICT),
    "002_29793b2c7988821a.txt": ("徐家营街道办事处", BodyKind.SUBDISTRICT),
    "003_d7a04d8f45e15f88.txt": ("南关区民政局", BodyKind.DEPARTMENT),
    "004_795117ff85927c6d.txt": ("南郊镇", BodyKind.TOWNSHIP),
}
NANJIAO = "004_795117ff85927c6d.txt"
#: 南郊镇's table 三, row 一 (本年新收), as the seed prints it: the line after the label.
NANJIAO_NEW = "一、本年新收政府信息公开申请数量\n\t4\n"


@dataclass
class Region:
    """A city with the five seed bodies below it, its 监督员, and another district's."""

    city: Body
    other_district: Body
    bodies: dict[str, Body]
    supervisor: User
    other_supervisor: User
    clerk: User

    def body(self, seed: str) -> Body:
        return self.bodies[seed]


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> None:
    """Uploaded files go to a fresh directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    file_storage.storages._storages = {}


@pytest.fixture(name="region")
def region_fixture(db: None, today: Any) -> Region:
    city = body_create(name="测试市人民政府", kind=BodyKind.GOVERNMENT)
    other = body_create(name="别区人民政府", kind=BodyKind.GOVERNMENT)
    bodies = {
        seed: body_create(name=name, kind=kind, parent=city)
        for seed, (name, kind) in SEED_BODIES.items()
    }
    supervisor = user_create(username="supervisor", password="x-password-1", full_name="监督员")
    membership_grant(user=supervisor, body=city, role=Role.SUPERVISOR)
    other_supervisor = user_create(username="other-sup", password="x-password-1", full_name="别区")
    membership_grant(user=other_supervisor, body=other, role=Role.SUPERVISOR)
    clerk = user_create(username="clerk", password="x-password-1", full_name="南郊镇经办人")
    membership_grant(user=clerk, body=bodies[NANJIAO], role=Role.CLERK)
    return Region(city, other, bodies, supervisor, other_supervisor, clerk)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def seed_bytes(seed: str) -> bytes:
    return seed_path(seed).read_bytes()


def upload(client: Client, body: Body, data: bytes, name: str = "report.txt", **fields: Any) -> Any:
    url = reverse("annual_reports_collect:new", args=[body.pk])
    payload = {"year": "2021", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(url, payload)


def collect(region: Region, seed: str, data: bytes | None = None) -> AnnualReport:
    outcome = services_collect.report_collect(
        actor=region.supervisor,
        body=region.body(seed),
        year=2021,
        data=seed_bytes(seed) if data is None else data,
        name=seed,
    )
    return outcome.report


def rule_ids(findings: list[Any]) -> list[str]:
    return sorted(f["rule"] if isinstance(f, dict) else f.rule for f in findings)


@pytest.mark.parametrize("seed", sorted(SEED_BODIES))
def test_a_seed_uploaded_gives_the_tables_and_findings_the_core_reads(
    region: Region, seed: str
) -> None:
    body = region.body(seed)
    response = upload(
        client_for(region.supervisor),
        body,
        seed_bytes(seed),
        name=seed,
        published_on="2022-01-28",
        source_url="https://www.example.gov.cn/2021.html",
    )
    report = AnnualReport.objects.get(body=body, year=2021)
    assert response.status_code == 302
    assert response["Location"] == reverse("annual_reports_collect:source", args=[report.pk])
    direct = read(seed_path(seed))
    canonical = direct.to_canonical()
    assert report.tables == {k: canonical[k] for k in TABLE_KEYS if k in canonical}
    assert rule_ids(report.findings) == rule_ids(check(direct, check_config(body)))
    assert report.errors == sum(1 for f in report.findings if f["severity"] == "error")
    assert report.kind == ReportKind.COLLECTED and report.status == ReportStatus.PUBLISHED
    assert report.title == direct.title and report.template == "2021"
    assert report.sections["1"] == direct.sections[1].text
    assert str(report.published_on) == "2022-01-28"
    assert report.source_url == "https://www.example.gov.cn/2021.html"
    assert report.source_kind == "text" and len(report.source_sha256) == 64
    assert report.source_file.read() == seed_bytes(seed)
    page = client_for(region.supervisor).get(response["Location"])
    assert page.status_code == 200
    assert report.title in page.content.decode()


def test_the_seeds_figures_as_printed(region: Region) -> None:
    # Typed from the seed files: 南郊镇 received 4 applications, handled 3 (七、总计), carried
    # 1 into 2022; 南关区民政局 prints one 规章 issued and in force, which it has no power to make.
    nanjiao = collect(region, NANJIAO)
    assert nanjiao.tables["applications"]["1"] == [4, 0, 0, 0, 0, 0, 4]
    assert nanjiao.tables["applications"]["3.7"] == [3, 0, 0, 0, 0, 0, 3]
    assert nanjiao.tables["applications"]["4"] == [1, 0, 0, 0, 0, 0, 1]
    assert nanjiao.findings == [] and nanjiao.errors == 0
    minzheng = collect(region, "003_d7a04d8f45e15f88.txt")
    regulations = minzheng.tables["proactive"]["regulations"]
    assert regulations == {"issued": 1, "repealed": 0, "in_force": 1}
    assert "plausibility.regulations-without-power" in rule_ids(minzheng.findings)
    assert minzheng.errors == 0  # the platform makes it a warning (selectors.PLATFORM_SEVERITIES)


def test_pasted_text_is_read_like_a_file(region: Region) -> None:
    body = region.body(NANJIAO)
    url = reverse("annual_reports_collect:new", args=[body.pk])
    text = seed_bytes(NANJIAO).decode("utf-8")
    response = client_for(region.supervisor).post(url, {"year": "2021", "text": text})
    assert response.status_code == 302
    report = AnnualReport.objects.get(body=body, year=2021)
    assert report.source_name == "粘贴的文本"
    assert report.tables["applications"]["1"] == [4, 0, 0, 0, 0, 0, 4]


def test_a_correction_keeps_the_value_read_and_rechecks(region: Region) -> None:
    report = collect(region, NANJIAO)
    assert report.errors == 0
    client = client_for(region.supervisor)
    url = reverse("annual_reports_collect:source", args=[report.pk])
    response = client.post(
        url,
        {"cell": "applications|1|natural_person", "value": "5", "reason": "核对原文"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    fix = CellCorrection.objects.get(report=report)
    assert (fix.table, fix.row, fix.column) == ("applications", "1", "natural_person")
    assert (fix.value_read, fix.value, fix.reason) == ("4", "5", "核对原文")
    assert fix.corrected_by == region.supervisor
    assert report.tables["applications"]["1"] == [5, 0, 0, 0, 0, 0, 4]
    # 5 natural persons beside a total of 4: the core now finds the row's sum wrong.
    assert report.errors > 0
    assert ReportStep.objects.filter(report=report, action=StepAction.CORRECT).count() == 1
    page = client.get(url).content.decode()
    assert '<del aria-label="读取值">4</del><ins aria-label="更正值">5</ins>' in page
    # Back to the value read: the correction goes, the findings are the file's again.
    client.post(url, {"cell": "applications|1|natural_person", "value": "4", "reason": "撤销"})
    report.refresh_from_db()
    assert not CellCorrection.objects.filter(report=report).exists()
    assert report.tables["applications"]["1"] == [4, 0, 0, 0, 0, 0, 4]
    assert report.findings == [] and report.errors == 0


def test_a_correction_needs_a_reason_and_a_number(region: Region) -> None:
    report = collect(region, NANJIAO)
    client = client_for(region.supervisor)
    url = reverse("annual_reports_collect:source", args=[report.pk])
    no_reason = client.post(url, {"cell": "applications|1|natural_person", "value": "5"})
    assert no_reason.status_code == 400
    bad = client.post(
        url, {"cell": "applications|1|natural_person", "value": "五", "reason": "核对"}
    )
    assert bad.status_code == 400 and "请填写不小于0的整数" in bad.content.decode()
    assert not CellCorrection.objects.exists()


def test_uploading_again_keeps_a_correction_only_where_the_misreading_stays(
    region: Region,
) -> None:
    text = seed_bytes(NANJIAO).decode("utf-8")
    assert text.count(NANJIAO_NEW) == 1
    report = collect(region, NANJIAO)
    services_collect.report_cell_correct(
        actor=region.supervisor,
        report_id=report.pk,
        table="applications",
        row="1",
        column="natural_person",
        value="5",
        reason="核对原文",
    )
    # The same report republished with another preamble: the cell still reads 4.
    again = collect(region, NANJIAO, (text.replace("2021年", "2021年度", 1)).encode())
    assert again.pk == report.pk and again.version > report.version
    assert again.tables["applications"]["1"][0] == 5
    assert CellCorrection.objects.filter(report=report).count() == 1
    # Republished with that cell printed as 6: the new file speaks for itself.
    changed = text.replace(NANJIAO_NEW, NANJIAO_NEW.replace("\t4", "\t6"))
    last = collect(region, NANJIAO, changed.encode())
    assert last.tables["applications"]["1"][0] == 6
    assert not CellCorrection.objects.filter(report=report).exists()
    step = ReportStep.objects.filter(report=report, action=StepAction.COLLECT).last()
    assert step is not None and "原有更正已撤销" in step.comment
    assert AnnualReport.objects.count() == 1


def test_the_same_file_twice_is_one_report(region: Region) -> None:
    client = client_for(region.supervisor)
    body = region.body(NANJIAO)
    upload(client, body, seed_bytes(NANJIAO))
    first = AnnualReport.objects.get()
    response = upload(client, body, seed_bytes(NANJIAO))
    assert response.status_code == 302
    again = AnnualReport.objects.get()
    assert again.pk == first.pk and again.version == first.version
    assert ReportStep.objects.filter(report=again, action=StepAction.COLLECT).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "无法读取该报告"),
        ("这不是一份年度报告，只是一段话。\n".encode(), "不像是一份年度报告"),
        (b'{"format": "gongkai.annual-report/1"}', "不是发布的报告"),
        (
            (Path(__file__).parents[1] / "fixtures/pdf/encrypted.pdf").read_bytes(),
            "PDF 文件设有密码保护",
        ),
    ],
)
def test_an_unreadable_file_stores_nothing(region: Region, data: bytes, message: str) -> None:
    response = upload(client_for(region.supervisor), region.body(NANJIAO), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AnnualReport.objects.exists()
    assert not ReportStep.objects.exists()


def test_a_file_of_another_year_is_refused(region: Region) -> None:
    response = upload(
        client_for(region.supervisor), region.body(NANJIAO), seed_bytes(NANJIAO), year="2022"
    )
    assert response.status_code == 400
    assert "文件是2021年度的报告" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_body_writing_its_report_on_the_platform_is_not_collected(region: Region) -> None:
    services.report_compile(
        actor=region.clerk,
        roles=frozenset({Role.CLERK}),
        body=region.body(NANJIAO),
        year=2021,
        sections={},
    )
    response = upload(client_for(region.supervisor), region.body(NANJIAO), seed_bytes(NANJIAO))
    assert response.status_code == 400
    assert "已在平台上编制2021年度报告" in response.content.decode()
    assert not AnnualReport.objects.filter(kind=ReportKind.COLLECTED).exists()


def test_only_a_supervisor_above_the_body_collects(region: Region) -> None:
    body = region.body(NANJIAO)
    url = reverse("annual_reports_collect:new", args=[body.pk])
    assert client_for(None).get(url).status_code == 302  # to the login page
    for person in (region.clerk, region.other_supervisor):
        assert client_for(person).get(url).status_code == 403
        assert upload(client_for(person), body, seed_bytes(NANJIAO)).status_code == 403
    assert not AnnualReport.objects.exists()
    assert client_for(region.supervisor).get(url).status_code == 200


def test_the_body_sees_its_reading_but_only_the_supervisor_corrects(region: Region) -> None:
    report = collect(region, NANJIAO)
    url = reverse("annual_reports_collect:source", args=[report.pk])
    fix = {"cell": "applications|1|natural_person", "value": "5", "reason": "核对"}
    clerk = client_for(region.clerk)
    page = clerk.get(url)
    assert page.status_code == 200 and "更正读取错误的单元格" not in page.content.decode()
    assert clerk.post(url, fix).status_code == 403
    assert client_for(region.other_supervisor).get(url).status_code == 403
    assert client_for(region.other_supervisor).post(url, fix).status_code == 403
    assert not CellCorrection.objects.exists()
    file_url = reverse("annual_reports_collect:source_file", args=[report.pk])
    assert b"".join(clerk.get(file_url).streaming_content) == seed_bytes(NANJIAO)  # type: ignore[attr-defined]
    assert client_for(region.other_supervisor).get(file_url).status_code == 403


@pytest.mark.parametrize(
    ("kind", "name"), [("html", "report.html"), ("docx", "report.docx"), ("pdf", "report.pdf")]
)
def test_a_published_web_page_word_or_pdf_file_is_read_too(
    region: Region, kind: str, name: str
) -> None:
    # The seed as the core's writers lay it out in the national format, uploaded under a name
    # that says nothing: the kind is detected from the content.
    direct = read(seed_path(NANJIAO))
    data = render(direct, kind)
    response = upload(client_for(region.supervisor), region.body(NANJIAO), data, name="报告")
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert report.source_kind == kind and report.source_name == "报告"
    canonical = direct.to_canonical()
    assert report.tables == {k: canonical[k] for k in TABLE_KEYS}
    assert report.tables["applications"]["1"] == [4, 0, 0, 0, 0, 0, 4]
    assert report.source_file.name.endswith(f".{name.rsplit('.', 1)[1]}")


def test_a_row_the_reader_missed_can_be_filled_in(region: Region) -> None:
    # 徐家营街道办事处's file: the core finds no rows after 3.4.3 in table 三 and no table 四.
    seed = "002_29793b2c7988821a.txt"
    report = collect(region, seed)
    assert "3.5.1" not in report.tables["applications"]
    assert "reviews_litigation" not in report.tables
    client = client_for(region.supervisor)
    url = reverse("annual_reports_collect:source", args=[report.pk])
    response = client.post(
        url, {"cell": "reviews_litigation|review|total", "value": "0", "reason": "原文表四为0"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.tables["reviews_litigation"] == {"review": [None, None, None, None, 0]}
    fix = CellCorrection.objects.get(report=report)
    assert (fix.value_read, fix.value) == ("", "0")
    assert '<del aria-label="读取值">未读到</del>' in client.get(url).content.decode()
    # Uploaded again with other bytes: the row is still missed, the correction stays.
    data = seed_bytes(seed) + b"\n"
    again = collect(region, seed, data)
    assert again.tables["reviews_litigation"] == {"review": [None, None, None, None, 0]}
    assert CellCorrection.objects.filter(report=report).count() == 1
    # A cell no format has is refused.
    bad = client.post(url, {"cell": "reviews_litigation|appeal|total", "value": "1", "reason": "x"})
    assert bad.status_code == 400


def test_a_file_over_the_limit_is_refused(region: Region, settings: Any) -> None:
    settings.GONGKAI_COLLECT_MAX_BYTES = 1024
    body = region.body(NANJIAO)
    client = client_for(region.supervisor)
    response = upload(client, body, seed_bytes(NANJIAO))
    assert response.status_code == 400
    assert "文件过大（上限1024 字节）" in response.content.decode()
    url = reverse("annual_reports_collect:new", args=[body.pk])
    pasted = client.post(url, {"year": "2021", "text": seed_bytes(NANJIAO).decode()})
    assert pasted.status_code == 400 and "粘贴的内容过长" in pasted.content.decode()
    with pytest.raises(ValidationError, match="文件过大"):
        collect(region, NANJIAO)
    assert not AnnualReport.objects.exists()


def test_a_collected_report_shows_on_the_body_s_annual_reports_part_at_once(
    region: Region,
) -> None:
    body = Body.objects.get(name=SEED_BODIES[NANJIAO][0])
    part = f"/bodies/{body.pk}/annual-reports/"
    anonymous = Client()
    assert "2021年" not in anonymous.get(part).content.decode()  # rendered and cached
    collect(region, NANJIAO)
    assert "2021年" in anonymous.get(part).content.decode()


def test_the_body_workspace_links_the_reports_and_the_collection(region: Region) -> None:
    body = region.body(NANJIAO)
    page = f"/workspace/bodies/{body.pk}/"
    reports = reverse("annual_reports_staff:list", args=[body.pk])
    collect_url = reverse("annual_reports_collect:new", args=[body.pk])
    as_supervisor = client_for(region.supervisor).get(page).content.decode()
    assert reports in as_supervisor and collect_url in as_supervisor
    as_clerk = client_for(region.clerk).get(page).content.decode()
    assert reports in as_clerk and collect_url not in as_clerk
