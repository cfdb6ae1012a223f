"""The staff workspace."""

from django.urls import path

from gongkai.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<int:body_id>/", views.body_detail, name="body"),
]
