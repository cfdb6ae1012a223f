"""URLs of the annual reports' collect pages (filled in by the views module of that area)."""

from django.urls import URLPattern, URLResolver

app_name = "annual_reports_collect"
urlpatterns: list[URLPattern | URLResolver] = []
