"""Council pages (namespace ``council``) and the public pages without login (namespace ``public``)."""

from django.urls import include, path

from council import bundle_views, register_views, views

app_name = "council"

urlpatterns = [
    path("", views.my_council, name="my_council"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_plan, name="session_plan"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/open/", views.session_open, name="session_open"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("sessions/<int:pk>/items/<int:item_pk>/vote/", views.ballot_cast, name="ballot_cast"),
    path("sessions/<int:pk>/vote/", views.ballot_cast_all, name="ballot_cast_all"),
    path("sessions/<int:pk>/lists/<int:item_pk>/", views.list_detail, name="list_detail"),
    path("sessions/<int:pk>/items/<int:item_pk>/pull-out/", views.line_pull_out, name="line_pull_out"),
    path("sessions/<int:pk>/items/<int:item_pk>/written/", views.ballot_written, name="ballot_written"),
    path("sessions/<int:pk>/items/<int:item_pk>/paper/", views.ballot_paper, name="ballot_paper"),
    path("sessions/<int:pk>/minutes.docx", views.minutes, name="minutes_docx"),
    path("sessions/<int:pk>/minutes.pdf", register_views.minutes_pdf, name="minutes_pdf"),
    path("sessions/<int:pk>/decision/", views.decision_create, name="decision_create"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/decision.pdf", register_views.decision_pdf, name="decision_pdf"),
    path("documents/pdf/<int:job_pk>/", register_views.pdf_job, name="pdf_job"),
    path("documents/pdf/<int:job_pk>/file.pdf", register_views.pdf_job_file, name="pdf_job_file"),
    path("decisions/<int:pk>/payout.xlsx", register_views.decision_payout, {"fmt": "xlsx"}, name="payout_xlsx"),
    path("decisions/<int:pk>/payout.pdf", register_views.decision_payout, {"fmt": "pdf"}, name="payout_pdf"),
    path("decisions/<int:pk>/certificates/", register_views.certificate_batch_start, name="certificate_batch_start"),
    path("decisions/<int:pk>/certificates/<int:batch_pk>/", register_views.certificate_batch, name="certificate_batch"),
    path(
        "decisions/<int:pk>/certificates/<int:batch_pk>/file.pdf",
        register_views.certificate_batch_file,
        name="certificate_batch_file",
    ),
    path("golden-book/", register_views.golden_book, name="golden_book"),
    path("fund/", register_views.fund, name="fund"),
    path("fund/income/", register_views.fund_income, name="fund_income"),
    path("fund/recovered/<int:entry_pk>/", register_views.reward_recovered, name="reward_recovered"),
    path("decisions/<int:pk>/entries/<int:entry_pk>/certificate.pdf", views.certificate, name="certificate"),
    path("decisions/<int:pk>/entries/<int:entry_pk>/revoke/", views.entry_revoke, name="entry_revoke"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/outcome/", views.proposal_outcome, name="proposal_outcome"),
    path("bundles/", bundle_views.bundle_list, name="bundle_list"),
    path("bundles/new/", bundle_views.bundle_create, name="bundle_create"),
    path("bundles/<int:pk>/", bundle_views.bundle_detail, name="bundle_detail"),
    path("bundles/<int:pk>/send/", bundle_views.bundle_send, name="bundle_send"),
    path("bundles/<int:pk>/received/", bundle_views.bundle_received, name="bundle_received"),
    path("bundles/<int:pk>/lines/<int:line_pk>/return/", bundle_views.line_return, name="bundle_line_return"),
    path("bundles/<int:pk>/to-trinh.docx", bundle_views.bundle_docx, name="bundle_docx"),
    path("bundles/<int:pk>/danh-sach.xlsx", bundle_views.bundle_xlsx, name="bundle_xlsx"),
    path("bundles/<int:pk>/ho-so.zip", bundle_views.bundle_zip, name="bundle_zip"),
    path("bundles/<int:pk>/outcomes/", bundle_views.bundle_import, name="bundle_import"),
    path("objections/", views.objection_list, name="objection_list"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]

public_urlpatterns = [
    path("cong-khai/", views.public_notice_page, name="notice"),
    path("ket-qua-khen-thuong/", register_views.public_results, name="results"),
    path("cong-khai/<int:pk>/phan-anh/", views.public_objection, name="objection"),
    path("xac-minh/<str:token>/", views.verify, name="verify"),
]

public = include((public_urlpatterns, "public"))
