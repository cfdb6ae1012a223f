"""URLs of the annual reports' public pages (filled in by the views module of that area)."""

from django.urls import URLPattern, URLResolver

app_name = "annual_reports_public"
urlpatterns: list[URLPattern | URLResolver] = []
