"""Letters of a case: each kind as DOCX and PDF, 文号, templates a body overrides, permissions, and
the applicant's download of the reply once it is delivered."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from applications_world import (  # noqa: F401
    APPLICANT,
    TODAY,
    World,
    empty_cache_fixture,
    today_fixture,
    world_fixture,
)
from django.core.files.storage import storages
from django.test import Client
from docx import Document

from gongkai.applications import documents, services
from gongkai.applications.models import Application
from gongkai.applications.models_letters import Letter, LetterSequence, LetterTemplate
from gongkai.organizations.models import User

pytestmark = pytest.mark.django_db

REMEDY_START = "如不服本答复，可以自收到本告知书之日起六十日内向"
#: kind -> the article the letter must cite.
ARTICLES = {
    "reply": "《条例》第三十七条",
    "correction": "《条例》第三十条",
    "extension": "《条例》第三十三条第二款",
    "consultation": "第三十二条",
    "fee": "《条例》第四十二条",
}
THIRD_PARTY = "某建设工程有限公司"


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> None:
    """Files go to a fresh directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    storages._storages = {}  # the handler caches the backend; drop it for this test's root


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def _received(world: World) -> tuple[Application, str]:
    application, code = services.application_intake(
        body=world.town,
        actor=world.clerk,
        channel="当面",
        received_on=TODAY,
        receipt_evidence="",
        **APPLICANT,
    )
    assert code is not None
    return application, code


def _processing(world: World) -> tuple[Application, str]:
    application, code = _received(world)
    services.application_accept(
        application_id=application.pk, actor=world.clerk, expected_version=application.version
    )
    return _fresh(application), code


def _signed(world: World) -> tuple[Application, str]:
    application, code = _processing(world)
    for step, actor in (
        ("draft", world.clerk),
        ("approve", world.reviewer),
        ("sign", world.approver),
    ):
        a = _fresh(application)
        if step == "draft":
            services.application_reply_draft(
                application_id=a.pk,
                actor=actor,
                expected_version=a.version,
                outcome="3.2",
                text="招标公告予以公开；评标专家名单涉及个人隐私，不予公开。",
            )
        elif step == "approve":
            services.application_reply_approve(
                application_id=a.pk, actor=actor, expected_version=a.version
            )
        else:
            services.application_reply_sign(
                application_id=a.pk, actor=actor, expected_version=a.version
            )
    return _fresh(application), code


def _deliver(world: World, application: Application) -> None:
    a = _fresh(application)
    services.application_deliver(
        application_id=a.pk,
        actor=world.clerk,
        expected_version=a.version,
        method="电子邮件",
        on=TODAY,
    )


def _case_for(world: World, kind: str) -> Application:
    """A case that has reached the step a letter of ``kind`` is about."""
    if kind == "reply":
        return _signed(world)[0]
    if kind == "correction":
        application, _code = _received(world)
        services.application_request_correction(
            application_id=application.pk,
            actor=world.clerk,
            expected_version=application.version,
            items="请写明道路名称。",
        )
        return _fresh(application)
    application, _code = _processing(world)
    if kind == "extension":
        services.application_extend(
            application_id=application.pk,
            actor=world.clerk,
            expected_version=application.version,
            on=TODAY,
            workdays=15,
            approver=world.reviewer,
            reason="需要调取档案",
        )
    elif kind == "fee":
        services.application_fee_notice(
            application_id=application.pk,
            actor=world.clerk,
            expected_version=application.version,
            on=TODAY,
            method="pieces",
            count=11,
        )
    return _fresh(application)


def _letter_url(world: World, application: Application) -> str:
    return f"/workspace/bodies/{world.town.pk}/applications/{application.pk}/letters/"


def _generate(client: Client, world: World, application: Application, kind: str) -> Any:
    return client.post(
        f"{_letter_url(world, application)}new/", {"kind": kind, "third_party": THIRD_PARTY}
    )


def _download(client: Client, world: World, letter: Letter, fmt: str) -> Any:
    return client.get(f"{_letter_url(world, letter.application)}{letter.pk}.{fmt}")


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("kind", sorted(ARTICLES))
def test_each_letter_renders_as_docx_and_pdf(world: World, tmp_path: Path, kind: str) -> None:
    application = _case_for(world, kind)
    client = _client(world.clerk)
    response = _generate(client, world, application, kind)
    assert response.status_code == 302
    letter = Letter.objects.get(application=application)
    assert letter.number == "乙镇人民政府公开〔2026〕第1号"

    docx = _download(client, world, letter, "docx")
    pdf = _download(client, world, letter, "pdf")
    for answer, kind_type in ((docx, "wordprocessingml"), (pdf, "application/pdf")):
        assert answer.status_code == 200
        assert kind_type in answer["Content-Type"]
        assert "filename*=utf-8''" in answer["Content-Disposition"]
        assert "no-store" in answer["Cache-Control"]
    docx_text = _flat(_docx_text(b"".join(docx.streaming_content)))
    pdf_bytes = b"".join(pdf.streaming_content)
    pdf_text = _flat(_pdf_text(pdf_bytes))
    for text in (docx_text, pdf_text):
        assert ARTICLES[kind] in text
        assert letter.number in text and "乙镇人民政府" in text and "2026年3月2日" in text
        assert f"申请编号：{application.number}" in text  # e.g. 申请编号：2026-000001
        assert APPLICANT["description"] in text
        if kind == "consultation":  # to the third party: no applicant name, no remedy clause
            assert THIRD_PARTY in text
            assert APPLICANT["name"] not in text and REMEDY_START not in text
        else:
            assert APPLICANT["name"] in text
            assert REMEDY_START + "甲县人民政府申请行政复议" in text
            assert "或者在六个月内向有管辖权的人民法院提起行政诉讼" in text
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSerifCJK" in line or "CJK" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), fonts  # the "emb" column


