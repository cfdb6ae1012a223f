"""Body management under ``/workspace/org/``."""

from django.urls import path

from gongkai.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<int:body_id>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:body_id>/people/", views.people, name="people"),
    path("bodies/<int:body_id>/people/new/", views.person_new, name="person_new"),
    path("bodies/<int:body_id>/people/grant/", views.role_grant, name="role_grant"),
    path("roles/<int:membership_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("import/", views.import_bodies, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
]
