"""``{% remedy_cases application %}``: the 复议/诉讼 cases about a case, for its staff page."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.applications.models import Application
from gongkai.remedies.selectors import remedy_cases_for_application

register = template.Library()


@register.inclusion_tag("remedies/_application_cases.html")
def remedy_cases(application: Application) -> dict[str, Any]:
    """The cases linked to ``application`` (the page has checked the user's right to its body)."""
    return {"remedy_cases": list(remedy_cases_for_application(application=application))}
