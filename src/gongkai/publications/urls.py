"""Staff pages of 主动公开 under ``/workspace/bodies/<id>/publications/``."""

from django.urls import path

from gongkai.publications import views

app_name = "publications"
BASE = "workspace/bodies/<int:body_id>/publications/"
ITEM = BASE + "<int:publication_id>/"
urlpatterns = [
    path(BASE, views.item_list, name="list"),
    path(BASE + "new/", views.item_create, name="create"),
    path(BASE + "channels/", views.channels, name="channels"),
    path(BASE + "settings/", views.settings_edit, name="settings"),
    path(BASE + "releases/", views.releases_bulk, name="releases"),
    path(BASE + "releases/template.csv", views.releases_template, name="releases_template"),
    path(BASE + "pages/<slug:kind>/", views.page_edit, name="page"),
    path(ITEM, views.item_detail, name="detail"),
    path(ITEM + "edit/", views.item_edit, name="edit"),
    path(ITEM + "history/", views.item_history, name="history"),
    path(ITEM + "attachments/", views.attachment_upload, name="attach"),
    path(ITEM + "attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(ITEM + "attachments/<int:attachment_id>/remove/", views.attachment_remove, name="detach"),
    path(ITEM + "<slug:action>/", views.act, name="act"),
]
