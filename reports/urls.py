from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    path("summary/docx/", views.summary_docx_view, name="summary_docx"),
    path("<str:form>/", views.form_detail, name="form"),
    path("<str:form>/records/", views.form_cell, name="cell"),
    path("<str:form>/xlsx/", views.form_xlsx, name="form_xlsx"),
    path("<str:form>/docx/", views.form_docx, name="form_docx"),
]
