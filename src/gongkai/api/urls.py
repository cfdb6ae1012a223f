"""``/api/v1/`` routes."""

from django.urls import path, re_path

from gongkai.api import views

app_name = "api"
urlpatterns = [
    path("bodies", views.bodies, name="bodies"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
