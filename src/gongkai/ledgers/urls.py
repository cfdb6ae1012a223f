"""Ledger screens, included under ``/workspace/bodies/<body_id>/ledgers/``."""

from django.urls import path

from gongkai.ledgers import views

app_name = "ledgers"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("documents/<int:document_id>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:document_id>/repeal/", views.document_repeal, name="document_repeal"),
    path("documents/<int:document_id>/amend/", views.document_amend, name="document_amend"),
    path("decisions/", views.decisions_now, name="decisions_now"),
    path("decisions/<int:year>/", views.decisions, name="decisions"),
    path("decisions/import/", views.decisions_import, name="decisions_import"),
    path("decisions/import/template.csv", views.decisions_template, name="decisions_template"),
    path("fees/", views.fees_now, name="fees_now"),
    path("fees/<int:year>/", views.fees, name="fees"),
]
