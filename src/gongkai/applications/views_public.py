"""Public pages: the application form of a body, and the applicant's tracking page.

These pages hold per-visitor data (a form token, a challenge, a case's status), so they are never
served from the portal's page cache: they are not wrapped in ``portal.views.public_page``, they
carry CSRF tokens, and every answer says ``Cache-Control: no-store``.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import services, throttle
from gongkai.applications.documents import reply_letter_public
from gongkai.applications.forms import ApplyForm, TrackForm, form_errors_add
from gongkai.applications.models import Application, Status
from gongkai.applications.selectors import (
    application_clock,
    application_find_public,
    application_public_events,
)
from gongkai.applications.workflow import transition_get
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Body
from gongkai.web.proxy import client_ip

FORMS_KEY = "applications:forms"  # token -> challenge answer
DONE_KEY = "applications:done"  # token -> [number, 查询码]
TRACKED_KEY = "applications:tracked"  # ids of cases whose 查询码 this visitor gave
KEEP = 20
TOO_MANY = "提交过于频繁，请稍后再试。"
REJECTED = "提交失败，请刷新页面后重新填写。"
NOT_FOUND = "申请编号或查询码不正确。"


def _remember(request: HttpRequest, key: str, token: str, value: Any) -> None:
    stored: dict[str, Any] = dict(request.session.get(key, {}))
    stored[token] = value
    request.session[key] = dict(list(stored.items())[-KEEP:])


def _challenge(request: HttpRequest, token: str) -> tuple[int, int]:
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    _remember(request, FORMS_KEY, token, first + second)
    return first, second


def _render_form(
    request: HttpRequest, body: Body, form: ApplyForm, token: str, status: int = 200
) -> HttpResponse:
    first, second = _challenge(request, token)
    context = {"body": body, "form": form, "question": f"{first} 加 {second} 等于多少？"}
    return render(request, "applications/apply.html", context, status=status)


def _done(request: HttpRequest, body: Body, number: str, code: str | None) -> HttpResponse:
    return render(
        request, "applications/submitted.html", {"body": body, "number": number, "code": code}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, body_id: int) -> HttpResponse:
    """The application form (第二十九条) and its submission."""
    body = get_object_or_404(Body, pk=body_id)
    if request.method != "POST":
        token = secrets.token_urlsafe(24)
        return _render_form(request, body, ApplyForm(initial={"token": token}), token)
    token = str(request.POST.get("token", ""))[:64]
    done = request.session.get(DONE_KEY, {}).get(token)
    if done:  # the same form sent again (double click, back and resend): the same case
        return _done(request, body, done[0], done[1])
    if not throttle.hit(kind="apply", address=client_ip(request), limit=throttle.APPLY_LIMIT):
        return render(request, "applications/refused.html", {"message": TOO_MANY}, status=429)
    answer = request.session.get(FORMS_KEY, {}).get(token)
    if answer is None or request.POST.get("website"):
        return render(request, "applications/refused.html", {"message": REJECTED}, status=400)
    form = ApplyForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["challenge"] != answer:
        form.add_error("challenge", "验证题答案不正确。")
    if form.is_valid():
        try:
            application, code = services.application_submit(
                body=body,
                attachment=form.cleaned_data["attachment"],
                idempotency_key=f"web:{token}",
                **form.applicant_data(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            _remember(request, DONE_KEY, token, [application.number, code])
            return _done(request, body, application.number, code)
    return _render_form(request, body, form, token, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter 申请编号 and 查询码; the same answer for an unknown number and a wrong code."""
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if not throttle.hit(kind="track", address=client_ip(request), limit=throttle.TRACK_LIMIT):
            return render(request, "applications/refused.html", {"message": TOO_MANY}, status=429)
        if form.is_valid():
            found = application_find_public(number=form.cleaned_data["number"])
            if found is not None and services.query_code_matches(found, form.cleaned_data["code"]):
                tracked = [pk for pk in request.session.get(TRACKED_KEY, []) if pk != found.pk]
                request.session[TRACKED_KEY] = [*tracked, found.pk][-KEEP:]
                return redirect("applications:track_case", number=found.number)
            form.add_error(None, NOT_FOUND)
        return render(request, "applications/track.html", {"form": form}, status=400)
    return render(request, "applications/track.html", {"form": form})


def _tracked(request: HttpRequest, number: str) -> Application | None:
    found = application_find_public(number=number)
    if found is None or found.pk not in request.session.get(TRACKED_KEY, []):
        return None
    return found


@never_cache
@require_http_methods(["GET", "HEAD"])
def track_case(request: HttpRequest, number: str) -> HttpResponse:
    """A case's status, dates and public timeline — nothing of the applicant's personal data."""
    application = _tracked(request, number)
    if application is None:
        return redirect("applications:track")
    clock = application_clock(application=application, today=services.clock_today())
    reply = None
    if application.outcome and application.status in (Status.DELIVERED, Status.ARCHIVED):
        reply = outcome_rule(application.outcome).label
    context = {
        "application": application,
        "deadline": clock.deadline,
        "events": application_public_events(application=application),
        "may_withdraw": application.status in transition_get("withdraw").sources,
        "may_correct": application.status == Status.CORRECTION,
        "reply": reply,
        "reply_letter": reply is not None and reply_letter_public(application) is not None,
        "error": request.session.pop("applications:error", ""),
    }
    return render(request, "applications/track_case.html", context)


def _applicant_act(request: HttpRequest, number: str, act: Any) -> HttpResponse:
    application = _tracked(request, number)
    if application is None:
        return redirect("applications:track")
    try:
        version = int(str(request.POST.get("version", "")))
    except ValueError:
        version = None
    try:
        act(application, version)
    except services.ApplicationStaleError as error:
        request.session["applications:error"] = str(error)
    except services.ApplicationStateError as error:
        request.session["applications:error"] = str(error)
    except ValidationError as error:
        request.session["applications:error"] = "；".join(error.messages)
    return redirect(reverse("applications:track_case", kwargs={"number": application.number}))


@never_cache
@require_POST
def track_withdraw(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant withdraws the application."""
    reason = str(request.POST.get("reason", ""))
    return _applicant_act(
        request,
        number,
        lambda a, v: services.application_withdraw(
            application_id=a.pk, expected_version=v, reason=reason
        ),
    )


@never_cache
@require_POST
def track_correct(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant answers the 补正 request online."""
    text = str(request.POST.get("text", ""))
    return _applicant_act(
        request,
        number,
        lambda a, v: services.application_correct_online(
            application_id=a.pk, expected_version=v, text=text
        ),
    )
