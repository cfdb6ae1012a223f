"""The audit log under the workspace."""

from django.urls import path

from gongkai.audit import views

app_name = "audit"
urlpatterns = [path("", views.event_list, name="list")]
