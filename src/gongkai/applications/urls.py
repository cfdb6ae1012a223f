"""Public pages of 依申请公开 and the staff pages under ``/workspace/bodies/<id>/applications/``."""

from django.urls import path

from gongkai.applications import (
    views_calendar,
    views_notices,
    views_public,
    views_staff,
    views_statistics,
)

app_name = "applications"
urlpatterns = [
    path("workspace/notices/read/", views_notices.notices_read, name="notices_read"),
    path("workspace/calendar/", views_calendar.calendar_years, name="calendar_years"),
    path("workspace/calendar/<int:year>/", views_calendar.calendar_year_edit, name="calendar_year"),
    path("bodies/<int:body_id>/apply/", views_public.apply, name="apply"),
    path("applications/track/", views_public.track, name="track"),
    path("applications/track/<str:number>/", views_public.track_case, name="track_case"),
    path(
        "applications/track/<str:number>/withdraw/",
        views_public.track_withdraw,
        name="track_withdraw",
    ),
    path(
        "applications/track/<str:number>/correct/",
        views_public.track_correct,
        name="track_correct",
    ),
    path("workspace/bodies/<int:body_id>/applications/", views_staff.queue, name="queue"),
    path("workspace/bodies/<int:body_id>/applications/new/", views_staff.intake, name="intake"),
    path(
        "workspace/bodies/<int:body_id>/applications/statistics/",
        views_statistics.statistics_index,
        name="statistics_index",
    ),
    path(
        "workspace/bodies/<int:body_id>/applications/statistics/<int:year>/",
        views_statistics.statistics,
        name="statistics",
    ),
    path(
        "workspace/bodies/<int:body_id>/applications/statistics/<int:year>/cases/",
        views_statistics.statistics_cases,
        name="statistics_cases",
    ),
    path(
        "workspace/bodies/<int:body_id>/applications/<int:application_id>/",
        views_staff.case,
        name="case",
    ),
    path(
        "workspace/bodies/<int:body_id>/applications/<int:application_id>/attachments/"
        "<int:attachment_id>/",
        views_staff.attachment,
        name="attachment",
    ),
    path(
        "workspace/bodies/<int:body_id>/applications/<int:application_id>/<slug:action>/",
        views_staff.act,
        name="act",
    ),
]

from gongkai.applications import urls_letters  # noqa: E402

urlpatterns += urls_letters.urlpatterns
