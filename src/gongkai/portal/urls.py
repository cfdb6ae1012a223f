"""Public pages."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.portal import views
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"
BODY = "bodies/<int:body_id>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<path:name>/", views.region, name="region"),
    path(BODY, views.column, name="column"),
    path(BODY + "catalogue/", views.catalogue, name="catalogue"),
    path(BODY + "items/<int:publication_id>/", views.item, name="item"),
    path(
        BODY + "items/<int:publication_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path(BODY + "feed.atom", views.feed, name="feed"),
    path(BODY + "<slug:part>/", views.column_part, name="column_part"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
