"""Root URLs: the public portal at ``/`` and the API at ``/api/v1/``."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
]
