"""复议/诉讼 screens: the permission matrix, masking, the forms' Chinese errors, stale edits,
表四预览 and the link from an application's case page."""

from __future__ import annotations

from datetime import date

import pytest
from applications_world import World, submit, today_fixture, world_fixture  # noqa: F401
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from remedies_world import cross_year_cases, record

from gongkai.remedies.models import CaseKind, RemedyCase, Result

pytestmark = pytest.mark.django_db

STAFF = ("clerk", "reviewer", "approver", "admin")


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(world.user(who))
    return client


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": CaseKind.REVIEW,
        "applicant_name": "赵六",
        "filed_on": "2025-04-01",
        "deciding_organ": "甲县人民政府",
        "subject": "未主动公开2024年财政预算",
        "result": Result.PENDING,
        "decision": "",
        "decided_on": "",
        "case_number": "甲府复〔2025〕7号",
        "application_number": "",
        "review_case": "",
        "notes": "",
    }
    data.update(changes)
    return data


# who → (reads the list and a case, records and edits)
MATRIX = {
    "clerk": (True, True),
    "reviewer": (True, True),
    "approver": (True, True),
    "admin": (True, True),
    "supervisor": (True, False),
    "other_clerk": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_permission_matrix(world: World, who: str) -> None:
    case = record(world.town, world, applicant_name="王小明")
    reads, edits = MATRIX[who]
    client = client_for(world, who)
    base = f"/workspace/bodies/{world.town.pk}/remedies/"
    for url in (base, f"{base}{case.pk}/", f"{base}table-four/?year=2025"):
        assert client.get(url).status_code == (200 if reads else 403), url
    for url in (f"{base}new/", f"{base}{case.pk}/edit/"):
        assert client.get(url).status_code == (200 if edits else 403), url
    response = client.post(f"{base}new/", form_data())
    assert response.status_code == (302 if edits else 403)
    response = client.post(f"{base}{case.pk}/edit/", form_data(version="1", notes="已答辩"))
    assert response.status_code == (302 if edits else 403)
    case.refresh_from_db()
    assert case.notes == ("已答辩" if edits else "")
    assert RemedyCase.objects.count() == (2 if edits else 1)


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = Client().get(f"/workspace/bodies/{world.town.pk}/remedies/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_case_of_another_body_is_not_found_through_this_body(world: World) -> None:
    other_case = record(world.other, world)
    client = client_for(world, "clerk")
    response = client.get(f"/workspace/bodies/{world.town.pk}/remedies/{other_case.pk}/")
    assert response.status_code == 403


def test_names_masked_in_lists_and_for_supervisors(world: World) -> None:
    case = record(world.town, world, applicant_name="王小明")
    base = f"/workspace/bodies/{world.town.pk}/remedies/"
    clerk = client_for(world, "clerk")
    listing = clerk.get(base).content.decode()
    assert "王**" in listing and "王小明" not in listing
    assert "王小明" in clerk.get(f"{base}{case.pk}/").content.decode()
    detail = client_for(world, "supervisor").get(f"{base}{case.pk}/").content.decode()
    assert "王**" in detail and "王小明" not in detail
    assert "修改</a>" not in detail


def test_list_filters(world: World) -> None:
    cross_year_cases(world)
    client = client_for(world, "clerk")
    base = f"/workspace/bodies/{world.town.pk}/remedies/"
    page = client.get(base, {"year": "2025"}).content.decode()
    # 2025 counts R2, R4, R5, L1, L2, L3 (see remedies_world / test_remedies)
    for number in ("R2", "R4", "R5", "L1", "L2", "L3"):
        assert f">{number}</a>" in page
    for number in ("R1", "R3", "L4", "O1"):
        assert f">{number}</a>" not in page
    page = client.get(base, {"year": "2025", "kind": "litigation_direct"}).content.decode()
    assert ">L1</a>" in page and ">L2</a>" in page and ">R2</a>" not in page
    page = client.get(base, {"result": "pending"}).content.decode()
    assert ">R4</a>" in page and ">L4</a>" in page and ">R1</a>" not in page


def test_list_queries_do_not_grow(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(world, "clerk")
    url = f"/workspace/bodies/{world.town.pk}/remedies/"
    application, _code = submit(world.town)
    record(world.town, world, application=application)
    client.get(url)
    with django_assert_num_queries(8) as few:
        client.get(url)
    for _ in range(5):
        record(world.town, world, application=application)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_form_shows_chinese_errors_and_writes_nothing(world: World) -> None:
    client = client_for(world, "clerk")
    url = f"/workspace/bodies/{world.town.pk}/remedies/new/"
    response = client.post(
        url, form_data(result=Result.UPHELD, decided_on="2025-03-01", filed_on="2025-04-01")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "决定（裁判）日期不能早于申请（立案）日期。" in page
    assert 'aria-describedby="id_decided_on-errors"' in page
    response = client.post(url, form_data(result=Result.CORRECTED))
    assert "已审结的案件请填写决定（裁判）日期" in response.content.decode()
    response = client.post(url, form_data(application_number="2025-999999", subject=""))
    assert "本机关没有编号为“2025-999999”的申请。" in response.content.decode()
    assert RemedyCase.objects.count() == 0


def test_suit_after_review_links_only_own_reviews(world: World) -> None:
    other_review = record(world.other, world, filed_on=date(2025, 3, 1))
    own_review = record(world.town, world, filed_on=date(2025, 3, 1))
    client = client_for(world, "clerk")
    url = f"/workspace/bodies/{world.town.pk}/remedies/new/"
    data = form_data(kind=CaseKind.LITIGATION_AFTER_REVIEW, deciding_organ="甲县人民法院")
    response = client.post(url, {**data, "review_case": str(other_review.pk)})
    assert response.status_code == 400
    assert "只能选择本机关的行政复议案件。" in response.content.decode()
    response = client.post(url, {**data, "review_case": str(own_review.pk)})
    assert response.status_code == 302
    suit = RemedyCase.objects.get(kind=CaseKind.LITIGATION_AFTER_REVIEW)
    assert suit.review_case == own_review
    detail = client.get(f"/workspace/bodies/{world.town.pk}/remedies/{own_review.pk}/")
    assert f"/remedies/{suit.pk}/" in detail.content.decode()


def test_stale_edit_is_refused_on_the_page(world: World) -> None:
    case = record(world.town, world)
    url = f"/workspace/bodies/{world.town.pk}/remedies/{case.pk}/edit/"
    clerk, reviewer = client_for(world, "clerk"), client_for(world, "reviewer")
    assert clerk.post(url, form_data(version="1", notes="甲")).status_code == 302
    response = reviewer.post(url, form_data(version="1", notes="乙"))
    assert response.status_code == 400
    assert "该案件已被他人修改，请刷新后重试。" in response.content.decode()
    case.refresh_from_db()
    assert (case.notes, case.version) == ("甲", 2)


def test_table_four_preview(world: World) -> None:
    cross_year_cases(world)
    client = client_for(world, "supervisor")
    url = f"/workspace/bodies/{world.town.pk}/remedies/table-four/"
    page = client.get(url, {"year": "2025"}).content.decode()
    cells = [1, 1, 0, 1, 3, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1]
    assert "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>" in page
    assert "25.0%" in page
    county = f"/workspace/bodies/{world.county.pk}/remedies/table-four/"
    page = client.get(county, {"year": "2025", "subtree": "1"}).content.decode()
    cells = [2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1]
    assert "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>" in page


def test_application_case_page_lists_its_remedy_cases(world: World) -> None:
    application, _code = submit(world.town)
    case = record(world.town, world, application=application, case_number="甲府复〔2025〕9号")
    client = client_for(world, "clerk")
    page = client.get(
        f"/workspace/bodies/{world.town.pk}/applications/{application.pk}/"
    ).content.decode()
    assert f'href="/workspace/bodies/{world.town.pk}/remedies/{case.pk}/"' in page
    assert "甲府复〔2025〕9号" in page


def test_body_page_links_the_registry(world: World) -> None:
    page = client_for(world, "clerk").get(f"/workspace/bodies/{world.town.pk}/").content.decode()
    assert f'href="/workspace/bodies/{world.town.pk}/remedies/"' in page
