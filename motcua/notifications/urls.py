"""Officer pages of the notifications: their alerts."""

from django.urls import path

from motcua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.alerts, name="alerts"),
]
