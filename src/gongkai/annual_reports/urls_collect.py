"""URLs of collected reports and open data: the collect form, a reading with its corrections,
and the public downloads of published reports."""

from django.urls import URLPattern, URLResolver, path

from gongkai.annual_reports import opendata, views_collect

app_name = "annual_reports_collect"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "workspace/bodies/<int:body_id>/annual-reports/collect/",
        views_collect.collect_new,
        name="new",
    ),
    path(
        "workspace/annual-reports/<int:report_id>/source/",
        views_collect.source,
        name="source",
    ),
    path(
        "workspace/annual-reports/<int:report_id>/source/file",
        views_collect.source_file,
        name="source_file",
    ),
    path("open-data/", opendata.definitions, name="open_data"),
    path("open-data/reports.csv", opendata.reports_csv, name="open_data_csv"),
    path("open-data/reports.json", opendata.reports_json, name="open_data_json"),
]
