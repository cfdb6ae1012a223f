"""Root URLs: portal ``/``, sign-in ``/accounts/``, staff ``/workspace/``, API ``/api/v1/``."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("gongkai.accounts.urls")),
    path("workspace/audit/", include("gongkai.audit.urls")),
    path("workspace/", include("gongkai.workspace.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
]
