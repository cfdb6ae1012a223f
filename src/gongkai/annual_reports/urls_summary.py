"""The supervisor's 编制汇总报告 action."""

from django.urls import URLPattern, URLResolver, path

from gongkai.annual_reports import views_summary

app_name = "annual_reports_summary"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "workspace/bodies/<int:body_id>/annual-reports/summary/",
        views_summary.summary_compile_view,
        name="compile",
    ),
]