def test_reply_letter_carries_dates_outcome_and_reply_text(world: World) -> None:
    application = _case_for(world, "reply")
    _generate(_client(world.clerk), world, application, "reply")
    letter = Letter.objects.get(application=application)
    text = _flat(_docx_text(letter.docx.read()))
    assert letter.title == "政府信息部分公开告知书"
    assert "本机关于2026年3月2日收到您提出的政府信息公开申请" in text
    assert "评标专家名单涉及个人隐私，不予公开。" in text


def test_letter_numbers_run_per_body_and_year(world: World) -> None:
    application = _case_for(world, "fee")
    client = _client(world.clerk)
    _generate(client, world, application, "fee")
    _generate(client, world, application, "consultation")
    numbers = list(Letter.objects.order_by("id").values_list("number", flat=True))
    assert numbers == ["乙镇人民政府公开〔2026〕第1号", "乙镇人民政府公开〔2026〕第2号"]
    assert LetterSequence.objects.get(body=world.town, year=2026).last == 2


def test_a_letter_the_case_has_not_reached_is_refused_without_a_number(world: World) -> None:
    application, _code = _processing(world)
    client = _client(world.clerk)
    response = client.post(
        f"{_letter_url(world, application)}new/", {"kind": "extension"}, follow=True
    )
    assert "本申请尚未延长答复期限，不能生成延期答复告知书。" in response.content.decode()
    response = client.post(
        f"{_letter_url(world, application)}new/", {"kind": "consultation"}, follow=True
    )
    assert "请填写第三方的名称。" in response.content.decode()
    assert not Letter.objects.exists() and not LetterSequence.objects.exists()


def test_settings_change_the_number_and_the_remedy_clause(world: World) -> None:
    client = _client(world.admin)
    url = f"/workspace/bodies/{world.town.pk}/letters/"
    response = client.post(
        url,
        {
            "action": "settings",
            "number_prefix": "乙镇公开",
            "review_body": "甲县人民政府（县司法局）",
            "court": "丁区人民法院",
            "remedy_text": "",
        },
    )
    assert response.status_code == 302
    refused = client.post(url, {"action": "settings", "remedy_text": "不服可以投诉。"})
    assert refused.status_code == 400
    assert "救济途径告知应写明申请行政复议和提起行政诉讼的途径。" in refused.content.decode()
    application = _case_for(world, "reply")
    _generate(_client(world.clerk), world, application, "reply")
    letter = Letter.objects.get()
    text = _flat(_pdf_text(letter.pdf.read()))
    assert letter.number == "乙镇公开〔2026〕第1号"
    assert "六十日内向甲县人民政府（县司法局）申请行政复议" in text
    assert "六个月内向丁区人民法院提起行政诉讼" in text


def _template_with(extra: str) -> bytes:
    document = Document(io.BytesIO(documents.template_default("reply")))
    document.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client: Client, world: World, kind: str, name: str, data: bytes) -> Any:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        f"/workspace/bodies/{world.town.pk}/letters/",
        {"action": "upload", "kind": kind, "file": upload},
    )


