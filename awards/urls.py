from django.urls import path

from awards import import_views, registration_views, submission_views, views

app_name = "awards"

urlpatterns = [
    path("eligibility/", views.eligibility, name="eligibility"),
    path("statistics/", views.statistics, name="statistics"),
    path("people/", views.person_list, name="people"),
    path("people/<str:code>/", views.person_detail, name="person_detail"),
    path("history/<slug:code>/", views.unit_history, name="unit_history"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/screen/", views.nomination_screen_many, name="nomination_screen_many"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/check/", views.nomination_check, name="nomination_check"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/upload/", views.nomination_upload, name="nomination_upload"),
    path("nominations/<int:pk>/files/<int:file_id>/", views.nomination_file, name="nomination_file"),
    path(
        "nominations/<int:pk>/files/<int:file_id>/remove/", views.nomination_remove_file, name="nomination_remove_file"
    ),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/screen/", views.nomination_screen, name="nomination_screen"),
    path("nominations/<int:pk>/return/", views.nomination_return, name="nomination_return"),
    path("registrations/", registration_views.title_registrations, name="title_registrations"),
    path("registrations/add/", registration_views.title_registration_add, name="title_registration_add"),
    path("registrations/shortcut/", registration_views.title_registration_shortcut, name="title_registration_shortcut"),
    path("registrations/decide/", registration_views.title_registration_decide, name="title_registration_decide"),
    path("registrations/import/", registration_views.title_registration_import, name="title_registration_import"),
    path(
        "registrations/<int:pk>/remove/", registration_views.title_registration_remove, name="title_registration_remove"
    ),
    path(
        "registrations/<int:pk>/reregister/",
        registration_views.title_registration_reregister,
        name="title_registration_reregister",
    ),
    path("registered-achieved/", registration_views.registered_achieved, name="registered_achieved"),
    path("submissions/", submission_views.submission_list, name="submission_list"),
    path("submissions/new/", submission_views.submission_create, name="submission_create"),
    path("submissions/<int:pk>/", submission_views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", submission_views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/lines/add/", submission_views.submission_add_line, name="submission_add_line"),
    path(
        "submissions/<int:pk>/lines/registered/",
        submission_views.submission_add_registered,
        name="submission_add_registered",
    ),
    path("submissions/<int:pk>/lines/rated/", submission_views.submission_add_rated, name="submission_add_rated"),
    path(
        "submissions/<int:pk>/lines/remove/", submission_views.submission_remove_lines, name="submission_remove_lines"
    ),
    path("submissions/<int:pk>/submit/", submission_views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/screen/", submission_views.submission_screen, name="submission_screen"),
    path("submissions/<int:pk>/return/", submission_views.submission_return, name="submission_return"),
    path("submissions/<int:pk>/import/", submission_views.submission_import, name="submission_import"),
    path(
        "submissions/<int:pk>/import/review/",
        submission_views.submission_import_review,
        name="submission_import_review",
    ),
    path("import/", views.import_upload, name="import"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/history/", import_views.import_history, name="import_history"),
    path("import/history/<int:pk>/", import_views.import_history_detail, name="import_history_detail"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
