from django.urls import path

from organisation import document_views, views

app_name = "organisation"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("documents/<slug:kind>/<int:pk>.docx", document_views.document_docx, name="document_docx"),
    path("documents/<slug:kind>/<int:pk>/pdf", document_views.document_pdf, name="document_pdf"),
    path("documents/pdf/jobs/<int:job_pk>/", document_views.document_job, name="document_job"),
    path("documents/pdf/jobs/<int:job_pk>/file.pdf", document_views.document_job_file, name="document_job_file"),
]
