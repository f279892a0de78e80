"""Counter rating pages: the officer's invitation and the touch screen."""

from django.urls import path

from motcua.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.invite, name="invite"),
    path("<str:token>/", views.kiosk, name="kiosk"),
]
