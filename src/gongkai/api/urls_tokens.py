"""``/workspace/tokens/``: the signed-in user's API tokens."""

from django.urls import path

from gongkai.api import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.tokens, name="list"),
    path("<int:token_id>/revoke/", views_tokens.revoke, name="revoke"),
]
