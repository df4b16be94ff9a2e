from django.urls import path

from campaigns.views import blocks, movements, notifications, reviews

app_name = "campaigns"

urlpatterns = [
    # Movements, stages, registrations
    path("movements/", movements.movement_list, name="movement_list"),
    path("movements/new/", movements.movement_create, name="movement_create"),
    path("movements/<int:pk>/", movements.movement_detail, name="movement_detail"),
    path("movements/<int:pk>/plan/", movements.movement_plan_download, name="movement_plan"),
    path("movements/<int:pk>/edit/", movements.movement_edit, name="movement_edit"),
    path("movements/<int:pk>/participants/", movements.movement_participants, name="movement_participants"),
    path("movements/<int:pk>/close/", movements.movement_close, name="movement_close"),
    path("movements/<int:pk>/registrations/", movements.registration_status, name="registration_status"),
    path("movements/<int:pk>/periods/new/", movements.period_create, name="period_create"),
    path("stages/", movements.stage_list, name="stage_list"),
    path("stages/new/", movements.stage_create, name="stage_create"),
    path("stages/<int:pk>/", movements.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/close/", movements.stage_close, name="stage_close"),
    path("registrations/<int:pk>/", movements.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/reopen/", movements.registration_reopen, name="registration_reopen"),
    # Periods and reviews
    path("periods/", movements.period_list, name="period_list"),
    path("periods/<int:pk>/", reviews.period_detail, name="period_detail"),
    path("periods/<int:pk>/edit/", movements.period_edit, name="period_edit"),
    path("periods/<int:pk>/open/", movements.period_open, name="period_open"),
    path("periods/<int:pk>/close/", movements.period_close, name="period_close"),
    path("periods/<int:pk>/export.xlsx", reviews.period_export, name="period_export"),
    path("periods/<int:pk>/accept/", reviews.period_accept_many, name="period_accept_many"),
    path("periods/<int:pk>/remind/", reviews.period_remind_late, name="period_remind_late"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/return/", reviews.review_return, name="review_return"),
    path("reviews/<int:pk>/accept/", reviews.review_accept, name="review_accept"),
    path("reviews/<int:pk>/extend/", reviews.review_extend, name="review_extend"),
    path("reviews/<int:pk>/evidence/", reviews.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", reviews.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", reviews.evidence_delete, name="evidence_delete"),
    # Blocks at year end
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/<slug:code>/<int:year>/", blocks.block_year, name="block_year"),
    path("blocks/<slug:code>/<int:year>/criteria/", blocks.block_criteria, name="block_criteria"),
    path("blocks/<slug:code>/<int:year>/score/", blocks.block_score, name="block_score"),
    path("blocks/<slug:code>/<int:year>/vote/", blocks.block_vote, name="block_vote"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/preferences/", notifications.notification_preferences, name="notification_preferences"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
]
