"""Public pages of annual reports: a published report as a page, DOCX and PDF.

The 年报 part itself (``bodies/<id>/annual-reports/``) is the portal's ``column_part``, which
delegates to ``views_public.annual_reports_part``.
"""

from django.urls import URLPattern, URLResolver, path

from gongkai.annual_reports import views_public

app_name = "annual_reports_public"
YEAR = "bodies/<int:body_id>/annual-reports/<int:year>"
urlpatterns: list[URLPattern | URLResolver] = [
    path(YEAR + "/", views_public.report_page, name="report"),
    path(YEAR + ".docx", views_public.report_file, {"kind": "docx"}, name="docx"),
    path(YEAR + ".pdf", views_public.report_file, {"kind": "pdf"}, name="pdf"),
    path(YEAR + "/summary/", views_public.report_page, {"summary": True}, name="summary"),
    path(
        YEAR + "/summary.docx",
        views_public.report_file,
        {"kind": "docx", "summary": True},
        name="summary_docx",
    ),
    path(
        YEAR + "/summary.pdf",
        views_public.report_file,
        {"kind": "pdf", "summary": True},
        name="summary_pdf",
    ),
]
