"""The production URLs plus ``/hello/``, the stack's ceiling (never in the production urlconf)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.web.urls import urlpatterns as production_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    """A bare view: everything a page costs except the page (same middleware, same server)."""
    return HttpResponse("hello", content_type="text/plain; charset=utf-8")


urlpatterns = [path("hello/", hello), *production_urlpatterns]
