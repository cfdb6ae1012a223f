"""``/api/v1/`` routes."""

from django.urls import path, re_path

from gongkai.api import publications, reports, staff, views

CASE = "staff/bodies/<int:body_id>/applications/<int:application_id>"

app_name = "api"
urlpatterns = [
    path("bodies", views.bodies, name="bodies"),
    path(
        "bodies/<int:body_id>/statistics/<str:year>",
        views.body_statistics,
        name="body_statistics",
    ),
    path("bodies/<int:body_id>/reports/<str:year>", reports.body_report, name="body_report"),
    path("publications", publications.publication_list, name="publications"),
    path("publications/search", publications.publication_search, name="publication_search"),
    path("publications/<int:publication_id>", publications.publication_detail, name="publication"),
    path("applications", views.applications, name="applications"),
    path("applications/<str:number>", views.application_status, name="application"),
    path("staff/me", staff.me, name="staff_me"),
    path("staff/bodies/<int:body_id>/applications", staff.queue, name="staff_queue"),
    path(CASE, staff.case, name="staff_case"),
    path(f"{CASE}/fee-quote", staff.fee_quote, name="staff_fee_quote"),
    path(f"{CASE}/actions/<slug:action>", staff.act, name="staff_act"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