def test_a_body_template_overrides_the_default_until_reset(world: World) -> None:
    client = _client(world.clerk)
    response = _upload(
        client, world, "reply", "答复模板.docx", _template_with("联系人：{{ body_name }}办公室")
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get(body=world.town, kind="reply")
    assert template.name == "答复模板.docx"
    downloaded = client.get(f"/workspace/bodies/{world.town.pk}/letters/reply.docx")
    assert "联系人：{{ body_name }}办公室" in _docx_text(b"".join(downloaded.streaming_content))

    application = _case_for(world, "reply")
    _generate(client, world, application, "reply")
    assert "联系人：乙镇人民政府办公室" in _docx_text(Letter.objects.get().docx.read())
    own = _upload(
        client, world, "reply", "编号.docx", _template_with("本件{{ application_number }}")
    )
    assert own.status_code == 302
    _generate(client, world, application, "reply")
    assert f"本件{application.number}" in _docx_text(
        Letter.objects.order_by("id").last().docx.read()
    )
    other = _case_for(world, "fee")  # other kinds keep the built-in template
    _generate(client, world, other, "fee")
    assert "联系人" not in _docx_text(Letter.objects.get(kind="fee").docx.read())

    reset = client.post(
        f"/workspace/bodies/{world.town.pk}/letters/", {"action": "reset", "kind": "reply"}
    )
    assert reset.status_code == 302 and not LetterTemplate.objects.exists()
    _generate(client, world, application, "reply")
    assert "联系人" not in _docx_text(Letter.objects.filter(kind="reply").last().docx.read())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("模板.docx", b"this is not a word file", "文件不是有效的Word（.docx）文档。"),
        ("模板.docx", _template_with("{{ 申请人 }}"), "模板中的占位符“{{ 申请人 }}”无法识别。"),
        ("模板.docx", _template_with("{% for x in y %}"), "不支持的语法"),
        ("模板.docx", _template_with("{{ title"), "未闭合的占位符"),
        ("模板.pdf", b"%PDF-1.4", "请上传Word（.docx）格式的模板。"),
    ],
    # Stable ids: DOCX bytes carry a build time, so xdist workers would disagree.
    ids=["not-docx", "unknown-placeholder", "unsupported-syntax", "unclosed-placeholder", "pdf"],
)
def test_a_broken_template_is_refused_in_chinese_and_nothing_saved(
    world: World, name: str, data: bytes, message: str
) -> None:
    response = _upload(_client(world.clerk), world, "reply", name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LetterTemplate.objects.exists()
    assert not list(Path(storages["default"].location).rglob("*.docx"))  # type: ignore[attr-defined]


def test_permissions_on_letters_and_templates(world: World) -> None:
    application = _case_for(world, "reply")
    _generate(_client(world.clerk), world, application, "reply")
    letter = Letter.objects.get()
    base = _letter_url(world, application)
    templates = f"/workspace/bodies/{world.town.pk}/letters/"
    anonymous = _client(None)
    for url in (f"{base}{letter.pk}.pdf", templates):
        assert "/accounts/login/" in anonymous.get(url)["Location"]
    assert "/accounts/login/" in anonymous.post(f"{base}new/", {"kind": "reply"})["Location"]
    for person in ("other_clerk", "outsider", "supervisor"):
        client = _client(world.user(person))
        for url in (f"{base}{letter.pk}.pdf", f"{base}{letter.pk}.docx", templates):
            answer = client.get(url)
            assert answer.status_code == 403
            assert APPLICANT["name"] not in answer.content.decode()
        assert client.post(f"{base}new/", {"kind": "reply"}).status_code == 403
    # The reviewer reads letters but does not make them or change templates.
    reviewer = _client(world.reviewer)
    assert reviewer.get(f"{base}{letter.pk}.pdf").status_code == 200
    assert reviewer.post(f"{base}new/", {"kind": "reply"}).status_code == 403
    assert reviewer.get(templates).status_code == 403
    assert Letter.objects.count() == 1


def test_letter_delivery_is_recorded(world: World) -> None:
    application = _case_for(world, "correction")
    client = _client(world.clerk)
    _generate(client, world, application, "correction")
    letter = Letter.objects.get()
    url = f"{_letter_url(world, application)}{letter.pk}/delivery/"
    refused = client.post(url, {"method": "", "on": TODAY.isoformat()}, follow=True)
    assert "请填写送达方式。" in refused.content.decode()
    client.post(url, {"method": "邮寄（EMS）", "on": TODAY.isoformat()})
    letter.refresh_from_db()
    assert (letter.delivery_method, letter.delivered_on) == ("邮寄（EMS）", TODAY)
    page = client.get(f"/workspace/bodies/{world.town.pk}/applications/{application.pk}/")
    assert "邮寄（EMS），2026-03-02" in page.content.decode()


@pytest.mark.usefixtures("empty_cache")
def test_the_applicant_downloads_the_reply_only_after_delivery_and_with_the_code(
    world: World,
) -> None:
    application, code = _signed(world)
    _generate(_client(world.clerk), world, application, "reply")
    url = f"/applications/track/{application.number}/reply.pdf"
    applicant = Client()
    applicant.post("/applications/track/", {"number": application.number, "code": code})
    assert applicant.get(url).status_code == 404  # signed, not yet delivered
    page = applicant.get(f"/applications/track/{application.number}/").content.decode()
    assert "下载答复告知书" not in page

    _deliver(world, application)
    page = applicant.get(f"/applications/track/{application.number}/").content.decode()
    assert f'href="{url}"' in page
    answer = applicant.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in answer["Content-Disposition"]
    assert "no-store" in answer["Cache-Control"]
    assert APPLICANT["name"] in _flat(_pdf_text(b"".join(answer.streaming_content)))

    stranger = Client()  # no 查询码 in this session
    assert stranger.get(url)["Location"] == "/applications/track/"
    wrong = Client()
    wrong.post("/applications/track/", {"number": application.number, "code": "WRONGCODE2"})
    assert wrong.get(url).status_code == 302
