"""Root URLs: portal, search, ``/accounts/``, ``/workspace/``, ``/api/v1/``, ``/healthz``."""

from django.urls import include, path

from gongkai.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("gongkai.accounts.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.publications.urls")),
    path("", include("gongkai.remedies.urls")),
    path("", include("gongkai.annual_reports.urls_staff")),
    path("", include("gongkai.annual_reports.urls_public")),
    path("", include("gongkai.annual_reports.urls_collect")),
    path("", include("gongkai.annual_reports.urls_summary")),
    path("workspace/supervision/", include("gongkai.supervision.urls")),
    path("workspace/bodies/<int:body_id>/ledgers/", include("gongkai.ledgers.urls")),
    path("workspace/audit/", include("gongkai.audit.urls")),
    path("workspace/org/", include("gongkai.organizations.urls")),
    path("workspace/tokens/", include("gongkai.api.urls_tokens")),
    path("workspace/", include("gongkai.workspace.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.portal.urls")),
]
