"""URLs of the supervisor's pages under ``/workspace/supervision/``."""

from django.urls import URLPattern, URLResolver, path

from gongkai.supervision import views

app_name = "supervision"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:body_id>/<int:year>/", views.dashboard, name="dashboard"),
]
