"""``/api/v1/`` routes."""

from django.urls import path, re_path

from gongkai.api import views

app_name = "api"
urlpatterns = [
    path("bodies", views.bodies, name="bodies"),
    path(
        "bodies/<int:body_id>/statistics/<str:year>",
        views.body_statistics,
        name="body_statistics",
    ),
    path("applications", views.applications, name="applications"),
    path("applications/<str:number>", views.application_status, name="application"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
