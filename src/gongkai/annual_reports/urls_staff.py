"""URLs of the annual reports' staff pages (filled in by the views module of that area)."""

from django.urls import URLPattern, URLResolver

app_name = "annual_reports_staff"
urlpatterns: list[URLPattern | URLResolver] = []
