"""Public pages."""

from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<path:name>/", views.region, name="region"),
    path("bodies/<int:body_id>/", views.column, name="column"),
    path("bodies/<int:body_id>/<slug:part>/", views.column_part, name="column_part"),
]
