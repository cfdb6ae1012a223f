"""Public search URLs (mounted before the portal's, whose ``bodies/<id>/<part>/`` would match)."""

from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_site, name="site"),
    path("bodies/<int:body_id>/search/", views.search_body, name="body"),
    path("bodies/<int:body_id>/search/suggest", views.suggest, name="suggest"),
]
