"""Routes of case letters and letter templates (added to ``applications.urls``)."""

from django.urls import path

from gongkai.applications import views_letters

CASE = "workspace/bodies/<int:body_id>/applications/<int:application_id>/letters/"

urlpatterns = [
    path(
        "applications/track/<str:number>/reply.pdf", views_letters.track_reply, name="track_reply"
    ),
    path(
        "applications/track/<str:number>/reply/<str:signature>.pdf",
        views_letters.reply_signed,
        name="reply_signed",
    ),
    path(f"{CASE}new/", views_letters.letter_new, name="letter_new"),
    path(
        f"{CASE}<int:letter_id>.<str:fmt>",
        views_letters.letter_file,
        name="letter_file",
    ),
    path(
        f"{CASE}<int:letter_id>/delivery/",
        views_letters.letter_delivery,
        name="letter_delivery",
    ),
    path(
        "workspace/bodies/<int:body_id>/letters/",
        views_letters.templates,
        name="letter_templates",
    ),
    path(
        "workspace/bodies/<int:body_id>/letters/<slug:kind>.docx",
        views_letters.template_file,
        name="letter_template_file",
    ),
]
