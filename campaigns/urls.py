from django.urls import path

from campaigns import views, views_notifications

app_name = "campaigns"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/read-all/", views_notifications.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views_notifications.notification_read, name="notification_read"),
]
