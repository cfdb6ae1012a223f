"""Staff pages of 复议/诉讼 cases under ``/workspace/bodies/<id>/remedies/``."""

from django.urls import path

from gongkai.remedies import views

app_name = "remedies"
urlpatterns = [
    path("workspace/bodies/<int:body_id>/remedies/", views.case_list, name="list"),
    path("workspace/bodies/<int:body_id>/remedies/new/", views.case_new, name="new"),
    path(
        "workspace/bodies/<int:body_id>/remedies/table-four/",
        views.table_four_preview,
        name="table_four",
    ),
    path("workspace/bodies/<int:body_id>/remedies/<int:case_id>/", views.case_detail, name="case"),
    path(
        "workspace/bodies/<int:body_id>/remedies/<int:case_id>/edit/",
        views.case_edit,
        name="edit",
    ),
]
