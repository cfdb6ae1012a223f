"""Staff pages of annual reports: a body's reports, the editor and its steps."""

from django.urls import URLPattern, URLResolver, path

from gongkai.annual_reports import views_staff

app_name = "annual_reports_staff"
REPORT = "workspace/annual-reports/<int:report_id>/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "workspace/bodies/<int:body_id>/annual-reports/",
        views_staff.report_list,
        name="list",
    ),
    path(
        "workspace/bodies/<int:body_id>/annual-reports/compile/",
        views_staff.report_compile,
        name="compile",
    ),
    path(REPORT, views_staff.report_editor, name="editor"),
    path(REPORT + "check/", views_staff.report_check, name="check"),
    *(
        path(REPORT + f"{action}/", views_staff.report_step, {"action": action}, name=action)
        for action in ("submit", "review", "return", "approve")
    ),
]
