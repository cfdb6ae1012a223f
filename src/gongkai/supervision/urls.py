"""URLs of the supervisor's pages under ``/workspace/supervision/``."""

from django.urls import URLPattern, URLResolver

app_name = "supervision"
urlpatterns: list[URLPattern | URLResolver] = []
